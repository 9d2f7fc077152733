/**
 * Tool-style JSON arguments → CloudStack wire parameters, driven by the API model
 * (protocol-reference §1.12). Names go out lower-cased, as the server reads them anyway, so the
 * signed order never depends on camelCase; map fields keep their case (CloudStack keeps it).
 */
import type { ApiModel, MapShape, ParamModel, WireEncoding } from '../model/types.ts';
import { CloudStackEncodingError } from './errors.ts';
import { formatCloudStackDate, type ParamList } from './signer.ts';

type Scalar = string | number | boolean;

class ArgProblem extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return `a ${typeof value}`;
}

function encodeString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return value.toString();
  throw new ArgProblem(`expected a string, got ${describe(value)}`);
}

/** CloudStack reads anything but "true" as false, so only real booleans are let through. */
function encodeBoolean(value: unknown): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase();
  throw new ArgProblem(`expected true or false, got ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`);
}

function encodeInteger(value: unknown): string {
  if (typeof value === 'number') {
    // Beyond 2^53 a JSON number has already lost digits; such ids must come as strings.
    if (Number.isSafeInteger(value)) return String(value);
    throw new ArgProblem(
      Number.isInteger(value)
        ? `${value} is too large to be exact as a JSON number; pass it as a string`
        : `expected an integer, got ${value}`,
    );
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && /^[-+]?\d+$/.test(value.trim())) return value.trim().replace(/^\+/, '');
  throw new ArgProblem(`expected an integer, got ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`);
}

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function encodeNumber(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
  throw new ArgProblem(`expected a number, got ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`);
}

/** Strings go as given (`yyyy-MM-dd` or ISO with offset, per API); a Date becomes CloudStack's own form. */
function encodeDate(value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ArgProblem('the Date is invalid');
    return formatCloudStackDate(value);
  }
  if (typeof value === 'string') return value;
  throw new ArgProblem(`expected a date string (yyyy-MM-dd or ISO-8601 with offset), got ${describe(value)}`);
}

/** One comma-joined parameter; CloudStack has no escaping, so an item cannot contain a comma. */
function encodeList(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) throw new ArgProblem(`expected an array or a comma-separated string, got ${describe(value)}`);
  return value
    .map((item, index) => {
      if (Array.isArray(item) || isPlainObject(item) || item === null || item === undefined) {
        throw new ArgProblem(`item ${index} must be a string, got ${describe(item)}`);
      }
      const text = encodeString(item);
      if (text.includes(',')) {
        throw new ArgProblem(
          `item ${index} (${JSON.stringify(text)}) contains a comma; CloudStack splits list values on commas and has no escaping`,
        );
      }
      return text;
    })
    .join(',');
}

function encodeObject(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isPlainObject(value) || Array.isArray(value)) return JSON.stringify(value);
  return encodeString(value);
}

function mapFieldValue(value: unknown, field: string): string {
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return formatCloudStackDate(value);
  if (isPlainObject(value) || Array.isArray(value) || value === null || value === undefined) {
    throw new ArgProblem(`field '${field}' must be a string, number or boolean, got ${describe(value)}`);
  }
  return encodeString(value);
}

/**
 * The items of a map parameter. An array of objects is taken as is; a single object is one item,
 * except for key/value-shaped maps where `{env: "prod"}` means `[{key: "env", value: "prod"}]`
 * (an object that already is `{key, value}` stays one item).
 */
function mapItems(value: unknown, shape: MapShape | undefined): Array<Record<string, unknown>> {
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      if (!isPlainObject(item)) throw new ArgProblem(`item ${index} must be an object, got ${describe(item)}`);
      return item;
    });
  }
  if (!isPlainObject(value)) throw new ArgProblem(`expected an array of objects or an object, got ${describe(value)}`);
  const pairFields = shape === 'key-value' ? ['key', 'value'] : shape === 'name-value' ? ['name', 'value'] : undefined;
  if (pairFields) {
    const keys = Object.keys(value);
    const alreadyAnItem = keys.includes(pairFields[0]) && keys.every((k) => pairFields.includes(k));
    if (!alreadyAnItem) {
      return Object.entries(value).map(([k, v]) => ({ [pairFields[0]]: k, [pairFields[1]]: v }));
    }
  }
  return [value];
}

/** `name[i].field=value` for every field of every item; undefined/null fields are left out. */
function encodeMap(name: string, value: unknown, shape: MapShape | undefined): ParamList {
  const out: ParamList = [];
  mapItems(value, shape).forEach((item, index) => {
    for (const [field, fieldValue] of Object.entries(item)) {
      if (fieldValue === undefined || fieldValue === null) continue;
      // The server takes the text after the first '.' as the field, and refuses a second '['.
      if (field === '' || /[[\]]/.test(field)) {
        throw new ArgProblem(`item ${index} has the field name ${JSON.stringify(field)}, which cannot be sent as ${name}[i].field`);
      }
      out.push([`${name}[${index}].${field}`, mapFieldValue(fieldValue, field)]);
    }
  });
  return out;
}

/** Wire parameters for one value of a known encoding. */
function encodeValue(name: string, value: unknown, encoding: WireEncoding, shape?: MapShape): ParamList {
  switch (encoding) {
    case 'string':
    case 'uuid':
      return [[name, encodeString(value)]];
    case 'boolean':
      return [[name, encodeBoolean(value)]];
    case 'integer':
      return [[name, encodeInteger(value)]];
    case 'number':
      return [[name, encodeNumber(value)]];
    case 'date':
      return [[name, encodeDate(value)]];
    case 'list':
      return [[name, encodeList(value)]];
    case 'map':
      return encodeMap(name, value, shape);
    case 'object':
      return [[name, encodeObject(value)]];
    default: {
      const unknownEncoding: never = encoding;
      throw new ArgProblem(`unsupported encoding ${String(unknownEncoding)}`);
    }
  }
}

/** For APIs the model does not know (live-only): the encoding a JSON value most likely means. */
function guessEncoding(value: unknown): WireEncoding {
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return value.every((item) => isPlainObject(item)) && value.length > 0 ? 'map' : 'list';
  if (isPlainObject(value)) return 'map';
  return 'string';
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Encodes tool-style arguments for `apiName`. With a model, every argument must be one of the
 * API's parameters (the MCP layer validates first; this is the last line); without one the values
 * are sent by their JSON shape. `undefined` and `null` arguments are left out.
 */
export function encodeArgs(api: ApiModel | undefined, apiName: string, args: Record<string, unknown>): ParamList {
  const byName = new Map<string, ParamModel>();
  for (const param of api?.params ?? []) byName.set(param.name.toLowerCase(), param);

  const out: ParamList = [];
  const seen = new Set<string>();
  for (const [argName, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue;
    const name = argName.toLowerCase();
    if (seen.has(name)) {
      // CloudStack reads one of the two, differently for GET and POST: never send a name twice.
      throw new CloudStackEncodingError({ command: apiName, param: argName, problem: 'given twice (names are case-insensitive)' });
    }
    seen.add(name);
    const param = byName.get(name);
    if (api && !param) {
      throw new CloudStackEncodingError({
        command: apiName,
        param: argName,
        problem: `${apiName} has no such parameter (known: ${[...byName.keys()].sort().join(', ') || 'none'})`,
      });
    }
    try {
      if (param) {
        out.push(...encodeValue(name, value, param.encoding, param.mapShape));
      } else {
        const encoding = guessEncoding(value);
        if (encoding === 'string' && !isScalar(value)) throw new ArgProblem(`cannot send ${describe(value)}`);
        out.push(...encodeValue(name, value, encoding, 'free-form'));
      }
    } catch (error) {
      if (error instanceof ArgProblem) {
        throw new CloudStackEncodingError({ command: apiName, param: argName, problem: error.message });
      }
      throw error;
    }
  }
  return out;
}
