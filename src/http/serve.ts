/**
 * The server for a team (`--transport http`): who may call (bearer tokens, each an identity on a
 * profile), the HTTP front, and a clean stop on SIGTERM/SIGINT. Loaded only for --transport http,
 * so the stdio server never loads any of it.
 */
import type { ServerConfig } from '../config.ts';
import type { ApiModelDocument } from '../model/types.ts';
import type { TeamConfig, TokenIdentity } from '../profiles/profile.ts';
import { ProfileError } from '../profiles/profile-error.ts';
import { readTeamSecrets } from '../profiles/team-config.ts';
import { tokenProblem } from '../config.ts';
import { AuditLog } from '../safety/audit.ts';
import { MemoryConfirmationStore, type ConfirmationStore } from '../safety/confirm.ts';
import type { SessionRelay } from '../state/relay.ts';
import type { SessionStore } from '../state/session-store.ts';
import { BearerAuthenticator } from './auth.ts';
import { BackendPool } from './backends.ts';
import { isLoopbackHost, RequestOriginCheck } from './origin.ts';
import { HttpFront } from './server.ts';

/** The identity of the single --auth-token in audit lines. */
export const AUTH_TOKEN_IDENTITY = 'auth-token';

export interface ServeHttpOptions {
  config: ServerConfig;
  model: ApiModelDocument;
  version: string;
  /** The settings of a profile other than the flags' own (the flags over that profile). */
  configFor: (profile: string) => ServerConfig;
  /** Where confirmation tokens live (a store shared by replicas plugs in here). */
  confirmations?: ConfirmationStore;
  /** The session store shared by replicas (--state-url): any replica then serves any session. */
  sharedSessions?: SessionStore;
  /** With sharedSessions: carries answers and cancellations to the replica running the call. */
  relay?: SessionRelay;
  log: (line: string) => void;
}

export class HttpStartError extends Error {
  override name = 'HttpStartError';
}

/** Every token the server accepts: the config file's, and --auth-token for the flags' connection. */
export function tokenIdentities(config: ServerConfig, team?: TeamConfig): TokenIdentity[] {
  const tokens = [...(team?.tokens ?? [])];
  if (config.http.authToken) tokens.push({ identity: AUTH_TOKEN_IDENTITY, profile: config.profile, token: config.http.authToken });
  return tokens;
}

/**
 * The tokens, read now (a failing secret command stops the start, not the first request), each
 * long enough and none shared by two identities. Messages name identities, never tokens.
 */
function checkedTokens(config: ServerConfig): TokenIdentity[] {
  try {
    readTeamSecrets(config.team);
  } catch (error) {
    if (error instanceof ProfileError) throw new HttpStartError(error.message);
    throw error;
  }
  const tokens = tokenIdentities(config, config.team);
  for (const { identity, token } of tokens) {
    const problem = tokenProblem(token);
    if (problem) throw new HttpStartError(`the token of identity "${identity}" ${problem}`);
  }
  return tokens;
}

/** Starts listening; resolves once the server stopped (a signal), with the exit code. */
export async function serveHttp(options: ServeHttpOptions): Promise<number> {
  // Listened for before listening: a stop that comes during start-up still stops cleanly.
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const started = await startHttp(options);
  const signal = await stopped;
  options.log(`${signal}: closing ${started.front.sessions.size} session(s)`);
  await started.close();
  return 0;
}

export async function startHttp({ config, configFor, model, version, confirmations, sharedSessions, relay, log }: ServeHttpOptions) {
  const { http } = config;
  const tokens = checkedTokens(config);
  if (tokens.length === 0 && !isLoopbackHost(http.host)) {
    throw new HttpStartError(
      `refusing to serve on ${http.host} without authentication: anyone who can reach it could call CloudStack as its profiles' users. ` +
        'Set --auth-token (or CLOUDSTACK_MCP_AUTH_TOKEN), or tokens in the config file; or serve on 127.0.0.1',
    );
  }
  const backends = new BackendPool({
    config,
    configFor,
    model,
    version,
    audit: config.auditLog ? new AuditLog(config.auditLog) : undefined,
    log,
  });
  const unknown = tokens.filter((token) => !backends.has(token.profile));
  if (unknown.length > 0) {
    throw new HttpStartError(`the token(s) of ${unknown.map((t) => `${t.identity} (profile ${t.profile})`).join(', ')} name no configured profile`);
  }
  const front = new HttpFront(
    {
      auth: new BearerAuthenticator(tokens),
      origins: new RequestOriginCheck({ host: http.host, allowedOrigins: http.allowedOrigins, allowedHosts: http.allowedHosts }),
      backends,
      confirmations: confirmations ?? new MemoryConfirmationStore(),
      sharedSessions,
      relay,
      maxBodyBytes: http.maxBodyBytes,
      maxSessions: http.maxSessions,
      sessionIdleMs: http.sessionIdleSeconds * 1000,
      log,
    },
    config.profile,
  );
  let url: string;
  try {
    ({ url } = await front.listen(http.port, http.host));
  } catch (error) {
    throw new HttpStartError(`cannot listen on ${http.host}:${http.port}: ${(error as Error).message}`);
  }
  const who = tokens.length === 0 ? 'no authentication (loopback only)' : `${tokens.length} token(s): ${[...new Set(tokens.map((t) => t.identity))].join(', ')}`;
  log(`listening on ${url} (${who}); health at ${url.replace(/\/mcp$/, '/healthz')}`);
  return {
    url,
    front,
    async close() {
      await front.close();
      await backends.closeAll();
    },
  };
}
