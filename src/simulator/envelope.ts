/**
 * Response envelopes (CS ApiResponseSerializer): `{"<cmd>response": {...}}` in JSON, or the same tree
 * as XML, which is CloudStack's default when `response=json` is absent.
 */
import { envelopeName, errorEnvelopeName } from '../model/response-shape.ts';

export type JsonObject = Record<string, unknown>;

/** What a command produced, before it is put under its response key. */
export type Answer =
  /** `{count, <key>: [...]}`; empty: `{}`; page past the end: `{count}` */
  | { kind: 'list'; key: string; items: JsonObject[]; count: number }
  /** `{<key>: {...}}` */
  | { kind: 'object'; key: string; object: JsonObject }
  /** `{success: true, displaytext?}` */
  | { kind: 'success'; displaytext?: string }
  /** Fields directly under the response key (async `{id, jobid}`, queryAsyncJobResult, login). */
  | { kind: 'fields'; fields: JsonObject }
  /** A job that ends with no result (the command set no response object). */
  | { kind: 'none' };

/**
 * The envelope key of an API's answers and errors: the model's (CloudStack's getCommandName(), as
 * traced in the meta files: `enableStorageMaintenance` → `prepareprimarystorageformaintenanceresponse`).
 */
export function envelopeKey(api: { name: string; responseEnvelope?: string }): string {
  return envelopeName(api);
}

/** The envelope key of an API's errors: its getCommandName() (ApiServer.getSerializedApiError), `updateImageStore` for updateImageStore. */
export function errorEnvelopeKey(api: { name: string; responseEnvelope?: string; errorEnvelope?: string }): string {
  return errorEnvelopeName(api);
}

/** The object under `<cmd>response`. */
export function answerContent(answer: Answer): JsonObject {
  switch (answer.kind) {
    case 'list': {
      if (answer.count === 0) return {};
      // count first, then the items: the order Gson writes ListResponse in.
      return answer.items.length > 0 ? { count: answer.count, [answer.key]: answer.items } : { count: answer.count };
    }
    case 'object':
      return { [answer.key]: answer.object };
    case 'success':
      return answer.displaytext === undefined ? { success: true } : { success: true, displaytext: answer.displaytext };
    case 'fields':
      return answer.fields;
    case 'none':
      return {};
  }
}

/**
 * The key CloudStack writes a ListResponse job result under: the ListResponse's own object name,
 * which no command sets (they set their items'), so ApiSerializerHelper stores the text "null" and
 * ResponseObjectTypeAdapter writes it back as the key.
 */
export const LIST_JOB_RESULT_KEY = 'null';

/**
 * The `jobresult` of a finished job (ResponseObjectTypeAdapter): `{<objectName>: {...}}`; a success as
 * `{success, details?}` (not displaytext); a ListResponse (dedicateHost, -Pod, -Zone) as
 * `{"null": {responses: [...]}}`: Gson of the ListResponse, whose `count` is transient.
 */
export function jobResultContent(answer: Answer): JsonObject | undefined {
  if (answer.kind === 'none') return undefined;
  if (answer.kind === 'success') {
    return answer.displaytext === undefined ? { success: true } : { success: true, details: answer.displaytext };
  }
  if (answer.kind === 'list') return { [LIST_JOB_RESULT_KEY]: { responses: answer.items } };
  return answerContent(answer);
}

export function toJson(key: string, content: JsonObject): string {
  // Gson's output after CloudStack's unescape step: `<`, `&`, `'` and non-ASCII stay raw, as here.
  return JSON.stringify({ [key]: content });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlElement(name: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => xmlElement(name, item)).join('');
  if (typeof value === 'object') {
    const inner = Object.entries(value as JsonObject)
      .map(([child, childValue]) => xmlElement(child, childValue))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toXml(key: string, content: JsonObject, cloudstackVersion: string): string {
  const inner = Object.entries(content)
    .map(([name, value]) => xmlElement(name, value))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><${key} cloud-stack-version="${escapeXml(cloudstackVersion)}">${inner}</${key}>`;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';
export const XML_CONTENT_TYPE = 'text/xml; charset=UTF-8';
