/**
 * One Redis connection of a replica, with bounds on every wait. The Redis client (node-redis) is
 * loaded only here, and this module only when `--state-url` is given, so a server without it
 * starts as fast as before.
 *
 * - Connecting at start-up gives up after `connectTimeoutMs`: a wrong URL fails the start, it
 *   does not hang it.
 * - Once connected, a lost connection is retried in the background for ever (capped backoff), but
 *   no request waits for it: the offline queue is off, so a command fails at once while Redis is
 *   away, and a command to a Redis that stopped answering fails after `commandTimeoutMs`.
 *   The client's TCP keep-alive (on by default) finds a connection whose peer vanished silently.
 * - Every error says which Redis (its URL with the password masked) and never the password.
 */
import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { StateUnavailableError } from './errors.ts';
import { maskStateSecrets, type StateUrl } from './url.ts';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisConnectionOptions {
  /** Longest wait for the first connection (and for each reconnect's TCP/TLS handshake). */
  connectTimeoutMs?: number;
  /** Longest wait for one command's answer. */
  commandTimeoutMs?: number;
  /** Where connection losses and recoveries are told (already masked). */
  log?: (message: string) => void;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
const DEFAULT_COMMAND_TIMEOUT_MS = 2_000;
/** Reconnect backoff: 100 ms doubling, at most this; Redis coming back is noticed within it. */
const MAX_RECONNECT_DELAY_MS = 2_000;

export class RedisConnection {
  private constructor(
    readonly client: RedisClient,
    readonly url: StateUrl,
    private readonly commandTimeoutMs: number,
  ) {}

  static async open(url: StateUrl, options: RedisConnectionOptions = {}): Promise<RedisConnection> {
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const log = options.log ?? (() => {});
    const startedAt = Date.now();
    let connected = false;
    let healthy = true;
    const client = createClient({
      url: url.href,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: connectTimeoutMs,
        reconnectStrategy: (retries, cause) => {
          // Before the first connection: retry only within the start-up deadline, and not at all
          // when Redis refused our credentials (retrying cannot fix the URL).
          if (!connected && (/^(WRONGPASS|NOAUTH)/.test(cause.message) || Date.now() - startedAt + 100 * 2 ** retries > connectTimeoutMs)) {
            return new Error(cause.message);
          }
          return Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS);
        },
      },
    });
    // Without a listener an 'error' event would end the process; the loss is told once, not per retry.
    client.on('error', (error: Error) => {
      if (connected && healthy) {
        healthy = false;
        log(`lost the shared state at ${url.display} (${maskStateSecrets(error.message, url)}); reconnecting; calls that need it fail until it is back`);
      }
    });
    client.on('ready', () => {
      if (connected && !healthy) log(`shared state at ${url.display} is back`);
      healthy = true;
    });
    try {
      await client.connect();
    } catch (error) {
      // The client may have closed itself already (reconnect strategy gave up); destroy() then throws.
      if (client.isOpen) client.destroy();
      throw new StateUnavailableError(`cannot reach the shared state at ${url.display}: ${maskStateSecrets(describe(error), url)}`);
    }
    connected = true;
    return new RedisConnection(client, url, options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  }

  /** Runs one Redis operation; any failure becomes a StateUnavailableError naming the Redis, password masked. */
  async run<T>(what: string, operation: (client: RedisClient) => Promise<T>): Promise<T> {
    // node-redis's own command timeout covers only the wait to be sent, not the wait for the
    // reply, so a Redis that stopped answering is bounded here. A reply that comes after the
    // deadline is dropped: for a redeem, the token may then be used up without the call running,
    // which is the safe side (ask for a new token), never the other.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.commandTimeoutMs} ms`)), this.commandTimeoutMs);
    });
    try {
      return await Promise.race([operation(this.client), deadline]);
    } catch (error) {
      throw new StateUnavailableError(`shared state at ${this.url.display}: ${what} failed: ${maskStateSecrets(describe(error), this.url)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs a Lua script by its SHA-1, sending its text only when this Redis does not know it yet. */
  async script(what: string, script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    return this.run(what, async (client) => {
      try {
        return await client.evalSha(script.sha, { keys, arguments: args });
      } catch (error) {
        if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
        return client.eval(script.text, { keys, arguments: args });
      }
    });
  }

  async close(): Promise<void> {
    if (!this.client.isOpen) return;
    // QUIT-like close lets queued replies arrive; destroy if Redis is gone and it cannot.
    await Promise.race([this.client.close(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]).catch(() => {});
    if (this.client.isOpen) this.client.destroy();
  }
}

export interface LuaScript {
  text: string;
  sha: string;
}

export function luaScript(text: string): LuaScript {
  return { text, sha: createHash('sha1').update(text).digest('hex') };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return `${name}${error.message || '(no message)'}`;
  }
  return String(error);
}
