/**
 * What the server keeps per CloudStack profile (one endpoint, one API key pair), shared by every
 * session of that profile: the connection, the client and its connection pool, the role-aware
 * catalog (bundled model + that key's live listApis, with its cache), the tool definitions, the
 * server's own-identity lookup and the audit log. Sessions (src/mcp/session.ts) add what must not
 * be shared: the confirmation gate and the MCP server itself.
 */
import type { ApiModel, ApiModelDocument } from '../model/types.ts';
import { CloudStackClient } from '../cloudstack/client.ts';
import type { ServerConfig } from '../config.ts';
import { formatHintOf } from '../format/hint.ts';
import { renderAnswer } from '../format/render.ts';
import { AuditLog } from '../safety/audit.ts';
import { confirmationRequired } from '../safety/gate.ts';
import { OwnIdentityResolver } from '../safety/own-identity.ts';
import type { ApiCatalog, LiveApis } from './catalog.ts';
import { catalogCacheFor } from './catalog-cache.ts';
import { CatalogSource } from './catalog-source.ts';
import { configuredConnection, connectionClientOptions, type Connection } from './connection.ts';
import { fetchLiveApis, liveApisRequest } from './live-apis.ts';
import { describeApi } from './describe.ts';
import { ToolDefinitions } from './tool-definitions.ts';

export interface Backend {
  /** The profile's effective settings (the flags, with the profile's own choices over them). */
  config: ServerConfig;
  connection: Connection;
  client: CloudStackClient;
  catalogs: CatalogSource;
  definitions: ToolDefinitions;
  ownIdentity: OwnIdentityResolver;
  audit?: AuditLog;
  version: string;
  needsConfirmation: (api: ApiModel) => boolean;
  describe: (api: ApiModel) => { text: string; structured: Record<string, unknown> };
  format: (api: ApiModel, content: Record<string, unknown>) => string;
  /** Every session's server hears of a changed catalog; returns the unsubscribe. */
  onCatalogChange(listener: (catalog: ApiCatalog) => void): () => void;
  close(): Promise<void>;
}

export interface BackendOptions {
  config: ServerConfig;
  model: ApiModelDocument;
  connection: Connection;
  version: string;
  /** One audit log per process (several profiles may share its file). */
  audit?: AuditLog;
  /** A first listApis already on its way (src/mcp/early-live-apis.ts): the catalog's first refresh is that one. */
  firstLiveApis?: Promise<LiveApis>;
  log: (line: string) => void;
}

export type { Connection } from './connection.ts';

export function createBackend({ config, model, connection, version, audit, firstLiveApis, log }: BackendOptions): Backend {
  let early = firstLiveApis;
  const catalogs: CatalogSource = new CatalogSource(model, {
    offline: config.offline,
    fetchLiveApis: () => {
      const fetched = early ?? fetchLiveApis(liveApisRequest(config, connection, model, version));
      early = undefined;
      return fetched;
    },
    cache: catalogCacheFor(config, connection, model.cloudstackVersion),
    log,
  });
  const listeners = new Set<(catalog: ApiCatalog) => void>();
  catalogs.onChange = (catalog) => {
    for (const listener of listeners) listener(catalog);
  };
  const client = new CloudStackClient({
    ...connectionClientOptions(config, connection, version),
    connections: config.connections,
    connectionWaitMs: config.connectionWaitMs,
    model: (name) => catalogs.current().find(name),
    jobPolling: { initialDelayMs: config.jobPollMs },
  });
  const needsConfirmation = (api: ApiModel) => confirmationRequired(api, config.confirm);
  const definitions = new ToolDefinitions(needsConfirmation);
  return {
    config,
    connection,
    client,
    catalogs,
    definitions,
    // The gate learns the profile's own user (by its API key) at the first call against a user, account or role.
    ownIdentity: new OwnIdentityResolver(client, connection.apiKey),
    audit,
    version,
    needsConfirmation,
    describe: (api) => describeApi(api, { inputSchemaOf: (a) => definitions.inputSchema(a), needsConfirmation }),
    format: (api, content) => renderAnswer(formatHintOf(api), content, { maxRows: config.maxItems }),
    onCatalogChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await client.close();
      await connection.close?.();
    },
  };
}

/** The configured cloud, or the embedded simulator (loaded only when asked for). */
export async function connect(config: ServerConfig, model: ApiModelDocument, log: (line: string) => void): Promise<Connection> {
  if (!config.simulator) return configuredConnection(config);
  const { startSimulator } = await import('../simulator/index.ts');
  // With the bundled model the simulator reads it itself (and answers listApis in the snapshot's own form).
  const simulator = await startSimulator({ ...(config.snapshot ? { model } : {}), jobDelayMs: config.simulatorJobDelayMs });
  const account = simulator.accounts[config.simulatorRole];
  log(`embedded simulator (CloudStack ${simulator.cloudstackVersion}) at ${simulator.url}, connected as ${config.simulatorRole}`);
  return { url: simulator.url, apiKey: account.apiKey, secretKey: account.secretKey, close: () => simulator.close() };
}
