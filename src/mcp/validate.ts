/**
 * Tool arguments checked against the API's generated input schema before anything is sent, with
 * errors a model can act on: which parameter, what was expected, what was given, what it might have
 * meant. Validators are compiled lazily: a session touches a few APIs, not 859.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ApiModel, JsonSchema } from '../model/types.ts';

export interface ArgumentProblem {
  param: string;
  message: string;
}

export class ArgumentValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  /** Returns the problems with `args` for `api` (empty when they are valid). */
  check(api: ApiModel, schema: JsonSchema, args: Record<string, unknown>): ArgumentProblem[] {
    let validate = this.compiled.get(api.name);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(api.name, validate);
    }
    if (validate(args)) return [];
    return describeErrors(api, validate.errors ?? [], args);
  }
}

/** Turns ajv's errors into one line per parameter, dropping the noise of anyOf branches. */
export function describeErrors(api: ApiModel, errors: ErrorObject[], args: Record<string, unknown>): ArgumentProblem[] {
  const byParam = new Map<string, ArgumentProblem>();
  const known = api.params.map((p) => p.name);
  for (const error of errors) {
    const param = paramOf(error);
    if (error.keyword === 'additionalProperties') {
      const name = String(error.params.additionalProperty);
      const guess = closest(name, known);
      byParam.set(name, {
        param: name,
        message: `unknown parameter "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
      });
      continue;
    }
    if (error.keyword === 'required') {
      const name = String(error.params.missingProperty);
      if (param) continue; // a nested required (inside a map item) is reported below as a shape error
      const spec = api.params.find((p) => p.name === name);
      byParam.set(name, {
        param: name,
        message: `missing required parameter "${name}"${spec ? ` (${spec.type}: ${spec.description || 'no description'})` : ''}`,
      });
      continue;
    }
    if (!param || byParam.has(param)) continue;
    const spec = api.params.find((p) => p.name === param);
    byParam.set(param, {
      param,
      message: `parameter "${param}" ${expectation(spec?.type, error)}, got ${preview(args[param])}`,
    });
  }
  return [...byParam.values()].sort((a, b) => a.param.localeCompare(b.param));
}

/** The top-level parameter an error is about (`/zoneid`, `/tags/0/key` → tags). */
function paramOf(error: ErrorObject): string | undefined {
  const first = error.instancePath.split('/')[1];
  return first ? first.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

function expectation(type: string | undefined, error: ErrorObject): string {
  switch (type) {
    case 'list':
      return 'must be an array of strings or a comma-separated string';
    case 'map':
      return 'must be an array of objects (e.g. [{"key":"env","value":"prod"}]) or one object';
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
  if (error.keyword === 'maxLength') return `must be at most ${error.params.limit} characters`;
  if (error.keyword === 'enum') return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'type') return `must be of type ${error.params.type}`;
  return error.message ?? 'is invalid';
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/** The known name nearest to a misspelt one, when it is near enough to be a likely typo. */
export function closest(name: string, candidates: string[]): string | undefined {
  const target = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(target, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  if (!best) return undefined;
  const near = best.distance <= Math.max(2, Math.floor(target.length / 3));
  const contains = target.length >= 3 && (best.name.includes(target) || target.includes(best.name));
  return near || contains ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
