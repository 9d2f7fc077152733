/**
 * `cloudstack-mcp` (no subcommand): the MCP server. Reads the configuration, opens the bundled
 * model (its index only) and serves it over stdio (src/mcp/stdio.ts, the default) or Streamable
 * HTTP (src/http/, loaded only for --transport http); either is imported once the configuration
 * is known, so that a listApis the first answer needs can start first (src/mcp/early-live-apis.ts).
 * Each connects to CloudStack (or starts the embedded simulator) and answers at once; what the
 * live server grants (`listApis`) is learnt in the background.
 */
import { ConfigError, parseServerConfig, type ServerConfig } from '../config.ts';
import { packageVersion } from '../package-root.ts';
import { StateUnavailableError } from '../state/errors.ts';
import { openSharedState, type SharedState } from '../state/shared-state.ts';
import { startEarlyLiveApis } from './early-live-apis.ts';
import { loadModel } from './load-model.ts';

export { loadModel } from './load-model.ts';

const log = (line: string) => process.stderr.write(`cloudstack-mcp: ${line}\n`);

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
  const model = await loadModel(config.snapshot, log);
  const unknownToolsets = config.toolsets.filter((toolset) => !model.categories.some((category) => category.id === toolset));
  if (unknownToolsets.length > 0) {
    process.stderr.write(
      `cloudstack-mcp: unknown toolset(s) ${unknownToolsets.join(', ')}; the toolsets are: ${model.categories.map((c) => c.id).join(', ')}\n`,
    );
    return 2;
  }
  // Before the rest of the server loads (a dynamic import below), when the first tools/list needs it.
  const firstLiveApis = startEarlyLiveApis(config, model, version);
  if (config.confirm === 'never') log('WARNING: --confirm never: destructive APIs run without any confirmation');
  if (config.revealSecrets) log('WARNING: --reveal-secrets: tool output shows secret values (logs and the audit log stay masked)');
  // Tokens (and HTTP sessions) in Redis with --state-url, so replicas behave as one; else in memory.
  let state: SharedState;
  try {
    state = await openSharedState(config.stateUrl, { log, sessionIdleTtlMs: config.http.sessionIdleSeconds * 1000 });
  } catch (error) {
    if (!(error instanceof StateUnavailableError)) throw error;
    log(error.message);
    return 2;
  }
  if (state.shared) log(`shared state (confirmation tokens${config.transport === 'http' ? ', sessions' : ''}) at ${state.where}`);
  try {
    if (config.transport === 'stdio') {
      const { serveStdio } = await import('./stdio.ts');
      return await serveStdio({ config, model, version, log, confirmations: state.confirmations, firstLiveApis });
    }
    const { serveHttp, HttpStartError } = await import('../http/serve.ts');
    try {
      // Another profile's settings: the same flags over that profile, as --profile NAME would give.
      const configFor = (profile: string) => parseServerConfig([...argv, '--profile', profile], process.env, { log: () => undefined });
      return await serveHttp({ config, configFor, model, version, log, confirmations: state.confirmations, sharedSessions: state.shared ? state.sessions : undefined, relay: state.relay });
    } catch (error) {
      if (!(error instanceof HttpStartError)) throw error;
      log(error.message);
      return 2;
    }
  } finally {
    await state.close();
  }
}
