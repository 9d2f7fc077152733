/**
 * The APIs this connection may use: the generated model, narrowed to what the server's `listApis`
 * grants the caller's role, plus APIs the server has that the snapshot lacks (plugins, newer
 * versions), modelled at start-up from their live description.
 */
import type { ApiModel, ApiModelDocument, CategoryModel } from '../model/types.ts';
import { IndexedApi } from '../model/bundled.ts';
import { compareNames, listApisEntries, parseListApis } from '../model/load.ts';
import { paramDescription } from '../model/param-description.ts';
import { definitionSignature } from '../model/param-signature.ts';
import { descriptions as descriptionOverrides } from '../../overrides/descriptions.ts';
import { params as paramOverrides } from '../../overrides/params.ts';

export interface CatalogOrigin {
  /** CloudStack version of the bundled model. */
  modelVersion: string;
  /** Whether the list was narrowed by a live `listApis` (false with --offline). */
  live: boolean;
  /** APIs the live server offers that the snapshot lacks. */
  liveOnly: string[];
  /** APIs of the snapshot the live server does not offer to this caller. */
  unavailable: number;
}

export class ApiCatalog {
  private readonly byName = new Map<string, ApiModel>();
  private readonly byLowerName = new Map<string, ApiModel>();

  private readonly categoryDescriptions: Map<string, string>;

  constructor(
    readonly apis: readonly ApiModel[],
    readonly origin: CatalogOrigin,
    categories: readonly CategoryModel[] = [],
  ) {
    this.categoryDescriptions = new Map(categories.map((c) => [c.id, c.description]));
    for (const api of apis) {
      this.byName.set(api.name, api);
      this.byLowerName.set(api.name.toLowerCase(), api);
      this.byLowerName.set(api.toolName, api);
    }
  }

  /** Finds an API by its CloudStack name (any case) or its tool name. */
  find(name: string): ApiModel | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }

  /** The categories that have at least one API here, with how many. */
  categories(): Array<{ id: string; count: number; description: string }> {
    const counts = new Map<string, number>();
    for (const api of this.apis) counts.set(api.category, (counts.get(api.category) ?? 0) + 1);
    return [...counts]
      .map(([id, count]) => ({ id, count, description: this.categoryDescriptions.get(id) ?? '' }))
      // Not localeCompare: its first call loads ICU's collator, some 15 ms of every start.
      .sort((a, b) => compareNames(a.id, b.id));
  }
}

/** The bundled model as is: what --offline trusts. */
export function offlineCatalog(model: ApiModelDocument): ApiCatalog {
  return new ApiCatalog(
    model.apis,
    { modelVersion: model.cloudstackVersion, live: false, liveOnly: [], unavailable: 0 },
    model.categories,
  );
}

/** What a live `listApis` says, as much as the catalog (and its cache on disk) needs of it. */
export interface LiveApis {
  /** Every API name the server offers this caller. */
  names: string[];
  /** The listApis entries of the APIs the bundled model lacks (modelled from them). */
  unknownEntries: unknown[];
  /** The listApis entries of bundled APIs whose parameters the server describes otherwise (names, types, required flags, descriptions, lengths). */
  differingEntries: unknown[];
  /** The server's CloudStack version (listCapabilities), when it said. */
  serverVersion?: string;
}

/**
 * Reduces a live `listApis` answer (the inner object `{count, api: [...]}`) to what the catalog
 * keeps: the names, and the entries the bundled model cannot stand for (by param signature).
 */
export function reduceListApis(bundled: ReadonlyMap<string, string>, listApis: unknown, serverVersion?: string): LiveApis {
  const entries = listApisEntries({ listapisresponse: listApis });
  const apis = parseListApis({ listapisresponse: { count: entries.length, api: entries } }, () => {}, { responses: false });
  const parsed = new Map(apis.map((api) => [api.name, api]));
  const names = [...parsed.keys()].sort(compareNames);
  const entryOf = new Map<string, unknown>();
  for (const entry of entries) {
    const name = (entry as { name?: unknown }).name;
    if (typeof name === 'string' && !entryOf.has(name)) entryOf.set(name, entry);
  }
  const unknownEntries: unknown[] = [];
  const differingEntries: unknown[] = [];
  for (const name of names) {
    const signature = bundled.get(name);
    if (signature === undefined) unknownEntries.push(entryOf.get(name));
    else if (signature !== liveSignature(parsed.get(name)!)) differingEntries.push(entryOf.get(name));
  }
  return { names, unknownEntries, differingEntries, ...(serverVersion ? { serverVersion } : {}) };
}

/** The signature of a live API with the descriptions the model would give it and its params (fill-ins, overrides). */
function liveSignature(api: ReturnType<typeof parseListApis>[number]): string {
  return definitionSignature({
    description: descriptionOverrides[api.name] ?? api.description,
    isAsync: api.isAsync,
    params: api.params.map((param) => ({ ...param, description: paramDescription(param, paramOverrides[api.name]?.[param.name]) })),
  });
}

/**
 * Narrows the model to what a live server offers. APIs known to both keep the generated model (it
 * has the meta file's roles and sensitivity); live-only APIs are modelled from the live description
 * with CloudStack's cautious defaults (sensitive request and response), so they are masked and
 * confirmed like the rest. The model compiler is loaded only when there is something to model.
 */
export async function liveCatalog(model: ApiModelDocument, live: LiveApis, warn?: (message: string) => void): Promise<ApiCatalog> {
  const liveNames = new Set(live.names);
  const unknownEntries = live.unknownEntries;
  const liveOnly = unknownEntries.length === 0 ? [] : (await modelEntries(unknownEntries)).apis;
  if (liveOnly.length > 0) warn?.(`modelled from the live description: ${liveOnly.map((api) => api.name).join(', ')}`);
  const differing = new Map(
    (live.differingEntries.length === 0 ? [] : (await modelEntries(live.differingEntries)).apis).map((api) => [api.name, api]),
  );
  if (differing.size > 0) {
    warn?.(`${differing.size} API(s) take the parameters the server describes, not the ${model.cloudstackVersion} snapshot's`);
  }
  const version = live.serverVersion ?? 'this server';
  const known = model.apis
    .filter((api) => liveNames.has(api.name))
    .map((api) => {
      const served = differing.get(api.name);
      return served ? withServedParams(api, served, version) : api;
    });
  const apis = [...known, ...liveOnly].sort((a, b) => compareNames(a.name, b.name));
  return new ApiCatalog(
    apis,
    {
      modelVersion: model.cloudstackVersion,
      live: true,
      liveOnly: liveOnly.map((api) => api.name),
      unavailable: model.apis.length - known.length,
    },
    [...model.categories],
  );
}

/**
 * The bundled API with the parameters the server describes (types, required flags, descriptions,
 * lengths) and its description of the API, keeping what only the bundled model knows (danger
 * policy, response shape, sensitivity of the answer, roles); a param the server lacks is
 * remembered, so that passing it is refused by name.
 */
function withServedParams(bundled: ApiModel, served: ApiModel, version: string): ApiModel {
  const full = bundled instanceof IndexedApi ? bundled.full() : bundled;
  const servedNames = new Set(served.params.map((param) => param.name));
  const lacks = full.params.filter((param) => !servedNames.has(param.name)).map((param) => param.name);
  return {
    ...full,
    description: served.description,
    isAsync: served.isAsync,
    params: served.params,
    requestHasSensitiveInfo: full.requestHasSensitiveInfo || served.params.some((param) => param.sensitive),
    ...(lacks.length > 0 ? { serverLacks: { version, params: lacks } } : {}),
  };
}

async function modelEntries(entries: unknown[]): Promise<ApiModelDocument> {
  const [{ buildModel }, { overrides }] = await Promise.all([import('../model/build.ts'), import('../../overrides/index.ts')]);
  return buildModel({ count: entries.length, api: entries }, { overrides, snapshotName: 'live listApis', strictOverrides: false, warn: () => {} });
}
