/**
 * `cloudstack-mcp` (no subcommand): the MCP server over stdio. Reads the configuration, opens the
 * bundled model (its index only), connects to CloudStack (or starts the embedded simulator) and
 * answers at once; what the live server grants (`listApis`) is learnt in the background.
 */
import { StdioLineTransport } from './stdio-transport.ts';
import { BundledModel, IndexedApi } from '../model/bundled.ts';
import { paramSignature } from '../model/param-signature.ts';
import type { ApiModel, ApiModelDocument } from '../model/types.ts';
import { CloudStackClient } from '../cloudstack/client.ts';
import { ConfigError, parseServerConfig, type ServerConfig } from '../config.ts';
import { formatHintOf } from '../format/hint.ts';
import { renderAnswer } from '../format/render.ts';
import { packageVersion } from '../package-root.ts';
import { AuditLog } from '../safety/audit.ts';
import { ConfirmationGate } from '../safety/gate.ts';
import { OwnIdentityResolver } from '../safety/own-identity.ts';
import { SecretFileWriter } from '../safety/secret-file.ts';
import { CatalogCache } from './catalog-cache.ts';
import { CatalogSource } from './catalog-source.ts';
import { fetchLiveApis } from './live-apis.ts';
import { describeApi } from './describe.ts';
import { createMcpServer } from './server.ts';
import { ToolDefinitions } from './tool-definitions.ts';

const log = (line: string) => process.stderr.write(`cloudstack-mcp: ${line}\n`);

/** The bundled model, or one built from --snapshot (the model compiler loads only then). */
export async function loadModel(snapshot: string | undefined): Promise<ApiModelDocument> {
  if (!snapshot) return BundledModel.open().document();
  const [{ buildModel, loadSnapshotFile }, { overrides }] = await Promise.all([import('../model/build.ts'), import('../../overrides/index.ts')]);
  const { doc, meta } = loadSnapshotFile(snapshot);
  return buildModel(doc, { overrides, meta, snapshotName: snapshot, strictOverrides: false, warn: log });
}

interface Connection {
  url: string;
  apiKey: string;
  secretKey: string;
  close?: () => Promise<void>;
}

/** The configured cloud, or the embedded simulator (loaded only when asked for). */
async function connect(config: ServerConfig, model: ApiModelDocument): Promise<Connection> {
  if (!config.simulator) return { url: config.url ?? '', apiKey: config.apiKey ?? '', secretKey: config.secretKey ?? '' };
  const { startSimulator } = await import('../simulator/index.ts');
  // With the bundled model the simulator reads it itself (and answers listApis in the snapshot's own form).
  const simulator = await startSimulator({ ...(config.snapshot ? { model } : {}), jobDelayMs: config.simulatorJobDelayMs });
  const account = simulator.accounts[config.simulatorRole];
  log(`embedded simulator (CloudStack ${simulator.cloudstackVersion}) at ${simulator.url}, connected as ${config.simulatorRole}`);
  return { url: simulator.url, apiKey: account.apiKey, secretKey: account.secretKey, close: () => simulator.close() };
}

export async function runServer(argv: string[]): Promise<number> {
  let config: ServerConfig;
  try {
    config = parseServerConfig(argv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`cloudstack-mcp: ${error.message}\nRun cloudstack-mcp --help for every option.\n`);
    return 2;
  }
  const version = packageVersion();
  const model = await loadModel(config.snapshot);
  const unknownToolsets = config.toolsets.filter((toolset) => !model.categories.some((category) => category.id === toolset));
  if (unknownToolsets.length > 0) {
    process.stderr.write(
      `cloudstack-mcp: unknown toolset(s) ${unknownToolsets.join(', ')}; the toolsets are: ${model.categories.map((c) => c.id).join(', ')}\n`,
    );
    return 2;
  }
  const connection = await connect(config, model);

  const clientOptions = {
    url: connection.url,
    apiKey: connection.apiKey,
    secretKey: connection.secretKey,
    timeoutMs: config.timeoutMs,
    tls: { caFile: config.caFile, insecure: config.insecure },
  };
  const catalogs: CatalogSource = new CatalogSource(model, {
    offline: config.offline,
    fetchLiveApis: () =>
      fetchLiveApis({
        client: { ...clientOptions, userAgent: `cloudstack-mcp/${version}` },
        bundled: model.apis.map((api) => [api.name, api instanceof IndexedApi ? api.paramSignature : paramSignature(api.params)]),
      }),
    // The embedded simulator is new every run: nothing to remember.
    cache:
      config.simulator || config.cacheTtlSeconds === 0
        ? undefined
        : new CatalogCache(config.cacheDir, connection.url, connection.apiKey, model.cloudstackVersion, config.cacheTtlSeconds * 1000),
    log,
  });
  const client = new CloudStackClient({
    ...clientOptions,
    connections: config.connections, connectionWaitMs: config.connectionWaitMs,
    model: (name) => catalogs.current().find(name),
    jobPolling: { initialDelayMs: config.jobPollMs },
    userAgent: `cloudstack-mcp/${version}`,
  });
  // The gate learns the server's own user (by its API key) at the first call against a user, account or role.
  const gate = new ConfirmationGate(config.confirm, undefined, new OwnIdentityResolver(client, connection.apiKey));
  const needsConfirmation = (api: ApiModel) => gate.requires(api);
  if (config.confirm === 'never') log('WARNING: --confirm never: destructive APIs run without any confirmation');
  if (config.revealSecrets) log('WARNING: --reveal-secrets: tool output shows secret values (logs and the audit log stay masked)');
  const audit = config.auditLog ? new AuditLog(config.auditLog) : undefined;
  const definitions = new ToolDefinitions(needsConfirmation);

  const server = createMcpServer({
    config,
    catalogs,
    version,
    toolOf: (api) => definitions.tool(api),
    describe: (api) => describeApi(api, { inputSchemaOf: (a) => definitions.inputSchema(a), needsConfirmation }),
    pipeline: {
      client,
      settings: {
        maxItems: config.maxItems,
        maxResultBytes: config.maxResultBytes,
        jobTimeoutMs: config.jobTimeoutMs,
        revealSecrets: config.revealSecrets,
        profile: config.profile,
        oneTimeSecrets: config.oneTimeSecrets,
      },
      secretStore: new SecretFileWriter(config.secretsDir),
      gate,
      audit,
      lookup: (name) => catalogs.current().find(name),
      log,
      inputSchemaOf: (api) => definitions.inputSchema(api),
      format: (api, content) => renderAnswer(formatHintOf(api), content, { maxRows: config.maxItems }),
    },
  });
  log(`serving surface ${config.tools}${config.toolsets.length ? ` + ${config.toolsets.join(',')}` : ''}${config.readOnly ? ', read-only' : ''}`);

  const transport = new StdioLineTransport({ log });
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    // The client going away closes stdin; the SDK transport does not treat that as the end.
    process.stdin.once('end', () => void server.close());
  });
  await catalogs.start({ deferRefresh: true });
  await server.connect(transport);
  // A client that never lists tools still gets the live catalog soon.
  setTimeout(() => catalogs.refreshNow(), 1_000).unref();
  await closed;
  await client.close();
  await connection.close?.();
  return 0;
}
