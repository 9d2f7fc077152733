/**
 * A live `listApis` answer as a snapshot file in the bundled files' form: `{"listapisresponse":
 * {count, api}}`, APIs, params and response fields sorted by name (`{}` entries last), 2-space
 * indentation. Only the order changes: entries stay as the server wrote them (duplicated params,
 * `{}` fields), so the file is still a faithful listApis document.
 */
import { compareNames } from '../../src/model/load.ts';

type Entry = Record<string, unknown>;

function isRecord(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.name === 'string' && value.name !== '' ? value.name : undefined;
}

/** Named entries by name (stable for equal names), unnamed ones (`{}`) after them in their order. */
function sortByName(entries: unknown): unknown {
  if (!Array.isArray(entries)) return entries;
  const named = entries.filter((entry) => nameOf(entry) !== undefined);
  const unnamed = entries.filter((entry) => nameOf(entry) === undefined);
  named.sort((a, b) => compareNames(nameOf(a)!, nameOf(b)!));
  return [...named, ...unnamed];
}

function sortResponse(fields: unknown): unknown {
  const sorted = sortByName(fields);
  if (!Array.isArray(sorted)) return sorted;
  return sorted.map((field) => (isRecord(field) && Array.isArray(field.response) ? { ...field, response: sortResponse(field.response) } : field));
}

function sortApi(api: unknown): unknown {
  if (!isRecord(api)) return api;
  const sorted: Entry = { ...api };
  if (Array.isArray(api.params)) sorted.params = sortByName(api.params);
  if (Array.isArray(api.response)) sorted.response = sortResponse(api.response);
  return sorted;
}

/** `{count, api}` (the client's inner object) → the snapshot document. */
export function toSnapshotDocument(listApisAnswer: Entry): { listapisresponse: { count: number; api: unknown[] } } {
  const apis = Array.isArray(listApisAnswer.api) ? listApisAnswer.api : [];
  const api = (sortByName(apis) as unknown[]).map(sortApi);
  const count = typeof listApisAnswer.count === 'number' ? listApisAnswer.count : api.length;
  return { listapisresponse: { count, api } };
}

export function snapshotText(listApisAnswer: Entry): string {
  return `${JSON.stringify(toSnapshotDocument(listApisAnswer), null, 2)}\n`;
}

/** `4.20.2.0` → `cloudstack-4.20.2.0-live.json`; a version with odd characters is made file-safe. */
export function liveSnapshotName(version: string): string {
  const safe = version.replace(/[^A-Za-z0-9._-]/g, '_') || 'unknown';
  return `cloudstack-${safe}-live.json`;
}
