/**
 * What an API's successful answer looks like: its ResponseKind and the JSON key of the entity
 * (responseKey). listApis does not say; CloudStack sets the key in code (`setObjectName(...)`,
 * `@SerializedName`), so it is derived here by rules, then the tables in overrides/response-keys.ts.
 */
import type { RawApi } from './load.ts';
import type { ResponseKind } from './types.ts';

const SUCCESS_CLASS = 'SuccessResponse';
const SUCCESS_FIELDS = new Set(['success', 'displaytext', 'details', 'jobid', 'jobstatus']);

/** `org.apache.cloudstack.api.response.ZoneResponse` → `ZoneResponse`. */
export function shortClassName(responseClass: string | undefined): string | undefined {
  if (!responseClass) return undefined;
  return responseClass.slice(responseClass.lastIndexOf('.') + 1).replace(/^.*\$/, '');
}

/** `listVirtualMachines` → `VirtualMachines` (the noun after the leading lower-case verb). */
function nounOf(apiName: string): string {
  return apiName.replace(/^[a-z]+/, '');
}

/** The Go SDK's rule (apache/cloudstack-go generate.go parseSingular), proven on real servers. */
export function singular(noun: string): string {
  if (noun.endsWith('ies')) return `${noun.slice(0, -3)}y`;
  if (noun.endsWith('sses')) return noun.slice(0, -2);
  return noun.endsWith('s') ? noun.slice(0, -1) : noun;
}

export function responseKindByRules(api: RawApi, responseClass: string | undefined): ResponseKind {
  const shortName = shortClassName(responseClass);
  const fieldNames = api.response.map((field) => field.name);
  const onlySuccessFields = fieldNames.includes('success') && fieldNames.every((name) => SUCCESS_FIELDS.has(name));
  if (shortName === SUCCESS_CLASS || onlySuccessFields) return 'success';
  const paged = api.params.some((param) => param.name === 'page' || param.name === 'pagesize');
  if (api.name.startsWith('list') || paged) return 'list';
  return 'object';
}

export interface ResponseKeyTables {
  /** Per API (overrides.responseKeys); an empty string means "fields at the top level, no wrapper". */
  byApi?: Readonly<Record<string, string>>;
  /** Per response class short name, for object answers. */
  byClass?: Readonly<Record<string, string>>;
}

/**
 * The entity key: per-API table first; lists use the singular of the API noun (listZones → zone);
 * objects use the class table, else the class name without `Response`, lower-cased.
 */
export function responseKeyFor(
  api: RawApi,
  kind: ResponseKind,
  responseClass: string | undefined,
  tables: ResponseKeyTables,
): string | undefined {
  if (kind === 'success') return undefined;
  const fromApi = tables.byApi?.[api.name];
  if (fromApi !== undefined) return fromApi === '' ? undefined : fromApi;
  if (kind === 'list') return singular(nounOf(api.name)).toLowerCase();
  const shortName = shortClassName(responseClass);
  if (shortName) {
    const fromClass = tables.byClass?.[shortName];
    if (fromClass !== undefined) return fromClass === '' ? undefined : fromClass;
    return shortName.replace(/Response$/, '').toLowerCase();
  }
  // No meta: the API noun is the best guess (createZone → zone).
  return singular(nounOf(api.name)).toLowerCase() || undefined;
}
