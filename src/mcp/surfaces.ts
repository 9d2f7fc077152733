/**
 * Which tools a client sees: a filter over the catalog, not separate code paths.
 * - discovery (default): the meta-tools, plus query_async_job_result to follow jobs;
 * - --toolsets a,b: also the dedicated tools of those categories;
 * - all: a dedicated tool for every API;
 * - --read-only: only read-only tools, in every surface (reads that return secrets are not
 *   annotated read-only, so that clients never auto-approve them, and are left out too).
 */
import type { ApiModel } from '../model/types.ts';
import type { ServerConfig } from '../config.ts';
import { ConfigError } from '../config.ts';
import type { ApiCatalog } from './catalog.ts';
import { isAutoApprovableRead } from './discovery.ts';

/** Whether the surface lists per-API tools (then its tools/list needs the live catalog), not only the meta-tools. */
export function listsPerApiTools(config: Pick<ServerConfig, 'tools' | 'toolsets'>): boolean {
  return config.tools === 'all' || config.toolsets.length > 0;
}

/** Always listed next to the meta-tools: a job that outlived a call is followed with it. */
const ALWAYS_DEDICATED = ['queryAsyncJobResult'];

export function dedicatedApis(catalog: ApiCatalog, config: Pick<ServerConfig, 'tools' | 'toolsets' | 'readOnly'>): ApiModel[] {
  const known = new Set(catalog.categories().map((c) => c.id));
  const unknown = config.toolsets.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new ConfigError(`unknown toolset(s) ${unknown.join(', ')}; the toolsets are: ${[...known].join(', ')}`);
  }
  const wanted = new Set(config.toolsets);
  return catalog.apis.filter(
    (api) =>
      (config.tools === 'all' || wanted.has(api.category) || ALWAYS_DEDICATED.includes(api.name)) &&
      (!config.readOnly || isAutoApprovableRead(api)),
  );
}
