/**
 * JSON Schemas: listApis param types → tool input schemas (and wire encodings), response fields →
 * output schemas. The mapping table is documented in codegen/README.md; keep them in step.
 * Every schema produced here must compile with `new Ajv({ strict: true })`.
 */
import type { RawParam, RawResponseField } from './load.ts';
import type { ApiModel, JsonSchema, MapShape, ParamModel, ResponseFieldModel, ResponseKind, WireEncoding } from './types.ts';

/** listApis param type → wire encoding. Absent = unknown type (warn, send as a string). */
const ENCODING_BY_TYPE: Record<string, WireEncoding> = {
  string: 'string',
  uuid: 'uuid',
  boolean: 'boolean',
  integer: 'integer',
  int: 'integer',
  short: 'integer',
  long: 'integer',
  double: 'number',
  float: 'number',
  date: 'date',
  tzdate: 'date',
  list: 'list',
  map: 'map',
  object: 'object',
};

export function encodingFor(type: string): WireEncoding | undefined {
  return ENCODING_BY_TYPE[type];
}

/** Well-known map params whose items are `{key, value}` pairs (TaggedResources.parseKeyValueMap). */
const KEY_VALUE_MAPS = new Set(['tags']);
/** Map params whose items are `{name, value}` pairs. */
const NAME_VALUE_MAPS = new Set(['counterparam', 'param']);

/** Default map shape by param name; per-API exceptions (details as key/value) live in overrides/params.ts. */
export function defaultMapShape(paramName: string): MapShape {
  if (KEY_VALUE_MAPS.has(paramName)) return 'key-value';
  if (NAME_VALUE_MAPS.has(paramName)) return 'name-value';
  return 'free-form';
}

const SHORT_RANGE = { minimum: -32768, maximum: 32767 };

/** A scalar the model may pass for a free-form map entry; CloudStack receives it as text. */
const MAP_VALUE_SCHEMA: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };

function pairItem(keyField: 'key' | 'name'): JsonSchema {
  return {
    type: 'object',
    properties: { [keyField]: { type: 'string' }, value: MAP_VALUE_SCHEMA },
    required: keyField === 'key' ? ['key'] : ['name', 'value'],
    additionalProperties: false,
  };
}

function mapItemSchema(shape: MapShape): JsonSchema {
  switch (shape) {
    case 'key-value':
      return pairItem('key');
    case 'name-value':
      return pairItem('name');
    case 'free-form':
      return { type: 'object', additionalProperties: MAP_VALUE_SCHEMA };
  }
}

const ENCODING_NOTES: Partial<Record<WireEncoding, string>> = {
  uuid: 'A UUID.',
  date: 'Date: yyyy-MM-dd, or a timestamp (yyyy-MM-dd HH:mm:ss in the server time zone, or ISO-8601 with offset).',
  list: 'A JSON array of strings, or one comma-separated string.',
};

function mapNote(shape: MapShape): string {
  switch (shape) {
    case 'key-value':
      return 'An array of {key, value} objects (a single object is also accepted).';
    case 'name-value':
      return 'An array of {name, value} objects (a single object is also accepted).';
    case 'free-form':
      return 'An array of objects with string values, e.g. [{"field": "value"}] (a single object is also accepted).';
  }
}

/** The description a tool shows for a param: CloudStack's text, the since note, a format hint. */
export function paramDescription(description: string, since: string | undefined, note: string | undefined): string {
  let text = description.trim();
  if (since) text = `${text} (since ${since})`.trim();
  if (note) text = text === '' ? note : `${/[.!?:]$/.test(text) ? text : `${text}.`} ${note}`;
  return text;
}

export interface ParamSchemaOptions {
  mapShape?: MapShape;
  enumValues?: readonly string[];
}

/** The JSON Schema of one param value, description included. */
export function paramSchema(
  param: Pick<RawParam, 'name' | 'description' | 'length' | 'since'>,
  encoding: WireEncoding,
  type: string,
  options: ParamSchemaOptions = {},
): JsonSchema {
  const shape = options.mapShape ?? defaultMapShape(param.name);
  // Kept short: a note repeats in every id param of every tool (CloudStack also takes the internal
  // numeric id for uuid params without `since`, which codegen/README.md documents instead).
  const note = encoding === 'map' ? mapNote(shape) : ENCODING_NOTES[encoding];
  const description = paramDescription(param.description, param.since, note);
  switch (encoding) {
    case 'string':
    case 'uuid':
    case 'date': {
      const schema: JsonSchema = { type: 'string', description };
      if (options.enumValues) schema.enum = [...options.enumValues];
      // listApis gives every param a length (default 255); it only limits free text.
      if (encoding === 'string' && param.length !== undefined) schema.maxLength = param.length;
      return schema;
    }
    case 'boolean':
      return { type: 'boolean', description };
    case 'integer':
      return type === 'short' ? { type: 'integer', ...SHORT_RANGE, description } : { type: 'integer', description };
    case 'number':
      return { type: 'number', description };
    case 'list': {
      const items: JsonSchema = options.enumValues ? { type: 'string', enum: [...options.enumValues] } : { type: 'string' };
      return { anyOf: [{ type: 'array', items }, { type: 'string' }], description };
    }
    case 'map': {
      const item = mapItemSchema(shape);
      return { anyOf: [{ type: 'array', items: item }, item], description };
    }
    case 'object':
      return { anyOf: [{ type: 'string' }, { type: 'object' }], description };
  }
}

const paramSchemas = new WeakMap<ParamModel, JsonSchema>();

/** The full JSON Schema of a param's value, description included: derived, built once per param. */
export function paramSchemaOf(param: ParamModel): JsonSchema {
  let schema = paramSchemas.get(param);
  if (!schema) {
    schema = paramSchema(param, param.encoding, param.type, {
      ...(param.mapShape ? { mapShape: param.mapShape } : {}),
      ...(param.enum ? { enumValues: param.enum } : {}),
    });
    paramSchemas.set(param, schema);
  }
  return schema;
}

/** A tool's inputSchema from its params (each param's full schema, unless told otherwise). */
export function inputSchema(params: readonly ParamModel[], schemaOf: (param: ParamModel) => JsonSchema = paramSchemaOf): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const param of params) properties[param.name] = schemaOf(param);
  const required = params.filter((param) => param.required).map((param) => param.name);
  const schema: JsonSchema = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  schema.additionalProperties = false;
  return schema;
}

/** Response field type (Java simple name, lower-cased) → JSON Schema type keyword; absent = no type. */
const RESPONSE_TYPES: Record<string, string> = {
  string: 'string',
  date: 'string',
  uuid: 'string',
  url: 'string',
  char: 'string',
  integer: 'integer',
  int: 'integer',
  long: 'integer',
  short: 'integer',
  float: 'number',
  double: 'number',
  bigdecimal: 'number',
  boolean: 'boolean',
  list: 'array',
  set: 'array',
  'string[]': 'array',
  'long[]': 'array',
  'double[]': 'array',
  map: 'object',
};

/** Enum-like Java types (State, Status, ImageFormat, ...) serialize as their name: strings. */
const ENUM_LIKE_TYPES = new Set([
  'state', 'status', 'type', 'scopetype', 'storagepoolstatus', 'powerstate', 'hastate', 'imageformat',
  'apikeyaccess', 'clustertype', 'action', 'intervaltype', 'resourceobjecttype', 'hypervisortype', 'resourcestate',
]);

const ARRAY_ITEM_TYPES: Record<string, string> = { 'string[]': 'string', 'long[]': 'integer', 'double[]': 'number' };

export function responseFieldSchema(field: ResponseFieldModel): JsonSchema {
  const schema: JsonSchema = {};
  const nested = field.fields && field.fields.length > 0 ? entitySchema(field.fields) : undefined;
  const mapped = RESPONSE_TYPES[field.type] ?? (ENUM_LIKE_TYPES.has(field.type) ? 'string' : undefined);
  if (nested && (mapped === 'array' || mapped === undefined)) {
    if (mapped === 'array') {
      schema.type = 'array';
      schema.items = nested;
    } else {
      // A nested response object (xxxresponse type) documented with its fields.
      Object.assign(schema, nested);
    }
  } else if (mapped) {
    schema.type = mapped;
    const itemType = ARRAY_ITEM_TYPES[field.type];
    if (itemType) schema.items = { type: itemType };
  }
  if (field.description) schema.description = field.description;
  return schema;
}

/** An entity: its documented fields; nothing required, extra fields allowed (roles and versions vary). */
export function entitySchema(fields: readonly ResponseFieldModel[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field.name] = responseFieldSchema(field);
  return { type: 'object', properties, additionalProperties: true };
}

export function responseFieldModels(fields: readonly RawResponseField[] | undefined): ResponseFieldModel[] {
  return (fields ?? []).map((field) => {
    const model: ResponseFieldModel = { name: field.name, type: field.type, description: field.description };
    if (field.response && field.response.length > 0) model.fields = responseFieldModels(field.response);
    return model;
  });
}

const SUCCESS_FIELDS: Record<string, JsonSchema> = {
  success: { type: 'boolean', description: 'True when the operation succeeded.' },
  displaytext: { type: 'string', description: 'A message from CloudStack, if any.' },
  details: { type: 'string', description: 'A message from CloudStack (the key async jobs use), if any.' },
};

const COUNT_FIELD: JsonSchema = { type: 'integer', description: 'The total number of matching items across all pages.' };

const ASYNC_JOB_FIELDS: Record<string, JsonSchema> = {
  jobid: { type: 'string', description: 'The async job id (returned alone when the call did not wait for the job).' },
  id: { type: 'string', description: 'The id of the entity the job creates or acts on, returned with the job id.' },
  jobstatus: { type: 'integer', description: 'The job status: 0 pending, 1 succeeded, 2 failed.' },
};

const PAGING_FIELDS: Record<string, JsonSchema> = {
  page: { type: 'integer', description: 'The page returned (1-based).' },
  pagesize: { type: 'integer', description: 'The page size used.' },
  truncated: { type: 'boolean', description: 'True when more items exist than were returned.' },
  nextPage: { type: 'integer', description: 'The page to ask for next, when truncated.' },
};

/**
 * A tool's outputSchema: the content of CloudStack's response envelope (the structuredContent
 * convention in codegen/README.md). No `required` and extra properties allowed at the top level:
 * empty lists come back as `{}` and the server adds fields (paging, confirmation).
 */
export function outputSchema(
  kind: ResponseKind,
  responseKey: string | undefined,
  fields: readonly ResponseFieldModel[],
  job: JobAnswer,
): JsonSchema {
  return outputSchemaWithEntity(kind, responseKey, entitySchema(fields), job);
}

/** Whether an API answers with a job first (`wait: false`), and whether that answer holds the entity's id. */
export type JobAnswer = Pick<ApiModel, 'isAsync' | 'immediateId'>;

/** outputSchema with a given entity schema object (the renderer shares one per response class). */
export function outputSchemaWithEntity(
  kind: ResponseKind,
  responseKey: string | undefined,
  entity: JsonSchema,
  job: JobAnswer,
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  if (kind === 'success') {
    Object.assign(properties, SUCCESS_FIELDS);
  } else if (kind === 'list') {
    properties.count = COUNT_FIELD;
    if (responseKey) properties[responseKey] = { type: 'array', items: entity, description: 'The items of this page.' };
    Object.assign(properties, PAGING_FIELDS);
  } else if (responseKey) {
    properties[responseKey] = entity;
  } else {
    // Answers without an object-name wrapper (login, queryAsyncJobResult): the fields at the top.
    Object.assign(properties, entity.properties as Record<string, JsonSchema>);
  }
  if (job.isAsync) {
    for (const [name, schema] of Object.entries(ASYNC_JOB_FIELDS)) {
      // Only some APIs answer with the entity's id beside the job id (src/model/response-shape.ts immediateId).
      if (name === 'id' && !job.immediateId) continue;
      if (!(name in properties)) properties[name] = schema;
    }
  }
  return { type: 'object', properties, additionalProperties: true };
}


/** The outputSchema of an API of the model (what generated/tools holds for it). */
export function toolOutputSchema(api: Pick<ApiModel, 'responseKind' | 'responseKey' | 'response' | 'isAsync' | 'immediateId'>): JsonSchema {
  return outputSchema(api.responseKind, api.responseKey, api.response, api);
}

/** The inputSchema of an API of the model (what generated/tools holds for it). */
export function toolInputSchema(api: Pick<ApiModel, 'params'>): JsonSchema {
  return inputSchema(api.params);
}
