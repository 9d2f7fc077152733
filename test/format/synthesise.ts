/**
 * Answers made from the model: an entity with every documented response field of an API, each
 * with a value of its documented type (nested fields one level down, as listApis documents them),
 * wrapped as the API answers (`{count, key: [entity]}` or `{key: entity}`).
 */
import type { ApiModel, ResponseFieldModel } from '../../src/model/types.ts';

type Json = Record<string, unknown>;

export const SAMPLE_DATE = '2026-01-02T03:04:05+0000';

function sampleOf(field: ResponseFieldModel): unknown {
  if (field.fields) {
    const nested = entityOf(field.fields);
    return field.type === 'list' || field.type === 'set' ? [nested] : nested;
  }
  switch (field.type) {
    case 'boolean':
      return true;
    case 'long':
    case 'integer':
    case 'int':
    case 'short':
      return 3221225472;
    case 'float':
    case 'double':
    case 'bigdecimal':
      return 1.5;
    case 'date':
      return SAMPLE_DATE;
    case 'map':
      return { key1: 'value1' };
    case 'list':
    case 'set':
    case 'string[]':
      return [`${field.name}-item`];
    case 'long[]':
    case 'double[]':
      return [1, 2];
    default:
      // string, uuid, url and CloudStack's enum types (state, status, imageformat, …); other
      // *response types are objects.
      return field.type.endsWith('response') ? { id: `${field.name}-id`, name: `${field.name}-name` } : `${field.name}-v`;
  }
}

export function entityOf(fields: readonly ResponseFieldModel[]): Json {
  return Object.fromEntries(fields.map((field) => [field.name, sampleOf(field)]));
}

/** The API's answer with one synthesised entity; undefined for kinds without an entity. */
export function answerOf(api: ApiModel): Json | undefined {
  const entity = entityOf(api.response);
  if (api.responseKind === 'list' && api.responseKey) return { count: 1, [api.responseKey]: [entity] };
  if (api.responseKind === 'object' && api.responseKey) return { [api.responseKey]: entity };
  if (api.responseKind === 'fields') return entity;
  return undefined;
}
