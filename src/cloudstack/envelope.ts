/**
 * Reading CloudStack's JSON answer: `{"<command>response": {...}}` on success, the same key (or
 * `errorresponse`) with `errorcode`/`errortext` on failure. The inner object is what callers get;
 * an error body becomes a `CloudStackApiError` carrying CloudStack's text unchanged.
 */
import {
  CloudStackApiError,
  CloudStackHttpError,
  CloudStackProtocolError,
  type CloudStackUuidRef,
} from './errors.ts';
import { maskedExcerpt } from './excerpt.ts';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One HTTP answer as the transport hands it over. */
export interface RawAnswer {
  status: number;
  body: string;
  /** CloudStack repeats the error text in `X-Description` on ServerApiException errors. */
  description?: string;
}

export interface EnvelopeContext {
  /** The API that was called, as sent in `command`. */
  command: string;
  /** Origin and path of the endpoint, for messages. */
  endpoint: string;
  /** Strings that must never appear in an error message (the client's keys). */
  secrets: readonly string[];
  /** Whether the call changes state: an answer that cannot be read may then hide an applied change. */
  mutation?: boolean;
}

/**
 * Escapes raw control characters inside JSON strings. CloudStack's serializer un-escapes every
 * `\uXXXX` Gson wrote, so stored data with a tab or a control character comes out raw, which
 * strict parsers (JSON.parse included) refuse.
 */
export function escapeControlCharsInStrings(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      const code = ch.charCodeAt(0);
      out += code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
    } else {
      if (ch === '"') inString = true;
      out += ch;
    }
  }
  return out;
}

/** JSON.parse, falling back to the control-character repair; undefined when neither works. */
export function parseCloudStackJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(escapeControlCharsInStrings(text));
    } catch {
      return undefined;
    }
  }
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function asUuidList(value: unknown): CloudStackUuidRef[] {
  if (!Array.isArray(value)) return [];
  return value.map((item): CloudStackUuidRef => {
    if (typeof item === 'string') return { uuid: item };
    if (isJsonObject(item)) {
      return {
        uuid: typeof item.uuid === 'string' ? item.uuid : undefined,
        description: typeof item.description === 'string' ? item.description : undefined,
      };
    }
    return {};
  });
}

/** Whether an inner envelope object is CloudStack's error shape. */
export function isErrorBody(inner: JsonObject): boolean {
  return asNumber(inner.errorcode) !== undefined && 'errortext' in inner;
}

/** The API error for an inner error object; keeps CloudStack's text verbatim. */
export function apiErrorFromBody(inner: JsonObject, httpStatus: number, command: string): CloudStackApiError {
  const errorCode = asNumber(inner.errorcode) ?? httpStatus;
  return new CloudStackApiError({
    command,
    httpStatus,
    errorCode,
    csErrorCode: asNumber(inner.cserrorcode),
    errorText: typeof inner.errortext === 'string' ? inner.errortext : JSON.stringify(inner.errortext),
    uuidList: asUuidList(inner.uuidList ?? inner.uuidlist),
  });
}

/**
 * Picks the envelope's inner object: the command's key, else `errorresponse`, else a lone
 * `*response` key, else the document's only key. Some commands name their envelope otherwise
 * (`enableStorageMaintenance` → `prepareprimarystorageformaintenanceresponse`, `listNetworkDevice`
 * → `listnetworkdevice`: the model's `responseEnvelope`); CloudStack writes one envelope per answer.
 */
function innerObject(doc: JsonObject, command: string): JsonObject | undefined {
  const expected = `${command.toLowerCase()}response`;
  const candidates = [doc[expected], doc.errorresponse];
  const keys = Object.keys(doc);
  const responseKeys = keys.filter((key) => key.endsWith('response'));
  if (responseKeys.length === 1) candidates.push(doc[responseKeys[0]]);
  if (keys.length === 1) candidates.push(doc[keys[0]]);
  return candidates.find(isJsonObject);
}

/**
 * Turns an HTTP answer into the envelope's inner object, or throws the matching typed error:
 * `CloudStackApiError` for CloudStack error bodies (any status), `CloudStackHttpError` for a
 * non-2xx answer without one, `CloudStackProtocolError` for a 2xx answer that is not an envelope.
 */
export function readEnvelope(answer: RawAnswer, context: EnvelopeContext): JsonObject {
  const { command, endpoint, secrets } = context;
  const success = answer.status >= 200 && answer.status < 300;
  const doc = parseCloudStackJson(answer.body);
  const inner = isJsonObject(doc) ? innerObject(doc, command) : undefined;

  if (inner && isErrorBody(inner)) throw apiErrorFromBody(inner, answer.status, command);
  if (success && inner) return inner;

  if (!success) {
    if (answer.description) {
      // No readable body, but the server still told us its text.
      throw new CloudStackApiError({ command, httpStatus: answer.status, errorCode: answer.status, errorText: answer.description });
    }
    throw new CloudStackHttpError({
      command,
      httpStatus: answer.status,
      endpoint,
      bodyExcerpt: maskedExcerpt(answer.body, secrets),
      mayHaveBeenApplied: context.mutation === true && answer.status >= 500,
    });
  }
  throw new CloudStackProtocolError({
    command,
    endpoint,
    httpStatus: answer.status,
    problem:
      doc === undefined
        ? 'the body is not valid JSON (is response=json honoured, or is something other than CloudStack answering?)'
        : `expected a JSON object with the key "${command.toLowerCase()}response"`,
    bodyExcerpt: maskedExcerpt(answer.body, secrets),
    mayHaveBeenApplied: context.mutation === true,
  });
}
