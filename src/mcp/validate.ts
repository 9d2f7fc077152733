/**
 * Tool arguments checked against the API's generated input schema before anything is sent, with
 * errors a model can act on: which parameter, what was expected, what was given, what it might have
 * meant. Validators are compiled lazily, one per parameter schema: a session touches a few APIs,
 * not 859.
 *
 * The work is bounded whatever the arguments: names longer than MAX_NAME_LENGTH are reported as too
 * long before any per-character work, each parameter stops at its first error, at most
 * MAX_PROBLEMS problems are described (and "did you mean" looked up) and the rest counted, and
 * values are previewed a few characters at most — never at all for a secret, whose type is told
 * instead.
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { newAjv } from '../lazy-ajv.ts';
import type { ApiModel, JsonSchema, MapShape, ParamModel } from '../model/types.ts';
import { isSecretName } from '../safety/mask.ts';
import { clip, listSome, MAX_NAME_LENGTH, MAX_PROBLEMS, preview, quote, shapeOf, tooLong } from './echo.ts';

export interface ArgumentProblem {
  param: string;
  message: string;
}

type Json = Record<string, unknown>;

export class ArgumentValidator {
  // First error only, per parameter: a list of a million wrong items costs one error, not a million.
  private ajvInstance?: Ajv;
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  /** Returns the problems with `args` for `api` (empty when they are valid). */
  check(api: ApiModel, schema: JsonSchema, args: Json): ArgumentProblem[] {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const problems = new BoundedProblems();
    const unknown: ArgumentProblem[] = [];
    for (const name of Object.keys(args)) {
      const long = tooLong('parameter name', name);
      if (long) {
        problems.add({ param: clip(name), message: `${long}: ${quote(name, 40)}` });
        continue;
      }
      if (!Object.hasOwn(properties, name)) {
        if (schema.additionalProperties !== false) continue;
        if (api.serverLacks?.params.includes(name)) {
          // CloudStack ignores parameters it does not know: sent, the call would "succeed" without it.
          problems.add({
            param: name,
            message: `parameter ${quote(name)} is not known to the connected CloudStack (${api.serverLacks.version}); it came with a newer version, so the server would ignore it`,
          });
          continue;
        }
        const problem = { param: name, message: `unknown parameter ${quote(name)}` };
        if (problems.add(problem)) unknown.push(problem);
        continue;
      }
      const value = args[name];
      if (value === undefined) continue;
      const problem = this.checkParam(api, name, properties[name], value, args);
      if (problem) problems.add(problem);
    }
    for (const name of (schema.required ?? []) as string[]) {
      if (args[name] !== undefined && Object.hasOwn(args, name)) continue;
      const spec = api.params.find((p) => p.name === name);
      problems.add({
        param: name,
        message: `missing required parameter ${quote(name)}${spec ? ` (${spec.type}: ${clip(spec.description || 'no description', 200)})` : ''}`,
      });
    }
    // "Did you mean" only for the names reported, each at most MAX_NAME_LENGTH long.
    const known = Object.keys(properties);
    for (const problem of unknown) {
      const guess = closest(problem.param, known);
      if (guess) problem.message += ` (did you mean ${quote(guess)}?)`;
    }
    return problems.list();
  }

  private checkParam(api: ApiModel, name: string, schema: JsonSchema, value: unknown, args: Json): ArgumentProblem | undefined {
    let validate = this.compiled.get(schema);
    if (!validate) {
      this.ajvInstance ??= newAjv({ allErrors: false, strict: false, verbose: true });
      validate = this.ajvInstance.compile(schema);
      this.compiled.set(schema, validate);
    }
    const spec = api.params.find((p) => p.name === name);
    // A key/value map also takes one object of entries ({env: "prod"}), as the encoder sends it.
    const shorthand = spec?.type === 'map' ? entriesOf(value, spec.mapShape) : undefined;
    if (validate(shorthand ? shorthand.items : value)) return undefined;
    const secret = isSecretArg(spec, name, args);
    return { param: name, message: describeFailure(name, spec, shorthand ? shorthand.items : value, validate.errors ?? [], secret, shorthand?.keys) };
  }
}

/** Deeper than any CloudStack parameter (a map is an array of objects of scalars) by far. */
export const MAX_NESTING = 32;

/**
 * The first argument nested deeper than MAX_NESTING levels, as a problem: checked without
 * recursion before anything walks the arguments recursively (masking, validation, encoding).
 */
export function nestingProblem(args: Json): ArgumentProblem | undefined {
  for (const [name, value] of Object.entries(args)) {
    if (value === null || typeof value !== 'object') continue;
    const stack: Array<[unknown, number]> = [[value, 1]];
    while (stack.length > 0) {
      const [current, depth] = stack.pop()!;
      if (depth > MAX_NESTING) {
        return { param: clip(name), message: `parameter ${quote(name)} is nested too deeply (more than ${MAX_NESTING} levels of arrays and objects)` };
      }
      for (const child of Array.isArray(current) ? current : Object.values(current as Json)) {
        if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
      }
    }
  }
  return undefined;
}

/** At most MAX_PROBLEMS problems, then one line counting the rest. */
class BoundedProblems {
  private readonly problems: ArgumentProblem[] = [];
  private more = 0;

  /** Adds a problem; false when it is only counted. */
  add(problem: ArgumentProblem): boolean {
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push(problem);
      return true;
    }
    this.more++;
    return false;
  }

  list(): ArgumentProblem[] {
    return this.more === 0
      ? this.problems
      : [...this.problems, { param: '…', message: `and ${this.more} more problem${this.more === 1 ? '' : 's'} (fix these first)` }];
  }
}

/** Whether a value must not be shown: CloudStack's sensitive params and names that say "secret". */
function isSecretArg(spec: ParamModel | undefined, name: string, args: Json): boolean {
  return (
    spec?.sensitive === true ||
    isSecretName(name) ||
    // Setting-style calls (updateConfiguration name=ldap.bind.password value=…): the name says it.
    (name === 'value' && typeof args.name === 'string' && isSecretName(args.name))
  );
}

/**
 * The items of a key/value (or name/value) map given as one object of entries, as the encoder
 * reads it (src/cloudstack/encode.ts): `{env: "prod"}` is `[{key: "env", value: "prod"}]`, an
 * object that already is one item stays one.
 */
function entriesOf(value: unknown, shape: MapShape | undefined): { items: Json[]; keys: string[] } | undefined {
  const fields = shape === 'key-value' ? ['key', 'value'] : shape === 'name-value' ? ['name', 'value'] : undefined;
  if (!fields || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.includes(fields[0]) && keys.every((k) => fields.includes(k))) return undefined;
  return { items: keys.map((k) => ({ [fields[0]]: k, [fields[1]]: (value as Json)[k] })), keys };
}

/**
 * One line about the first thing wrong with a parameter: where inside the value (item 2, field
 * "x", entry "env"), what was expected, and what was given (its shape only, for a secret).
 */
function describeFailure(
  name: string,
  spec: ParamModel | undefined,
  value: unknown,
  errors: ErrorObject[],
  secret: boolean,
  entryKeys: string[] | undefined,
): string {
  // The deepest error says most: with anyOf([array of items], item), an item's bad field is deeper
  // than "is not an object".
  const concrete = errors.filter((e) => !['anyOf', 'oneOf', 'allOf', 'if', 'not'].includes(e.keyword));
  const candidates = concrete.length > 0 ? concrete : errors;
  const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length - 1);
  const deepest = Math.max(0, ...candidates.map(depth));
  const here = candidates.filter((e) => depth(e) === deepest);
  const error = here[0];
  const segments = error && error.instancePath ? error.instancePath.split('/').slice(1).map(unescapePointer) : [];

  // Where: the parameter, then each step into its value.
  let where = `parameter ${quote(name)}`;
  let leaf: unknown = value;
  let hidden = secret;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (Array.isArray(leaf)) {
      const index = Number(segment);
      if (i === 0 && entryKeys && entryKeys[index] !== undefined) {
        where += ` entry ${quote(entryKeys[index])}`;
        hidden ||= isSecretName(entryKeys[index]);
        leaf = leaf[index];
        // {key, value} of the shorthand: the entry is the value.
        if (segments[i + 1] === 'value') {
          i++;
          leaf = (leaf as Json | undefined)?.value;
        }
        continue;
      }
      where += ` item ${clip(segment, 12)}`;
      leaf = leaf[index];
      hidden ||= isSecretPair(leaf);
    } else {
      where += ` field ${quote(segment, 40)}`;
      hidden ||= isSecretName(segment);
      leaf = leaf !== null && typeof leaf === 'object' ? (leaf as Json)[segment] : undefined;
    }
  }
  const got = hidden ? shapeOf(leaf) : preview(leaf);

  if (!error) return `${where} is invalid, got ${got}`;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      const allowed = Object.keys(((error.parentSchema as JsonSchema | undefined)?.properties as Json | undefined) ?? {});
      return `${where} has an unknown field ${quote(field, 40)}${allowed.length ? ` (the fields are ${listSome(allowed)})` : ''}`;
    }
    case 'required':
      return `${where} is missing the field ${quote(String(error.params.missingProperty))}`;
    case 'type': {
      if (segments.length === 0 && spec) {
        const expected = rootExpectation(spec);
        if (expected) return `${where} ${expected}, got ${got}`;
      }
      const types = [...new Set(here.filter((e) => e.keyword === 'type').map((e) => String(e.params.type)))];
      return `${where} must be ${typeList(types)}, got ${got}`;
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      return `${where} must be one of ${listSome(allowed)}, got ${got}`;
    }
    case 'maxLength':
      return `${where} must be at most ${error.params.limit} characters, got ${typeof leaf === 'string' ? leaf.length : got}`;
    case 'minLength':
      return `${where} must be at least ${error.params.limit} characters, got ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${where} must be ${error.params.comparison} ${error.params.limit}, got ${got}`;
  }
  return `${where} ${error.message ?? 'is invalid'}, got ${got}`;
}

/** `{key: "password", value: …}`-style items hide their value. */
function isSecretPair(item: unknown): boolean {
  if (item === null || typeof item !== 'object') return false;
  const record = item as Json;
  const pairName = typeof record.key === 'string' ? record.key : typeof record.name === 'string' ? record.name : undefined;
  return pairName !== undefined && pairName.length <= MAX_NAME_LENGTH && isSecretName(pairName);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function typeList(types: string[]): string {
  const names = types.map((t) => (t === 'integer' ? 'whole number' : t));
  if (names.length === 0) return 'of another type';
  const article = /^[aeiou]/.test(names[0]) ? 'an' : 'a';
  const joined = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `${article} ${joined}`;
}

/** What a parameter of this type takes, said the way its description says it. */
function rootExpectation(spec: ParamModel): string | undefined {
  switch (spec.type) {
    case 'list':
      return 'must be an array of strings or a comma-separated string';
    case 'map':
      switch (spec.mapShape) {
        case 'key-value':
          return 'must be an array of {key, value} objects or one object of entries (e.g. [{"key":"env","value":"prod"}] or {"env":"prod"})';
        case 'name-value':
          return 'must be an array of {name, value} objects or one such object (e.g. [{"name":"x","value":"1"}])';
        default:
          return 'must be an array of objects with string values or one such object (e.g. [{"field":"value"}] or {"field":"value"})';
      }
    case 'boolean':
      return 'must be true or false';
    case 'integer':
    case 'long':
    case 'short':
      return 'must be a whole number';
    case 'double':
    case 'float':
      return 'must be a number';
  }
  return undefined;
}

/**
 * The known name nearest to a misspelt one, when it is near enough to be a likely typo (or one
 * contains the other). Names longer than MAX_NAME_LENGTH get no suggestion; candidates too far
 * apart in length are skipped before any comparison.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return undefined;
  const target = name.toLowerCase();
  const near = Math.max(2, Math.floor(target.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const gap = Math.abs(lower.length - target.length);
    // One inside the other: the distance is the difference in length.
    const contains = target.length >= 3 && lower.length >= 3 && (lower.includes(target) || target.includes(lower));
    const bound = best ? Math.min(best.distance - 1, contains ? gap : near) : contains ? gap : near;
    if (gap > bound) continue;
    const distance = contains ? gap : editDistance(target, lower, bound);
    if (distance <= bound) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Levenshtein distance, or `limit + 1` as soon as it is sure to exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    let rowMin = row[0];
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
      if (row[j] < rowMin) rowMin = row[j];
    }
    if (rowMin > limit) return limit + 1;
  }
  return row[b.length];
}
