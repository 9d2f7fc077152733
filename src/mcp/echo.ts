/**
 * Bounded echoes of client input. Whatever a request carries — a name of a megabyte, thousands of
 * unknown parameters, a password in the wrong type — an error says which input and what was
 * expected in a few hundred bytes: names are checked for length before any per-character work,
 * every quoted piece of input is cut, lists are cut after a few entries with how many more.
 */

/** The longest name (API, tool or parameter) that is looked at character by character. */
export const MAX_NAME_LENGTH = 256;
/** The most problems one error lists; the rest are counted ("and K more"). */
export const MAX_PROBLEMS = 20;
/** How much of a name an error quotes. */
const QUOTED_NAME = 64;
/** How much of a value an error shows. */
const PREVIEW = 60;

/** `"name"`, or its first characters and its length when it is long. */
export function quote(name: string, max = QUOTED_NAME): string {
  if (name.length <= max) return JSON.stringify(name);
  return `${JSON.stringify(name.slice(0, max))}… (${name.length} chars)`;
}

/** A name cut to a length fit for a structured field (`problems[].param`). */
export function clip(text: string, max = QUOTED_NAME): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Why a name was not looked up, or undefined when it is short enough to be. */
export function tooLong(what: string, name: string, max = MAX_NAME_LENGTH): string | undefined {
  return name.length > max ? `${what} too long (${name.length} chars, at most ${max})` : undefined;
}

/** "a, b, c and 12 more" with at most `max` items shown (each quoted when `quoted`). */
export function listSome(items: readonly string[], max = MAX_PROBLEMS, quoted = false): string {
  const shown = items.slice(0, max).map((item) => (quoted ? quote(item) : clip(item)));
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/** What a value is, without any of its content: for values that may be secrets. */
export function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  switch (typeof value) {
    case 'string':
      return `a string of ${value.length} character${value.length === 1 ? '' : 's'}`;
    case 'object':
      return 'an object';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}

/**
 * The start of a value as JSON, at most `max` characters: serialises no more of it than it shows,
 * however large or deep the value is.
 */
export function preview(value: unknown, max = PREVIEW): string {
  const budget = max + 1; // one more than fits tells that it was cut
  let out = '';
  const write = (v: unknown): void => {
    if (out.length >= budget) return;
    if (typeof v === 'string') {
      out += JSON.stringify(v.slice(0, budget - out.length));
      return;
    }
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && out.length < budget; i++) {
        if (i > 0) out += ',';
        write(v[i]);
      }
      out += ']';
      return;
    }
    if (v !== null && typeof v === 'object') {
      out += '{';
      let first = true;
      for (const key in v) {
        if (out.length >= budget) break;
        if (!Object.hasOwn(v, key)) continue;
        if (!first) out += ',';
        first = false;
        out += JSON.stringify(key.slice(0, budget - out.length)) + ':';
        write((v as Record<string, unknown>)[key]);
      }
      out += '}';
      return;
    }
    out += v === undefined ? 'undefined' : String(JSON.stringify(v) ?? v);
  };
  write(value);
  return out.length > max ? out.slice(0, max - 3) + '...' : out;
}
