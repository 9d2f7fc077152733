/**
 * `cloudstack-mcp` (no subcommand): the MCP server over stdio. Reads the configuration, connects to
 * CloudStack (or starts the embedded simulator), learns what the caller may use, and serves.
 */
import { readFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { buildModel, loadSnapshotFile } from '../model/build.ts';
import { keyFieldsFor } from '../model/display.ts';
import type { ApiModel, ApiModelDocument } from '../model/types.ts';
import { formatHints } from '../../generated/formatters/index.ts';
import { CloudStackClient } from '../cloudstack/client.ts';
import { ConfigError, parseServerConfig, type ServerConfig } from '../config.ts';
import { renderAnswer } from '../format/render.ts';
import { startSimulator, type RunningSimulator } from '../simulator/index.ts';
import { liveCatalog, offlineCatalog, type ApiCatalog } from './catalog.ts';
import { describeApi } from './describe.ts';
import { createMcpServer } from './server.ts';
import { ToolDefinitions } from './tool-definitions.ts';
import { AuditLog } from '../safety/audit.ts';
import { ConfirmationGate } from '../safety/gate.ts';
import { overrides } from '../../overrides/index.ts';

const BUNDLED_MODEL = new URL('../../generated/api-model.json', import.meta.url);
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

const log = (line: string) => process.stderr.write(`cloudstack-mcp: ${line}\n`);

/** The bundled model, or one built from --snapshot. */
export function loadModel(snapshot: string | undefined): { model: ApiModelDocument; bundled: boolean } {
  if (!snapshot) return { model: JSON.parse(readFileSync(BUNDLED_MODEL, 'utf8')) as ApiModelDocument, bundled: true };
  const { doc, meta } = loadSnapshotFile(snapshot);
  return { model: buildModel(doc, { overrides, meta, snapshotName: snapshot, strictOverrides: false, warn: log }), bundled: false };
}

/** Asks the server which APIs this key may call; falls back to the snapshot when it cannot. */
async function discoverCatalog(config: ServerConfig, model: ApiModelDocument, client: CloudStackClient): Promise<ApiCatalog> {
  if (config.offline) return offlineCatalog(model);
  try {
    const answer = await client.request('listApis', {}, { readOnly: true });
    const catalog = liveCatalog(model, answer, log);
    log(
      `listApis: ${catalog.apis.length} APIs available to this account` +
        (catalog.origin.liveOnly.length ? `, ${catalog.origin.liveOnly.length} not in the ${model.cloudstackVersion} snapshot` : ''),
    );
    return catalog;
  } catch (error) {
    log(`listApis failed, serving the ${model.cloudstackVersion} snapshot as is: ${(error as Error).message}`);
    return offlineCatalog(model);
  }
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
  const version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  const { model, bundled } = loadModel(config.snapshot);

  let simulator: RunningSimulator | undefined;
  let connection = { url: config.url ?? '', apiKey: config.apiKey ?? '', secretKey: config.secretKey ?? '' };
  if (config.simulator) {
    simulator = await startSimulator({ model, jobDelayMs: config.simulatorJobDelayMs });
    const account = simulator.accounts[config.simulatorRole];
    connection = { url: simulator.url, apiKey: account.apiKey, secretKey: account.secretKey };
    log(`embedded simulator (CloudStack ${simulator.cloudstackVersion}) at ${simulator.url}, connected as ${config.simulatorRole}`);
  }

  const client = new CloudStackClient({
    ...connection,
    model,
    timeoutMs: config.timeoutMs,
    jobPolling: { initialDelayMs: config.jobPollMs },
    tls: { caFile: config.caFile, insecure: config.insecure },
    userAgent: `cloudstack-mcp/${version}`,
  });
  const catalog = await discoverCatalog(config, model, client);
  const gate = new ConfirmationGate(config.confirm);
  const needsConfirmation = (api: ApiModel) => gate.requires(api);
  if (config.confirm === 'never') log('WARNING: --confirm never: destructive APIs run without any confirmation');
  if (config.revealSecrets) log('WARNING: --reveal-secrets: tool output shows secret values (logs and the audit log stay masked)');
  const audit = config.auditLog ? new AuditLog(config.auditLog) : undefined;
  const definitions = new ToolDefinitions(bundled, needsConfirmation);

  const { server, tools } = createMcpServer({
    config,
    catalog,
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
      },
      gate,
      audit,
      lookup: (name) => catalog.find(name),
      log,
      inputSchemaOf: (api) => definitions.inputSchema(api),
      format: (api, content) =>
        renderAnswer(
          formatHints[api.name] ?? { kind: api.responseKind, key: api.responseKey, keyFields: keyFieldsFor(api, undefined) },
          content,
          { maxRows: config.maxItems },
        ),
    },
  });
  log(`serving ${tools.length} tools (surface ${config.tools}${config.toolsets.length ? ` + ${config.toolsets.join(',')}` : ''}${config.readOnly ? ', read-only' : ''})`);

  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    // The client going away closes stdin; the SDK transport does not treat that as the end.
    process.stdin.once('end', () => void server.close());
  });
  await server.connect(transport);
  await closed;
  await client.close();
  await simulator?.close();
  return 0;
}
