/**
 * The APIs this connection may use: the generated model, narrowed to what the server's `listApis`
 * grants the caller's role, plus APIs the server has that the snapshot lacks (plugins, newer
 * versions), modelled at start-up from their live description.
 */
import type { ApiModel, ApiModelDocument, CategoryModel } from '../model/types.ts';
import { compareNames, listApisEntries } from '../model/load.ts';

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
      .sort((a, b) => a.id.localeCompare(b.id));
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
}

/** Reduces a live `listApis` answer (the inner object `{count, api: [...]}`) to what the catalog keeps. */
export function reduceListApis(bundled: ReadonlySet<string>, listApis: unknown): LiveApis {
  const entries = listApisEntries({ listapisresponse: listApis });
  const nameOf = (entry: unknown) => (entry as { name?: unknown }).name;
  const names = [...new Set(entries.map(nameOf).filter((n): n is string => typeof n === 'string'))].sort();
  return { names, unknownEntries: entries.filter((entry) => typeof nameOf(entry) === 'string' && !bundled.has(nameOf(entry) as string)) };
}

/**
 * Narrows the model to what a live server offers. APIs known to both keep the generated model (it
 * has the meta file's roles and sensitivity); live-only APIs are modelled from the live description
 * with CloudStack's cautious defaults (sensitive request and response), so they are masked and
 * confirmed like the rest. The model compiler is loaded only when there is something to model.
 */
export async function liveCatalog(model: ApiModelDocument, live: LiveApis, warn?: (message: string) => void): Promise<ApiCatalog> {
  const liveNames = new Set(live.names);
  const known = model.apis.filter((api) => liveNames.has(api.name));
  const unknownEntries = live.unknownEntries;
  const liveOnly = unknownEntries.length === 0 ? [] : (await modelEntries(unknownEntries)).apis;
  if (liveOnly.length > 0) warn?.(`modelled from the live description: ${liveOnly.map((api) => api.name).join(', ')}`);
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

async function modelEntries(entries: unknown[]): Promise<ApiModelDocument> {
  const [{ buildModel }, { overrides }] = await Promise.all([import('../model/build.ts'), import('../../overrides/index.ts')]);
  return buildModel({ count: entries.length, api: entries }, { overrides, snapshotName: 'live listApis', strictOverrides: false, warn: () => {} });
}
