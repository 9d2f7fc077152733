/**
 * Where the server's catalog comes from over its life: the bundled model at once (or the cached
 * live catalog of the last run), then what the live server's `listApis` says, fetched in the
 * background so that start-up never waits for the cloud. Calls wait for the live answer (`ready`);
 * a surface that lists no per-API tools does not need to.
 */
import type { ApiModelDocument } from '../model/types.ts';
import type { CatalogCache } from './catalog-cache.ts';
import { liveCatalog, offlineCatalog, type ApiCatalog, type LiveApis } from './catalog.ts';

/**
 * How long a tools/list of per-API tools waits for the first live answer before listing the
 * bundled (or cached) catalog: a busy management server takes seconds to send its megabytes, an
 * unreachable one up to three timeouts. A later answer that changes the list is announced.
 */
export const LIST_WAIT_MS = 3_000;

export interface CatalogSourceOptions {
  /** Trust the bundled model; never ask the server. */
  offline: boolean;
  /** What the server's `listApis` says (src/mcp/live-apis.ts). */
  fetchLiveApis: () => Promise<LiveApis>;
  cache?: CatalogCache;
  log: (line: string) => void;
}

export class CatalogSource {
  private catalog: ApiCatalog;
  private live: LiveApis | undefined;
  private settled: Promise<void> = Promise.resolve();
  /** A refresh not started yet: it waits until the first tools/list is answered, or until needed. */
  private pending: (() => void) | undefined;
  private startedFromCache = false;
  /** Told when the catalog changed after start-up (the tool list may differ). */
  onChange?: (catalog: ApiCatalog) => void;

  constructor(
    private readonly model: ApiModelDocument,
    private readonly options: CatalogSourceOptions,
  ) {
    this.catalog = offlineCatalog(model);
  }

  current(): ApiCatalog {
    return this.catalog;
  }

  /** The catalog once the live answer is in (or has failed): what calls are checked against. */
  async ready(): Promise<ApiCatalog> {
    // Without a cached catalog the answer is needed now; with one, the refresh can wait its turn.
    if (!this.startedFromCache) this.refreshNow();
    await this.settled;
    return this.catalog;
  }

  /**
   * The catalog a tools/list answers with: the live one when it is in within `waitMs`, else the
   * current one; the live answer, once in, reaches the client through `onChange`.
   */
  async listable(waitMs = LIST_WAIT_MS): Promise<ApiCatalog> {
    if (!this.startedFromCache) this.refreshNow();
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      this.settled.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      this.options.log(`listApis has not answered within ${waitMs / 1000} s: listing the ${this.live ? 'cached catalog' : `${this.model.cloudstackVersion} snapshot`} until it does`);
    }
    return this.catalog;
  }

  /** Starts a deferred refresh (no-op when there is none). */
  refreshNow(): void {
    const start = this.pending;
    this.pending = undefined;
    start?.();
  }

  /**
   * Starts from the cache when it has this endpoint and key, then refreshes in the background.
   * Resolves as soon as the first catalog is in place; `ready()` tells when the refresh is done.
   * With `deferRefresh`, the refresh waits for `refreshNow()` (or `ready()`), so that it does not
   * compete with the first tools/list; `ready()` still waits for it when there was no cache. When
   * that first list itself needs the live answer (`firstListNeedsLive`: per-API surfaces) and there
   * is no cache, deferring would only make it wait longer: the refresh starts at once.
   */
  async start(options: { deferRefresh?: boolean; firstListNeedsLive?: boolean } = {}): Promise<void> {
    if (this.options.offline) return;
    const cached = this.options.cache?.read();
    if (cached) {
      this.startedFromCache = true;
      this.live = cached;
      this.catalog = await liveCatalog(this.model, cached, this.options.log);
      this.describe('cached catalog');
    }
    let begin!: () => void;
    const begun = new Promise<void>((resolve) => (begin = resolve));
    const refreshed = begun.then(() => this.refresh());
    // With a cache, calls need not wait for the refresh; without one, they must.
    if (!cached) this.settled = refreshed;
    this.pending = begin;
    if (!options.deferRefresh || (!cached && options.firstListNeedsLive)) this.refreshNow();
  }

  private async refresh(): Promise<void> {
    let live: LiveApis;
    try {
      live = await this.options.fetchLiveApis();
    } catch (error) {
      this.options.log(`listApis failed, serving the ${this.model.cloudstackVersion} ${this.live ? 'cached catalog' : 'snapshot'} as is: ${(error as Error).message}`);
      return;
    }
    try {
      this.options.cache?.write(live);
    } catch (error) {
      this.options.log(`could not save the catalog cache: ${(error as Error).message}`);
    }
    if (this.live && sameApis(this.live, live)) return;
    this.live = live;
    this.catalog = await liveCatalog(this.model, live, this.options.log);
    this.describe('listApis');
    this.onChange?.(this.catalog);
  }

  private describe(source: string): void {
    const { apis, origin } = this.catalog;
    this.options.log(
      `${source}: ${apis.length} APIs available to this account` +
        (origin.liveOnly.length ? `, ${origin.liveOnly.length} not in the ${this.model.cloudstackVersion} snapshot` : ''),
    );
  }
}

/** Whether two listApis answers make the same catalog: the same names, and the same entries modelled from the live text. */
function sameApis(a: LiveApis, b: LiveApis): boolean {
  return (
    a.names.join(',') === b.names.join(',') &&
    JSON.stringify(a.unknownEntries) === JSON.stringify(b.unknownEntries) &&
    JSON.stringify(a.differingEntries ?? []) === JSON.stringify(b.differingEntries ?? []) &&
    a.serverVersion === b.serverVersion
  );
}
