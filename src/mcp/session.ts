/**
 * One MCP session: a confirmation gate and an MCP server over a profile's backend. Everything a
 * session may change or remember stays here — confirmation tokens are bound to its id, its tool
 * surfaces and in-flight requests (and their cancellation) belong to its own server — while the
 * backend it shares with the profile's other sessions holds only what the profile's key decides.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ServerConfig } from '../config.ts';
import type { OneTimeSecretPolicy } from '../profiles/profile.ts';
import { SecretFileWriter } from '../safety/secret-file.ts';
import type { ConfirmationStore } from '../safety/confirm.ts';
import { ConfirmationGate } from '../safety/gate.ts';
import type { Backend } from './backend.ts';
import { createMcpServer } from './server.ts';

export interface SessionOptions {
  /** Where confirmation tokens live: one store for every session (and replica); tokens are bound to `id`. */
  confirmations: ConfirmationStore;
  /** The session's id (HTTP); absent over stdio, where the process is the session. */
  id?: string;
  /** Who the session is for (the HTTP token's identity), on its audit lines. */
  identity?: string;
  /** The client is not on the server's machine (HTTP): a secret saved to a file there would reach no one. */
  remote?: boolean;
  log: (line: string) => void;
}

export function createSession(backend: Backend, options: SessionOptions): Server {
  const { config } = backend;
  const gate = new ConfirmationGate(config.confirm, options.confirmations, backend.ownIdentity, options.id);
  const audit = options.identity === undefined ? backend.audit : backend.audit?.as(options.identity);
  const oneTimeSecrets = oneTimeSecretPolicy(config, options.remote ?? false);
  return createMcpServer({
    config,
    catalogs: backend.catalogs,
    version: backend.version,
    onCatalogChange: (listener) => backend.onCatalogChange(listener),
    toolsOf: (apis) => backend.definitions.tools(apis),
    describe: backend.describe,
    pipeline: {
      client: backend.client,
      settings: {
        maxItems: config.maxItems,
        maxResultBytes: config.maxResultBytes,
        jobTimeoutMs: config.jobTimeoutMs,
        revealSecrets: config.revealSecrets,
        profile: config.profile,
        oneTimeSecrets,
      },
      secretStore: oneTimeSecrets === 'file' ? new SecretFileWriter(config.secretsDir) : undefined,
      gate,
      audit,
      lookup: (name) => backend.catalogs.current().find(name),
      log: options.log,
      inputSchemaOf: (api) => backend.definitions.inputSchema(api),
      format: backend.format,
    },
  });
}

/**
 * What happens to a secret CloudStack shows only once: the profile's policy (or --one-time-secrets).
 * For a remote client a file on the server is no way to receive it, so there it is refused unless
 * the profile says to return it.
 */
export function oneTimeSecretPolicy(config: ServerConfig, remote: boolean): OneTimeSecretPolicy {
  if (!remote) return config.oneTimeSecrets;
  return config.oneTimeSecrets === 'return' ? 'return' : 'refuse';
}
