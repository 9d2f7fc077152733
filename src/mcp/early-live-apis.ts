/**
 * The first listApis, started before the rest of the server loads, when the first tools/list is
 * going to wait for it: a per-API surface over stdio with no fresh cached catalog. The server's
 * remaining modules (the SDK, the pipeline, the formatters) take ~170 ms to load; the listApis
 * worker process runs beside them on the other core instead of after them. Every other start
 * leaves listApis for later, so that it does not compete with the first answer.
 */
import type { ServerConfig } from '../config.ts';
import type { ApiModelDocument } from '../model/types.ts';
import { catalogCacheFor } from './catalog-cache.ts';
import type { LiveApis } from './catalog.ts';
import { configuredConnection } from './connection.ts';
import { fetchLiveApis, liveApisRequest } from './live-apis.ts';
import { listsPerApiTools } from './surfaces.ts';

export function startEarlyLiveApis(config: ServerConfig, model: ApiModelDocument, version: string): Promise<LiveApis> | undefined {
  if (config.transport !== 'stdio' || config.offline || config.simulator || !listsPerApiTools(config)) return undefined;
  const connection = configuredConnection(config);
  if (catalogCacheFor(config, connection, model.cloudstackVersion)?.read()) return undefined;
  const early = fetchLiveApis(liveApisRequest(config, connection, model, version));
  // The catalog source reports a failure when it takes this answer; until then it is not unhandled.
  early.catch(() => undefined);
  return early;
}
