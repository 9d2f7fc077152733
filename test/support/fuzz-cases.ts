/**
 * Invalid tool arguments, generated deterministically from a seed (issue 11's fuzz suite): for an
 * API's params, argument objects that are wrong in one way each — a wrong type, a missing required
 * param, an unknown key, a huge string, odd unicode, nested junk, a prototype key, an array for a
 * scalar, a secret in the wrong shape, arguments that are not an object — and the same for the
 * meta-tools. Every API case is checked here against the API's full input schema (what the server
 * validates with, src/model/schema.ts): a case that the schema would accept is a bug of this
 * generator and throws, so every case the fuzz sends is invalid by construction, not by hope.
 *
 * Each case says how the server must answer (a tool error, or a JSON-RPC error for arguments that
 * are not an object), which words of the answer name the offending parameter, and which secret
 * markers it carries: none of them, nor their first 8 characters, may come back.
 *
 * test/e2e/fuzz.test.ts runs a seeded sample; scripts/fuzz.ts (`npm run fuzz`) sweeps every tool.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { toolInputSchema } from '../../src/model/schema.ts';
import type { ApiModel, ParamModel } from '../../src/model/types.ts';
import { MAX_FILTER_FIELDS } from '../../src/mcp/control-args.ts';
import { isAutoApprovableRead, MAX_QUERY_LENGTH } from '../../src/mcp/discovery.ts';
import { MAX_NAME_LENGTH } from '../../src/mcp/echo.ts';
import { MAX_NESTING } from '../../src/mcp/validate.ts';
import { sampleArgs } from './sample-args.ts';

export const FUZZ_KINDS = [
  'wrong-type',
  'missing-required',
  'unknown-key',
  'huge-string',
  'odd-unicode',
  'nested-junk',
  'prototype-key',
  'array-for-scalar',
  'secret',
  'not-an-object',
] as const;
export type FuzzKind = (typeof FUZZ_KINDS)[number];

export interface FuzzCase {
  /** Unique within a run: tool, kind and a short label. */
  id: string;
  kind: FuzzKind;
  /** The MCP tool called. */
  tool: string;
  /** The CloudStack API the arguments are for (dedicated tools and the call tools). */
  api?: string;
  /** What is wrong, in a few words (for reports). */
  label: string;
  /** The tool call's `arguments` as sent (an object, except for kind not-an-object). */
  arguments: unknown;
  /** tool-error: a result with isError; rpc-error: a JSON-RPC error (-32602). */
  expect: 'tool-error' | 'rpc-error';
  /** The answer names the problem when its text contains one of these. */
  names: string[];
  /** Secret marker values inside the arguments: none of them, nor its first 8 characters, may come back. */
  secrets: string[];
  /** Set when the case hits a known server defect (see test/e2e/fuzz.test.ts). */
  knownDefect?: string;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a tiny, well-known 32-bit PRNG; the same seed gives the same cases everywhere. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, k);
  }
  /** A derived generator (so that one API's cases do not depend on how many another had). */
  fork(salt: string): Rng {
    let h = this.state ^ 0x9e3779b9;
    for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193);
    return new Rng(h >>> 0);
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A secret-like marker: 28 random letters and digits after a fixed tag. Its first 8 characters are
 * random too (the tag comes last), so a leaked prefix cannot match anything by chance.
 */
export function secretMarker(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 28; i++) s += ALNUM[rng.int(ALNUM.length)];
  return `${s}-FuzzSecret`;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/** One megabyte of ASCII, shared (the server receives a new copy every call anyway). */
export const ONE_MB = 1024 * 1024;
const HUGE = 'h'.repeat(ONE_MB);

/**
 * Characters that trip naive text handling, each one Unicode code point for ajv's maxLength (which
 * counts code points, so a string of N of them is exactly N long): RTL override, NUL, emoji, lone
 * high and low surrogates (kept apart from each other so they never pair), zero-width space,
 * combining accent, BOM, a fullwidth letter, a control character.
 */
const ODD_UNITS = ['\u202E', '\u0000', '😀', '\uD800', 'x', '\u200B', '\u0301', '\uFEFF', 'ｚ', '\uDFFF', '\u0007', 'é'];

/** A string of exactly `n` code points of odd characters. */
function oddString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ODD_UNITS[i % ODD_UNITS.length];
  return s;
}

/** Unknown parameter names made of odd unicode (none is a CloudStack param: they are all ASCII). */
function oddKeys(near: string): string[] {
  return [
    `\u202E${near}`, // RTL override in front of a real name
    `${near}\u200B`, // zero-width space after it
    `${near.slice(0, 2)}\u0000${near.slice(2)}`, // NUL inside
    '\uD800', // a lone high surrogate
    `\uDFFF${near}`, // a lone low surrogate
    '😀', // emoji
    [...near].map((c) => String.fromCodePoint((c.codePointAt(0) ?? 0x61) + 0xfee0)).join(''), // fullwidth look-alike
    `${near}\u0301`, // combining accent
    `\uFEFF${near}`, // BOM
    '', // the empty name
  ];
}

/** `[[[ … leaf … ]]]`, `depth` arrays deep. */
function deepArray(depth: number, leaf: unknown = 'x'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** `{a: {a: … leaf …}}`, `depth` objects deep. */
function deepObject(depth: number, leaf: unknown = 'x'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Mixed junk a few levels deep (never deeper than MAX_NESTING). */
const JUNK = { a: [1, { b: null, c: [true, 'x', { d: [] }] }], e: { f: { g: 'h' } } };

/** An object with an own property of any name (`{__proto__: v}` as a literal would set the prototype). */
function own(entries: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** `base` with `name` set (as an own property, whatever the name). */
function withArg(base: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  return own([...Object.entries(base).filter(([k]) => k !== name), [name, value]]);
}

/** How an answer quotes a name: JSON-quoted, and cut after 40 characters when long (src/mcp/echo.ts). */
export function quoted(name: string): string {
  if (name.length <= 40) return JSON.stringify(name);
  // The start of the quoted name, without its closing quote: `"abc…`.
  return JSON.stringify(name.slice(0, 40)).slice(0, -1);
}

/** Whether a value nests deeper than the server's MAX_NESTING (which it refuses whatever the schema). */
export function nestsTooDeep(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > MAX_NESTING) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The schema check: every API case must be invalid

const ajv = new Ajv({ strict: false, allErrors: false });
const validators = new WeakMap<ApiModel, ValidateFunction>();

function validatorOf(api: ApiModel): ValidateFunction {
  let v = validators.get(api);
  if (!v) {
    v = ajv.compile(toolInputSchema(api));
    validators.set(api, v);
  }
  return v;
}

/** The server's checks of its control arguments (src/mcp/call.ts, src/mcp/control-args.ts). */
function controlArgsInvalid(args: Record<string, unknown>): boolean {
  const { filter, wait, confirm } = args;
  if (filter !== undefined && (!Array.isArray(filter) || filter.some((f) => typeof f !== 'string'))) return true;
  if (Array.isArray(filter) && (filter.length > MAX_FILTER_FIELDS || filter.some((f) => typeof f === 'string' && f.length > MAX_NAME_LENGTH))) return true;
  if (wait !== undefined && typeof wait !== 'boolean') return true;
  if (confirm !== undefined && (typeof confirm !== 'string' || confirm.length > MAX_NAME_LENGTH)) return true;
  return false;
}

/**
 * Whether these arguments of a dedicated tool are invalid for the API, as they arrive (after a
 * JSON round trip): a control argument of the wrong type or size, nesting deeper than the server
 * takes, or anything the API's full input schema refuses.
 */
export function invalidForApi(api: ApiModel, args: Record<string, unknown>): boolean {
  const wire = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
  if (controlArgsInvalid(wire)) return true;
  const params = own(Object.entries(wire).filter(([k]) => k !== 'filter' && k !== 'wait' && k !== 'confirm'));
  if (Object.values(params).some(nestsTooDeep)) return true;
  return !validatorOf(api)(params);
}

// ---------------------------------------------------------------------------------------------
// API cases

export interface ApiCaseOptions {
  /** Every variant of every kind (the sweep), or one rng-chosen variant per param and kind (default). */
  all?: boolean;
}

type Variant = { label: string; value: unknown; secrets?: string[] };

const SCALAR = new Set(['string', 'uuid', 'date', 'integer', 'number', 'boolean']);

/**
 * Values of the wrong JSON type for a param's encoding. Why each is invalid: the schema of a
 * string/uuid/date param is `type: string`; integer `type: integer` (no coercion: "12" is a string,
 * 1.5 is not whole); number `type: number`; boolean `type: boolean` ("true" is a string); list
 * `anyOf [array of strings, string]` (a number, an object, an array of numbers are neither); map
 * `anyOf [array of objects, object]` (a number, a bare string, an array of strings are neither);
 * object `anyOf [string, object]` (a number or boolean is neither); null matches no param type.
 */
function wrongTypes(p: ParamModel): Variant[] {
  switch (p.encoding) {
    case 'string':
    case 'uuid':
    case 'date': {
      const out: Variant[] = [
        { label: 'number for a string', value: 42 },
        { label: 'boolean for a string', value: true },
        { label: 'object for a string', value: { value: 'x' } },
        { label: 'null', value: null },
      ];
      // An enum param (override-listed values): a string outside the list.
      if (p.enum) out.push({ label: 'value outside the enum', value: 'not-one-of-the-values' });
      return out;
    }
    case 'integer': {
      const out: Variant[] = [
        { label: 'numeric string for an integer', value: '12' },
        { label: 'fraction for an integer', value: 1.5 },
        { label: 'boolean for an integer', value: true },
        { label: 'object for an integer', value: { n: 1 } },
        { label: 'null', value: null },
      ];
      // A short (type short): the schema bounds it to -32768..32767.
      if (p.type === 'short') out.push({ label: 'short out of range', value: 40_000 });
      return out;
    }
    case 'number':
      return [
        { label: 'numeric string for a number', value: '1.5' },
        { label: 'boolean for a number', value: false },
        { label: 'object for a number', value: { n: 1 } },
      ];
    case 'boolean':
      return [
        { label: 'string "true" for a boolean', value: 'true' },
        { label: 'number for a boolean', value: 1 },
        { label: 'object for a boolean', value: { b: true } },
        { label: 'null', value: null },
      ];
    case 'list':
      return [
        { label: 'number for a list', value: 42 },
        { label: 'boolean for a list', value: true },
        { label: 'object for a list', value: { a: 'b' } },
        { label: 'array of numbers for a list of strings', value: [1, 2] },
        { label: 'null', value: null },
      ];
    case 'map':
      return [
        { label: 'number for a map', value: 42 },
        { label: 'string for a map', value: 'key=value' },
        { label: 'boolean for a map', value: true },
        { label: 'array of strings for a map', value: ['a', 'b'] },
        { label: 'null', value: null },
      ];
    case 'object':
      return [
        { label: 'number for an object', value: 42 },
        { label: 'boolean for an object', value: true },
        { label: 'null', value: null },
      ];
  }
}

/** A valid-looking value of a scalar param, to wrap in an array. */
function scalarSample(p: ParamModel): unknown {
  switch (p.encoding) {
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    default:
      return p.enum?.[0] ?? 'x';
  }
}

/**
 * The invalid cases of one API's dedicated tool. `base` is the required params with simple valid
 * values (test/support/sample-args.ts) plus a secret marker in every sensitive string param, so that
 * every case of an API with secrets also checks that a valid secret beside an error stays hidden.
 */
export function apiCases(api: ApiModel, seed: number, options: ApiCaseOptions = {}): FuzzCase[] {
  const rng = new Rng(seed).fork(api.name);
  const all = options.all === true;
  const some = <T>(items: readonly T[]): T[] => (all || items.length <= 1 ? [...items] : [rng.pick(items)]);
  const schema = toolInputSchema(api);
  const params = api.params;
  const byName = new Map(params.map((p) => [p.name, p]));

  const baseSecrets: string[] = [];
  const base = sampleArgs(schema);
  for (const p of params) {
    if (p.sensitive && p.encoding === 'string') {
      const marker = secretMarker(rng);
      base[p.name] = marker;
      baseSecrets.push(marker);
    }
  }
  if (invalidForApi(api, base)) throw new Error(`fuzz-cases: the base arguments of ${api.name} are not valid: ${JSON.stringify(base).slice(0, 300)}`);

  const cases: FuzzCase[] = [];
  const counter = new Map<FuzzKind, number>();
  const add = (
    kind: FuzzKind,
    label: string,
    args: unknown,
    names: string[],
    extra: { secrets?: string[]; expect?: FuzzCase['expect']; dropBaseSecrets?: string[] } = {},
  ): void => {
    const expect = extra.expect ?? 'tool-error';
    if (expect === 'tool-error' && !invalidForApi(api, args as Record<string, unknown>)) {
      throw new Error(`fuzz-cases: ${api.name} ${kind} "${label}" is valid for the API's schema (a generator bug)`);
    }
    const n = (counter.get(kind) ?? 0) + 1;
    counter.set(kind, n);
    const secrets = [...baseSecrets.filter((s) => !extra.dropBaseSecrets?.includes(s)), ...(extra.secrets ?? [])];
    const topLevelProto = args !== null && typeof args === 'object' && Object.hasOwn(args, '__proto__');
    cases.push({
      id: `${api.toolName}#${kind}#${n}`,
      kind,
      tool: api.toolName,
      api: api.name,
      label,
      arguments: args,
      expect,
      names,
      secrets,
      ...(topLevelProto ? { knownDefect: TOP_LEVEL_PROTO_DEFECT } : {}),
    });
  };
  /** The base with one param replaced; a sensitive param's own marker is then not in the call. */
  const set = (p: ParamModel, value: unknown) => withArg(base, p.name, value);
  const dropOf = (p: ParamModel) => (typeof base[p.name] === 'string' && baseSecrets.includes(base[p.name] as string) ? [base[p.name] as string] : []);

  // wrong-type: each param with a value of the wrong JSON type (why each is invalid: wrongTypes).
  for (const p of params) {
    for (const v of some(wrongTypes(p))) add('wrong-type', `${p.name}: ${v.label}`, set(p, v.value), [quoted(p.name)], { dropBaseSecrets: dropOf(p) });
  }
  // wrong-type of the server's own control arguments, which every dedicated tool takes: filter is an
  // array of field names (at most 256, each at most 256 chars), wait a boolean, confirm a token string.
  const control: Variant[] = [
    { label: 'filter as a string', value: ['filter', 'id'] },
    { label: 'filter of numbers', value: ['filter', [1, 2]] },
    { label: `filter of ${MAX_FILTER_FIELDS + 1} names`, value: ['filter', Array.from({ length: MAX_FILTER_FIELDS + 1 }, (_, i) => `f${i}`)] },
    { label: 'filter with a name too long', value: ['filter', ['f'.repeat(MAX_NAME_LENGTH + 1)]] },
    { label: 'wait as a string', value: ['wait', 'no'] },
    { label: 'confirm as a number', value: ['confirm', 42] },
    { label: 'confirm too long', value: ['confirm', 'c'.repeat(MAX_NAME_LENGTH + 1)] },
  ];
  for (const v of some(control)) {
    const [name, value] = v.value as [string, unknown];
    add('wrong-type', v.label, withArg(base, name, value), [name]);
  }

  // missing-required: each required param left out (the schema's `required`).
  for (const p of params.filter((q) => q.required)) {
    const args = { ...base };
    delete args[p.name];
    add('missing-required', `without ${p.name}`, args, [quoted(p.name)], { dropBaseSecrets: dropOf(p) });
  }

  // unknown-key: names no param has (the schema has additionalProperties: false).
  const near = params.length > 0 ? rng.pick(params).name : 'zoneid';
  const typo = [`${near}x`, `x${near}`, near.length > 3 ? near.slice(0, -1) + (near.endsWith('q') ? 'w' : 'q') : `${near}qq`].find((t) => !byName.has(t))!;
  const long300 = 'k'.repeat(MAX_NAME_LENGTH + 44);
  const long200 = `${near}${'n'.repeat(200)}`;
  const many = Array.from({ length: 1000 }, (_, i) => `unknown${i}`);
  const unknownVariants: Array<{ label: string; keys: Array<[string, unknown]>; needle: string }> = [
    { label: `typo ${typo}`, keys: [[typo, 'x']], needle: quoted(typo) },
    { label: 'unrelated name', keys: [['zz_not_a_param', 1]], needle: quoted('zz_not_a_param') },
    { label: `${long200.length}-char name (looked up)`, keys: [[long200, 'x']], needle: quoted(long200) },
    { label: `${long300.length}-char name (too long to look up)`, keys: [[long300, 'x']], needle: quoted(long300) },
    { label: '1 MB name', keys: [[HUGE, 'x']], needle: quoted(HUGE) },
    { label: '1000 unknown names', keys: many.map((k) => [k, 1]), needle: quoted(many[0]) },
  ];
  for (const v of some(unknownVariants)) add('unknown-key', v.label, own([...Object.entries(base), ...v.keys]), [v.needle]);

  // huge-string: a string longer than the param's maxLength (its listApis length), at the boundary
  // and at 1 MB; or a 1 MB string where no string is allowed at all (integer, number, boolean).
  // uuid, date, list, map and object params take strings of any length: no huge string for them.
  for (const p of params) {
    const variants: Variant[] = [];
    if (p.encoding === 'string' && p.length !== undefined) {
      variants.push({ label: `${p.length + 1} chars (max ${p.length})`, value: 'y'.repeat(p.length + 1) });
      if (p.length < ONE_MB) variants.push({ label: `1 MB (max ${p.length})`, value: HUGE });
    } else if (p.encoding === 'integer' || p.encoding === 'number' || p.encoding === 'boolean') {
      variants.push({ label: `1 MB string for ${p.encoding}`, value: HUGE });
    }
    for (const v of all ? variants : variants.slice(0, 1)) add('huge-string', `${p.name}: ${v.label}`, set(p, v.value), [quoted(p.name)], { dropBaseSecrets: dropOf(p) });
  }
  // A megabyte per param is slow to send and adds nothing over one per API: one 1 MB case is kept.
  const megabytes = cases.filter((c) => c.kind === 'huge-string' && c.label.includes('1 MB'));
  const keptMegabyte = megabytes.length > 0 ? rng.pick(megabytes) : undefined;
  for (let i = cases.length - 1; i >= 0; i--) if (megabytes.includes(cases[i]) && cases[i] !== keptMegabyte) cases.splice(i, 1);
  if (!all) keepSome(cases, 'huge-string', 2, rng);

  // odd-unicode: unknown names made of odd characters (unknown: no param name has them); odd
  // strings where a string is wrong (integer, number, boolean: fullwidth or Arabic-Indic digits are
  // not numbers); odd strings one code point over a maxLength; an odd string outside an enum.
  // Odd strings in uuid/date/list/map/object params are valid strings for the schema: not used.
  for (const key of some(oddKeys(near))) add('odd-unicode', `name ${JSON.stringify(key)}`, withArg(base, key, 'x'), [key === '' ? 'unknown parameter ""' : quoted(key)]);
  for (const p of params) {
    const variants: Variant[] = [];
    if (p.encoding === 'integer') variants.push({ label: 'fullwidth digits', value: '１２' }, { label: 'Arabic-Indic digits', value: '\u0661\u0662' });
    if (p.encoding === 'number') variants.push({ label: 'digits with a zero-width space', value: '1\u200B5' });
    if (p.encoding === 'boolean') variants.push({ label: 'fullwidth true', value: 'ｔｒｕｅ' }, { label: 'true + NUL', value: 'true\u0000' });
    if (p.encoding === 'string' && p.length !== undefined) variants.push({ label: `${p.length + 1} odd code points (max ${p.length})`, value: oddString(p.length + 1) });
    if (p.enum) variants.push({ label: 'RTL-marked enum value', value: `\u202E${p.enum[0]}` });
    for (const v of some(variants)) add('odd-unicode', `${p.name}: ${v.label}`, set(p, v.value), [quoted(p.name)], { dropBaseSecrets: dropOf(p) });
  }
  if (!all) keepSome(cases, 'odd-unicode', 3, rng);

  // nested-junk: nesting deeper than the server's MAX_NESTING (refused for any param, whatever its
  // schema), and shallow junk where the schema wants a scalar, strings, or scalar map values.
  const nestTargets = params.length > 0 ? (all ? params : [rng.pick(params)]) : [];
  // The big ones (1000 levels, 5000 items) on one param per API; the rest on every target.
  const bigTarget = params.length > 0 ? rng.pick(params) : undefined;
  if (params.length === 0) {
    // No params at all: junk under a name the API does not have (too deep, or merely unknown).
    add('nested-junk', 'junk: arrays nested too deep', withArg(base, 'junk', deepArray(MAX_NESTING + 8)), [quoted('junk')]);
    add('nested-junk', 'junk: junk object', withArg(base, 'junk', JUNK), [quoted('junk')]);
  }
  for (const p of nestTargets) {
    const variants: Variant[] = [
      { label: `arrays ${MAX_NESTING + 8} deep`, value: deepArray(MAX_NESTING + 8) },
      { label: `objects ${MAX_NESTING + 8} deep`, value: deepObject(MAX_NESTING + 8) },
      { label: 'arrays 1000 deep', value: deepArray(1000) },
    ];
    if (SCALAR.has(p.encoding)) {
      // A scalar param: any object or array is the wrong type.
      variants.push({ label: 'junk object', value: JUNK }, { label: '5000 junk items', value: Array.from({ length: 5000 }, (_, i) => (i % 3 ? { i } : [i])) });
    } else if (p.encoding === 'list') {
      // A list of strings: an item that is an array or an object is not a string.
      variants.push({ label: 'list of lists', value: [['x']] }, { label: '5000 strings then an object', value: [...Array.from({ length: 5000 }, (_, i) => `s${i}`), JUNK] });
    } else if (p.encoding === 'map') {
      // A map's values are scalars (free-form) or its items have scalar fields (key/value, name/value).
      variants.push(
        { label: 'item with a nested value', value: [mapItem(p, JUNK)] },
        { label: 'shorthand with a nested entry', value: { entry: JUNK } },
      );
    }
    const fitting = p === bigTarget ? variants : variants.filter((v) => !/1000 deep|5000/.test(v.label));
    for (const v of some(fitting)) add('nested-junk', `${p.name}: ${v.label}`, set(p, v.value), [quoted(p.name)], { dropBaseSecrets: dropOf(p) });
  }

  // prototype-key: prototype-ish names as own keys. At the top they are unknown parameters; inside a
  // map they are an unknown field of a {key, value} item, or an entry whose value is an object (map
  // values are scalars); inside a list or a scalar param the object itself is the wrong type.
  const protoTop: Array<[string, unknown]> = [
    ['__proto__', { polluted: true }],
    ['__proto__', 'x'],
    ['constructor', { prototype: { polluted: true } }],
    ['prototype', { polluted: true }],
    ['hasOwnProperty', 1],
    ['toString', 'x'],
    ['__defineGetter__', 'x'],
  ];
  for (const [key, value] of some(protoTop)) add('prototype-key', `top-level ${key}`, own([...Object.entries(base), [key, value]]), [quoted(key)]);
  const protoParams = params.filter((p) => p.encoding === 'map' || p.encoding === 'list' || SCALAR.has(p.encoding));
  const protoMaps = params.filter((p) => p.encoding === 'map');
  for (const p of all ? protoParams : [...protoMaps, ...(protoParams.length ? [rng.pick(protoParams)] : [])]) {
    const variants: Variant[] = [];
    if (p.encoding === 'map') {
      if (p.mapShape === 'key-value' || p.mapShape === 'name-value') {
        const key = p.mapShape === 'key-value' ? 'key' : 'name';
        variants.push(
          { label: 'item with a __proto__ field', value: [own([[key, 'k'], ['value', 'v'], ['__proto__', 'x']])] },
          { label: 'item with a constructor field', value: [own([[key, 'k'], ['value', 'v'], ['constructor', { prototype: { polluted: true } }]])] },
        );
      } else {
        variants.push(
          { label: 'item with a __proto__ object', value: [own([['__proto__', { polluted: true }]])] },
          { label: 'item with a constructor object', value: [own([['constructor', { prototype: { polluted: true } }]])] },
        );
      }
      if (p.mapShape !== 'name-value') {
        variants.push({ label: 'shorthand {__proto__: {...}}', value: own([['__proto__', { polluted: true }]]) }, { label: 'shorthand {prototype: [..]}', value: own([['prototype', ['x']]]) });
      }
    } else {
      variants.push({ label: '{__proto__: ...} as the value', value: own([['__proto__', { polluted: true }]]) });
      if (p.encoding === 'list') variants.push({ label: '[{constructor: ...}] as the list', value: [own([['constructor', 'x']])] });
    }
    for (const v of some(variants)) add('prototype-key', `${p.name}: ${v.label}`, set(p, v.value), [quoted(p.name)], { dropBaseSecrets: dropOf(p) });
  }

  // array-for-scalar: a scalar param (string, uuid, date, integer, number, boolean) or an object
  // param (`anyOf [string, object]`: JSON Schema's object is not an array) given an array.
  for (const p of params.filter((q) => SCALAR.has(q.encoding) || q.encoding === 'object')) {
    const sample = scalarSample(p);
    const variants: Variant[] = [
      { label: 'one-item array', value: [sample] },
      { label: 'empty array', value: [] },
      { label: 'array of arrays', value: [[sample]] },
    ];
    for (const v of some(variants)) add('array-for-scalar', `${p.name}: ${v.label}`, set(p, v.value), [quoted(p.name)], { dropBaseSecrets: dropOf(p) });
  }
  if (!all) keepSome(cases, 'array-for-scalar', 3, rng);

  // secret: a fresh marker in a sensitive param, but in a shape the schema refuses (an array, an
  // object, split over two items, one character over the maxLength): the error may tell the shape,
  // never the content. Secret-named fields of map params (the names the server masks by) likewise
  // with a nested value; a setting-style `value` of a secret-named setting; an unknown name next to
  // a secret-looking one.
  for (const p of params.filter((q) => q.sensitive && q.encoding === 'string')) {
    const m = secretMarker(rng);
    const variants: Variant[] = [
      { label: 'marker in an array', value: [m] },
      { label: 'marker in an object', value: { value: m } },
      { label: 'marker split over two items', value: [m.slice(0, 10), m.slice(10)] },
      { label: 'marker under __proto__', value: own([['__proto__', m]]) },
      { label: 'marker over the maxLength', value: m + 'p'.repeat(Math.max(0, (p.length ?? 255) + 1 - m.length)) },
      { label: 'marker nested too deep', value: deepArray(MAX_NESTING + 4, m) },
    ];
    for (const v of some(variants)) add('secret', `${p.name}: ${v.label}`, set(p, v.value), [quoted(p.name)], { secrets: [m], dropBaseSecrets: dropOf(p) });
  }
  for (const p of params.filter((q) => q.encoding === 'map')) {
    const keys = [...new Set([...(p.sensitiveMapKeys ?? []), 'password', 'secretkey'])];
    const variants: Variant[] = [];
    for (const key of all ? keys : [rng.pick(keys)]) {
      const m = secretMarker(rng);
      if (p.mapShape === 'key-value') {
        variants.push({ label: `{key: ${key}, value: [marker]}`, value: [{ key, value: [m] }], secrets: [m] });
      } else if (p.mapShape === 'name-value') {
        variants.push({ label: `{name: ${key}, value: {marker}}`, value: [{ name: key, value: { v: m } }], secrets: [m] });
      } else {
        variants.push({ label: `[{${key}: [marker]}]`, value: [{ [key]: [m] }], secrets: [m] });
      }
      if (p.mapShape !== 'name-value') variants.push({ label: `shorthand {${key}: {marker}}`, value: { [key]: { v: m } }, secrets: [m] });
    }
    for (const v of some(variants)) add('secret', `${p.name}: ${v.label}`, set(p, v.value), [quoted(p.name)], { secrets: v.secrets });
  }
  const nameParam = byName.get('name');
  const valueParam = byName.get('value');
  if (nameParam?.encoding === 'string' && valueParam?.encoding === 'string') {
    const m = secretMarker(rng);
    add('secret', 'value of a secret-named setting as an array', withArg(withArg(base, 'name', 'ldap.bind.password'), 'value', [m]), [quoted('value')], { secrets: [m] });
  }
  if (baseSecrets.length > 0) {
    // The valid markers of the base stay; an unknown, secret-looking name beside them is the error.
    const m = secretMarker(rng);
    add('secret', 'unknown secret-looking name', withArg(base, 'passwordd', m), [quoted('passwordd')], { secrets: [m] });
  }

  // not-an-object: tools/call's `arguments` must be an object (MCP): a JSON-RPC error, -32602.
  const notObject: unknown[] = [[], ['x'], 'zoneid=1', 42, true, null];
  for (const value of some(notObject)) add('not-an-object', `arguments ${JSON.stringify(value)}`, value, ['arguments'], { expect: 'rpc-error' });

  return cases;
}

/** One map item holding `value` where the map's value goes. */
function mapItem(p: ParamModel, value: unknown): Record<string, unknown> {
  if (p.mapShape === 'key-value') return { key: 'k', value };
  if (p.mapShape === 'name-value') return { name: 'n', value };
  return { field: value };
}

/** Keeps at most `n` cases of a kind (rng-chosen), in place. */
function keepSome(cases: FuzzCase[], kind: FuzzKind, n: number, rng: Rng): void {
  const of = cases.filter((c) => c.kind === kind);
  if (of.length <= n) return;
  const keep = new Set(rng.sample(of, n));
  for (let i = cases.length - 1; i >= 0; i--) if (cases[i].kind === kind && !keep.has(cases[i])) cases.splice(i, 1);
}

/** The known server defect a case with an own `__proto__` key at the top of its arguments hits. */
export const TOP_LEVEL_PROTO_DEFECT =
  'an own "__proto__" key at the top of a tool\'s arguments is dropped before validation: the call runs without it (or fails for another reason) instead of being refused as an unknown parameter';

// ---------------------------------------------------------------------------------------------
// The call tools and the meta-tools

/**
 * An API case through a call tool: `{api, args: <the case's arguments>}`. The server's control
 * arguments move to the top, where the call tools take them. Kinds whose arguments are not an
 * object stay with the dedicated tools.
 */
export function throughCallTool(tool: 'call_api' | 'call_read_api', c: FuzzCase): FuzzCase | undefined {
  if (c.kind === 'not-an-object' || !c.api) return undefined;
  const args = c.arguments as Record<string, unknown>;
  const controls = Object.entries(args).filter(([k]) => k === 'filter' || k === 'wait' || k === 'confirm');
  // call_read_api takes no wait or confirm: such a case would be about the call tool's own arguments.
  if (tool === 'call_read_api' && controls.some(([k]) => k !== 'filter')) return undefined;
  const params = own(Object.entries(args).filter(([k]) => k !== 'filter' && k !== 'wait' && k !== 'confirm'));
  return {
    ...c,
    id: `${tool}:${c.id}`,
    tool,
    arguments: own([['api', c.api], ['args', params], ...controls]),
    // Inside args, an own __proto__ is kept by the transport; only a top-level one is the known defect.
    knownDefect: undefined,
  };
}

/**
 * The invalid cases of the meta-tools' own arguments (their inputSchemas in src/mcp/discovery.ts:
 * search_apis {query: string ≤ 500, category: one of the categories, limit: integer 1..50},
 * describe_api {name: string, required}, call_read_api {api: string, required; args: object;
 * filter}, call_api {… wait, confirm}; no other arguments), and a few tool names that are
 * prototype keys. Why each is invalid is said beside it.
 */
export function metaCases(seed: number): FuzzCase[] {
  const rng = new Rng(seed).fork('meta-tools');
  const cases: FuzzCase[] = [];
  const counter = new Map<string, number>();
  const add = (tool: string, kind: FuzzKind, label: string, args: unknown, names: string[], extra: Partial<FuzzCase> = {}) => {
    const key = `${tool}#${kind}`;
    const n = (counter.get(key) ?? 0) + 1;
    counter.set(key, n);
    const topLevelProto = args !== null && typeof args === 'object' && Object.hasOwn(args, '__proto__');
    cases.push({
      id: `${key}#${n}`,
      kind,
      tool,
      label,
      arguments: args,
      expect: 'tool-error',
      names,
      secrets: [],
      ...(topLevelProto ? { knownDefect: TOP_LEVEL_PROTO_DEFECT } : {}),
      ...extra,
    });
  };
  const deep = deepArray(MAX_NESTING + 8);
  const long300 = 'm'.repeat(MAX_NAME_LENGTH + 44);

  // search_apis
  const s = 'search_apis';
  add(s, 'wrong-type', 'query a number', { query: 42 }, ['"query"']); // query: string
  add(s, 'wrong-type', 'query an object', { query: { text: 'zone' } }, ['"query"']);
  add(s, 'wrong-type', 'query null', { query: null }, ['"query"']);
  add(s, 'wrong-type', 'category a number', { category: 5 }, ['"category"']); // category: a string of the enum
  add(s, 'wrong-type', 'unknown category', { category: 'not-a-category' }, ['"not-a-category"']);
  add(s, 'wrong-type', 'limit a string', { query: 'zone', limit: '10' }, ['"limit"']); // limit: integer 1..50
  add(s, 'wrong-type', 'limit a fraction', { query: 'zone', limit: 1.5 }, ['"limit"']);
  add(s, 'wrong-type', 'limit 0', { query: 'zone', limit: 0 }, ['"limit"']);
  add(s, 'wrong-type', 'limit 51', { query: 'zone', limit: 51 }, ['"limit"']);
  add(s, 'array-for-scalar', 'query an array', { query: ['zone'] }, ['"query"']);
  add(s, 'array-for-scalar', 'category an array', { category: ['network'] }, ['"category"']);
  add(s, 'array-for-scalar', 'limit an array', { query: 'zone', limit: [10] }, ['"limit"']);
  add(s, 'unknown-key', 'q', { q: 'zone' }, ['"q"']); // additionalProperties: false
  add(s, 'unknown-key', 'api', { api: 'listZones' }, ['"api"']);
  add(s, 'unknown-key', `${long300.length}-char name`, { [long300]: 1 }, [quoted(long300)]);
  add(s, 'unknown-key', '1 MB name', { [HUGE]: 1 }, [quoted(HUGE)]);
  add(s, 'huge-string', `query of ${MAX_QUERY_LENGTH + 1} chars`, { query: 'q'.repeat(MAX_QUERY_LENGTH + 1) }, ['query too long']); // at most 500
  add(s, 'huge-string', 'query of 1 MB', { query: HUGE }, ['query too long']);
  add(s, 'huge-string', 'category of 1 MB', { category: HUGE }, ['category']); // not one of the categories
  add(s, 'odd-unicode', 'RTL category', { category: '\u202Enetwork' }, [JSON.stringify('\u202Enetwork')]); // not one of the categories
  add(s, 'odd-unicode', 'NUL in category', { category: 'net\u0000work' }, [JSON.stringify('net\u0000work')]);
  add(s, 'odd-unicode', 'lone surrogate category', { category: '\uD800' }, [JSON.stringify('\uD800')]);
  add(s, 'odd-unicode', 'emoji argument name', { '😀': 'zone' }, [JSON.stringify('😀')]); // not an argument
  add(s, 'nested-junk', 'query nested too deep', { query: deep }, ['"query"']); // not a string
  add(s, 'nested-junk', 'limit junk', { query: 'zone', limit: JUNK }, ['"limit"']);
  add(s, 'prototype-key', 'top-level __proto__', own([['__proto__', { query: 'zone' }]]), ['"__proto__"']); // not an argument
  add(s, 'prototype-key', 'constructor', { constructor: 'x' }, ['"constructor"']);
  add(s, 'prototype-key', 'prototype', { prototype: 'x' }, ['"prototype"']);
  add(s, 'prototype-key', 'category "constructor"', { category: 'constructor' }, ['"constructor"']); // not a category
  add(s, 'prototype-key', 'category "__proto__"', { category: '__proto__' }, ['"__proto__"']);

  // describe_api
  const d = 'describe_api';
  add(d, 'missing-required', 'no name', {}, ['"name"']); // name: required
  add(d, 'missing-required', 'api instead of name', { api: 'listZones' }, ['"api"']); // and api is unknown
  add(d, 'wrong-type', 'name a number', { name: 5 }, ['"name"']); // name: string
  add(d, 'wrong-type', 'name an object', { name: { api: 'listZones' } }, ['"name"']);
  add(d, 'wrong-type', 'name null', { name: null }, ['"name"']);
  add(d, 'array-for-scalar', 'name an array', { name: ['listZones'] }, ['"name"']);
  add(d, 'unknown-key', 'extra argument', { name: 'listZones', verbose: true }, ['"verbose"']); // additionalProperties: false
  add(d, 'unknown-key', `${long300.length}-char argument name`, { name: 'listZones', [long300]: 1 }, [quoted(long300)]);
  add(d, 'huge-string', `name of ${MAX_NAME_LENGTH + 1} chars`, { name: 'n'.repeat(MAX_NAME_LENGTH + 1) }, ['name too long']); // no API name is that long
  add(d, 'huge-string', 'name of 1 MB', { name: HUGE }, ['name too long']);
  add(d, 'odd-unicode', 'RTL name', { name: '\u202ElistZones' }, [JSON.stringify('\u202ElistZones')]); // no API of that name
  add(d, 'odd-unicode', 'NUL in name', { name: 'list\u0000Zones' }, [JSON.stringify('list\u0000Zones')]);
  add(d, 'odd-unicode', 'lone surrogate name', { name: '\uDFFF' }, [JSON.stringify('\uDFFF')]);
  add(d, 'odd-unicode', 'zero-width space in name', { name: 'list\u200BZones' }, [JSON.stringify('list\u200BZones')]);
  add(d, 'nested-junk', 'name nested too deep', { name: deep }, ['"name"']);
  add(d, 'nested-junk', 'name junk', { name: JUNK }, ['"name"']);
  add(d, 'prototype-key', 'top-level __proto__', own([['__proto__', { name: 'listZones' }]]), ['"__proto__"']);
  add(d, 'prototype-key', 'name "constructor"', { name: 'constructor' }, ['"constructor"']); // no API of that name
  add(d, 'prototype-key', 'name "__proto__"', { name: '__proto__' }, ['"__proto__"']);
  add(d, 'prototype-key', 'name "hasOwnProperty"', { name: 'hasOwnProperty' }, ['"hasOwnProperty"']);
  add(d, 'prototype-key', 'name "toString"', { name: 'toString' }, ['"toString"']);

  // call_read_api and call_api
  for (const c of ['call_read_api', 'call_api'] as const) {
    add(c, 'missing-required', 'no api', {}, ['"api"']); // api: required
    add(c, 'missing-required', 'args without api', { args: { zoneid: 'x' } }, ['"api"']);
    add(c, 'wrong-type', 'api a number', { api: 5 }, ['"api"']); // api: string
    add(c, 'wrong-type', 'api null', { api: null }, ['"api"']);
    add(c, 'wrong-type', 'args an array', { api: 'listZones', args: [['id', 'x']] }, ['"args"']); // args: object
    add(c, 'wrong-type', 'args a string', { api: 'listZones', args: 'id=x' }, ['"args"']);
    add(c, 'wrong-type', 'args null', { api: 'listZones', args: null }, ['"args"']);
    add(c, 'wrong-type', 'filter a string', { api: 'listZones', filter: 'id' }, ['filter']); // filter: array of strings
    add(c, 'wrong-type', `filter of ${MAX_FILTER_FIELDS + 1} names`, { api: 'listZones', filter: Array.from({ length: MAX_FILTER_FIELDS + 1 }, (_, i) => `f${i}`) }, ['filter']);
    add(c, 'wrong-type', 'unknown API', { api: 'listZonez' }, ['"listZonez"']); // only catalog APIs
    if (c === 'call_api') {
      add(c, 'wrong-type', 'wait a string', { api: 'listZones', wait: 'no' }, ['wait']); // wait: boolean
      add(c, 'wrong-type', 'confirm a number', { api: 'listZones', confirm: 7 }, ['confirm']); // confirm: string
      add(c, 'wrong-type', 'confirm too long', { api: 'listZones', confirm: 'c'.repeat(MAX_NAME_LENGTH + 1) }, ['confirm']); // at most 256
    }
    add(c, 'array-for-scalar', 'api an array', { api: ['listZones'] }, ['"api"']);
    add(c, 'unknown-key', 'a param beside args', { api: 'listZones', zoneid: 'x' }, ['"zoneid"']); // additionalProperties: false
    add(c, 'unknown-key', 'unrelated argument', { api: 'listZones', verbose: true }, ['"verbose"']);
    add(c, 'unknown-key', `${long300.length}-char argument name`, { api: 'listZones', [long300]: 1 }, [quoted(long300)]);
    add(c, 'huge-string', 'api of 1 MB', { api: HUGE }, ['name too long']); // no API name is that long
    add(c, 'huge-string', `api of ${MAX_NAME_LENGTH + 1} chars`, { api: 'a'.repeat(MAX_NAME_LENGTH + 1) }, ['name too long']);
    add(c, 'odd-unicode', 'RTL api', { api: '\u202ElistZones' }, [JSON.stringify('\u202ElistZones')]); // no API of that name
    add(c, 'odd-unicode', 'NUL in api', { api: 'list\u0000Zones' }, [JSON.stringify('list\u0000Zones')]);
    add(c, 'odd-unicode', 'lone surrogates api', { api: '\uD800\uD800' }, [JSON.stringify('\uD800\uD800')]);
    add(c, 'odd-unicode', 'fullwidth api', { api: 'ｌｉｓｔＺｏｎｅｓ' }, [JSON.stringify('ｌｉｓｔＺｏｎｅｓ')]);
    add(c, 'nested-junk', 'api nested too deep', { api: deep }, ['"api"']);
    add(c, 'nested-junk', 'args nested too deep', { api: 'listZones', args: { name: deep } }, ['"name"']); // refused by MAX_NESTING
    add(c, 'nested-junk', 'args junk', { api: 'listZones', args: { name: JUNK } }, ['"name"']); // name: string
    add(c, 'prototype-key', 'top-level __proto__', own([['api', 'listZones'], ['__proto__', { polluted: true }]]), ['"__proto__"']);
    add(c, 'prototype-key', 'top-level constructor', { api: 'listZones', constructor: { prototype: {} } }, ['"constructor"']);
    add(c, 'prototype-key', 'args with __proto__', { api: 'listZones', args: own([['__proto__', { polluted: true }]]) }, ['"__proto__"']);
    add(c, 'prototype-key', 'args with constructor', { api: 'listZones', args: { constructor: 'x' } }, ['"constructor"']);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype']) {
      add(c, 'prototype-key', `api "${name}"`, { api: name }, [JSON.stringify(name)]); // no API of that name
    }
  }
  // A secret through call_api: createUser's password in a shape the schema refuses.
  const user = { username: 'eve', email: 'eve@example.com', firstname: 'E', lastname: 'V', account: 'admin' };
  for (const [label, value] of [
    ['in an array', (m: string) => [m]],
    ['in an object', (m: string) => ({ v: m })],
    ['over the maxLength', (m: string) => m.repeat(20)],
  ] as const) {
    const m = secretMarker(rng);
    add('call_api', 'secret', `createUser password ${label}`, { api: 'createUser', args: { ...user, password: value(m) } }, ['"password"'], { secrets: [m], api: 'createUser' });
  }
  for (const tool of ['search_apis', 'describe_api', 'call_read_api', 'call_api']) {
    for (const value of [[], 'x', 42, null]) add(tool, 'not-an-object', `arguments ${JSON.stringify(value)}`, value, ['arguments'], { expect: 'rpc-error' });
  }
  // Tool names that are prototype keys: no such tool (a JSON-RPC error naming it).
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', '__defineGetter__']) {
    add(name, 'prototype-key', `tool "${name}"`, {}, [name], { expect: 'rpc-error' });
  }
  return cases;
}

/** Whether an API runs through call_read_api (a read that returns no secrets): the server's own rule. */
export const readsThroughCallRead: (api: ApiModel) => boolean = isAutoApprovableRead;
