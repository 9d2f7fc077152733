/**
 * Reading a listApis document as a real server (or our snapshots) writes it, quirks included, into
 * plain normalized records. No file writing and no template engine here: the simulator imports this
 * at run time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** One param as listApis gives it, normalized (duplicates merged, description never missing). */
export interface RawParam {
  name: string;
  description: string;
  type: string;
  length?: number;
  required: boolean;
  since?: string;
  related?: string[];
}

/** One response field, `{}` entries removed, nested fields normalized the same way. */
export interface RawResponseField {
  name: string;
  description: string;
  type: string;
  response?: RawResponseField[];
}

export interface RawApi {
  name: string;
  description: string;
  since?: string;
  isAsync: boolean;
  related?: string[];
  params: RawParam[];
  response: RawResponseField[];
}

/** Thrown for documents that are not listApis answers at all (the only thing load refuses). */
export class SnapshotFormatError extends Error {
  override name = 'SnapshotFormatError';
}

type Warn = (message: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `related` is a comma string on the wire; duplicates happen (user/admin variants), keep first. */
function relatedList(value: unknown): string[] | undefined {
  const names = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
  const unique = [...new Set(names.filter((n): n is string => typeof n === 'string').map((n) => n.trim()))].filter(
    (n) => n !== '',
  );
  return unique.length > 0 ? unique : undefined;
}

function bool(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The `api` array of either `{"listapisresponse":{count,api}}` or the bare `{count,api}`. */
export function listApisEntries(doc: unknown): unknown[] {
  const envelope = isRecord(doc) && isRecord(doc.listapisresponse) ? doc.listapisresponse : doc;
  if (!isRecord(envelope)) {
    throw new SnapshotFormatError('not a listApis document: expected a JSON object');
  }
  if (envelope.api === undefined && Object.keys(envelope).length === 0) return []; // empty list answer: {}
  if (!Array.isArray(envelope.api)) {
    throw new SnapshotFormatError(
      'not a listApis document: expected {"listapisresponse":{"count":N,"api":[...]}} or {"count":N,"api":[...]}',
    );
  }
  return envelope.api;
}

function normalizeParams(apiName: string, rawParams: unknown, warn: Warn): RawParam[] {
  const byName = new Map<string, RawParam>();
  for (const raw of Array.isArray(rawParams) ? rawParams : []) {
    if (!isRecord(raw) || typeof raw.name !== 'string' || raw.name === '') {
      if (isRecord(raw) && Object.keys(raw).length === 0) continue;
      warn(`${apiName}: skipped a param without a name`);
      continue;
    }
    const param: RawParam = {
      name: raw.name,
      description: text(raw.description),
      type: text(raw.type).toLowerCase() || 'string',
      required: bool(raw.required),
    };
    if (typeof raw.length === 'number' && raw.length > 0) param.length = raw.length;
    const since = optionalText(raw.since);
    if (since) param.since = since;
    const related = relatedList(raw.related);
    if (related) param.related = related;

    const previous = byName.get(param.name);
    // A command class that re-declares its base class's parameter is listed twice: one param,
    // required if either declaration is, keeping whatever the first lacks.
    byName.set(param.name, previous ? mergeParams(previous, param) : param);
  }
  return [...byName.values()].sort((a, b) => compareNames(a.name, b.name));
}

function mergeParams(a: RawParam, b: RawParam): RawParam {
  const merged: RawParam = {
    ...b,
    ...a,
    required: a.required || b.required,
    description: a.description || b.description,
  };
  const related = relatedList([...(a.related ?? []), ...(b.related ?? [])]);
  if (related) merged.related = related;
  return merged;
}

function normalizeResponse(raw: unknown): RawResponseField[] {
  const byName = new Map<string, RawResponseField>();
  for (const entry of Array.isArray(raw) ? raw : []) {
    // `{}` = an undocumented field of the response class.
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') continue;
    const field: RawResponseField = {
      name: entry.name,
      description: text(entry.description),
      type: text(entry.type).toLowerCase(),
    };
    const nested = normalizeResponse(entry.response);
    if (nested.length > 0) field.response = nested;
    if (!byName.has(field.name)) byName.set(field.name, field);
  }
  return [...byName.values()].sort((a, b) => compareNames(a.name, b.name));
}

/** Plain code-unit order: deterministic and independent of the locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Normalizes every API of a listApis document; sorted by name, duplicates of an API name merged.
 * With `responses: false` the response trees are left out (empty): comparing a live server's
 * params with the model's needs none of them, and they are most of the work.
 */
export function parseListApis(doc: unknown, warn: Warn = () => {}, options: { responses?: boolean } = {}): RawApi[] {
  const withResponses = options.responses ?? true;
  const byName = new Map<string, RawApi>();
  for (const raw of listApisEntries(doc)) {
    if (!isRecord(raw) || typeof raw.name !== 'string' || raw.name === '') {
      if (!(isRecord(raw) && Object.keys(raw).length === 0)) warn('skipped an API entry without a name');
      continue;
    }
    const api: RawApi = {
      name: raw.name,
      description: text(raw.description),
      isAsync: bool(raw.isasync),
      params: normalizeParams(raw.name, raw.params, warn),
      response: withResponses ? normalizeResponse(raw.response) : [],
    };
    const since = optionalText(raw.since);
    if (since) api.since = since;
    const related = relatedList(raw.related);
    if (related) api.related = related;
    if (byName.has(api.name)) {
      warn(`${api.name}: listed twice, keeping the first entry`);
      continue;
    }
    byName.set(api.name, api);
  }
  return [...byName.values()].sort((a, b) => compareNames(a.name, b.name));
}

export interface LoadedSnapshot {
  doc: unknown;
  meta?: unknown;
  /** File name of the snapshot, e.g. `cloudstack-4.20.2.0.json`. */
  snapshotName: string;
}

function readJson(path: string): unknown {
  let textContent: string;
  try {
    textContent = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SnapshotFormatError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(textContent);
  } catch (error) {
    throw new SnapshotFormatError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `x.json` → `x.meta.json` beside it. */
export function metaPathFor(snapshotPath: string): string {
  return snapshotPath.replace(/(\.json)?$/, '.meta.json');
}

/** Reads a listApis file and, when present, the `.meta.json` side file beside it. */
export function loadSnapshotFile(path: string): LoadedSnapshot {
  const doc = readJson(path);
  const metaPath = metaPathFor(path);
  const loaded: LoadedSnapshot = { doc, snapshotName: basename(path) };
  if (metaPath !== path && existsSync(metaPath)) loaded.meta = readJson(metaPath);
  return loaded;
}
