/**
 * The APIs the simulator serves: the project's model of a listApis snapshot, plus the snapshot's
 * own `listApis` entries so `listApis` answers in exactly the file's shape. By default the model is
 * the generated one (generated/model/, the same as buildModel of the default snapshot, without the
 * second it takes to build) and the snapshot file is read only when `listApis` is first asked.
 */
import { BundledModel } from '../model/bundled.ts';
import { buildModel, loadSnapshotFile } from '../model/build.ts';
import { listApisEntries } from '../model/load.ts';
import type { ApiModel, ApiModelDocument } from '../model/types.ts';
import { packagePath } from '../package-root.ts';
import type { JsonObject } from './envelope.ts';
import { overrides } from '../../overrides/index.ts';

/** The snapshot generated/model/ is built from (codegen's default). */
export function defaultSnapshotPath(): string {
  return packagePath('api-snapshots', 'cloudstack-4.20.2.0.json');
}

export interface ApiCatalog {
  model: ApiModelDocument;
  /** By exact API name: CloudStack looks commands up case-sensitively. */
  byName: Map<string, ApiModel>;
  /** The API as `listApis` shows it to the root admin. */
  listApisEntry(api: ApiModel): JsonObject;
  /** Java class of the command (the job's `cmd`), from the meta file when there is one. */
  commandClass(api: ApiModel): string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Renders a listApis entry from the model when there is no snapshot document (an in-memory model). */
function entryFromModel(api: ApiModel): JsonObject {
  const fields = (list: ApiModel['response']): JsonObject[] =>
    list.map((f) => ({ name: f.name, description: f.description, type: f.type, ...(f.fields ? { response: fields(f.fields) } : {}) }));
  return {
    name: api.name,
    description: api.description,
    ...(api.since ? { since: api.since } : {}),
    isasync: api.isAsync,
    ...(api.related ? { related: api.related.join(',') } : {}),
    params: api.params.map((p) => ({
      name: p.name,
      description: p.description,
      type: p.type,
      length: p.length ?? 255,
      required: p.required,
      ...(p.since ? { since: p.since } : {}),
      ...(p.related ? { related: p.related.join(',') } : {}),
    })),
    response: fields(api.response),
  };
}

function entriesByName(rawDoc: unknown): Map<string, JsonObject> {
  const rawEntries = new Map<string, JsonObject>();
  if (rawDoc !== undefined) {
    for (const entry of listApisEntries(rawDoc)) {
      if (isRecord(entry) && typeof entry.name === 'string' && !rawEntries.has(entry.name)) rawEntries.set(entry.name, entry);
    }
  }
  return rawEntries;
}

function makeCatalog(model: ApiModelDocument, rawDoc: () => unknown, meta: unknown): ApiCatalog {
  const byName = new Map(model.apis.map((api) => [api.name, api]));
  let rawEntries: Map<string, JsonObject> | undefined;
  const metaApis = isRecord(meta) && isRecord(meta.apis) ? meta.apis : {};
  return {
    model,
    byName,
    listApisEntry: (api) => (rawEntries ??= entriesByName(rawDoc())).get(api.name) ?? entryFromModel(api),
    commandClass: (api) => {
      if (api.commandClass) return api.commandClass;
      const entry = metaApis[api.name];
      if (isRecord(entry) && typeof entry.class === 'string') return entry.class;
      return `org.apache.cloudstack.api.command.${api.name.charAt(0).toUpperCase()}${api.name.slice(1)}Cmd`;
    },
  };
}

const cache = new Map<string, ApiCatalog>();

/** Loads (once per process and path) a snapshot and its .meta.json, and builds the model. */
export function catalogFromSnapshot(path: string): ApiCatalog {
  const cached = cache.get(path);
  if (cached) return cached;
  const { doc, meta, snapshotName } = loadSnapshotFile(path);
  // Other people's snapshots may not match the project's overrides: skip those entries, don't fail.
  const model = buildModel(doc, { overrides, meta, snapshotName, strictOverrides: false, warn: () => {} });
  const catalog = makeCatalog(model, () => doc, meta);
  cache.set(path, catalog);
  return catalog;
}

let bundled: ApiCatalog | undefined;

/** The generated model, with the default snapshot's own entries for listApis. */
export function bundledCatalog(): ApiCatalog {
  bundled ??= makeCatalog(BundledModel.open().decodeAll(), () => loadSnapshotFile(defaultSnapshotPath()).doc, undefined);
  return bundled;
}

export function catalogFromModel(model: ApiModelDocument): ApiCatalog {
  return makeCatalog(model, () => undefined, undefined);
}
