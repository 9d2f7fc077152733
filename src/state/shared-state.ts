/**
 * What must outlive one process, in one place: the confirmation tokens and the session store (the shared session registry).
 * Without `--state-url` both live in this process (as before: one server, one memory); with it they
 * live in Redis, so N replicas behind a round-robin load balancer behave as one.
 */
import { MemoryConfirmationStore, type ConfirmationStore } from '../safety/confirm.ts';
import type { SessionRelay } from './relay.ts';
import { MemorySessionStore, type SessionStore } from './session-store.ts';
import { parseStateUrl, type StateUrl } from './url.ts';
import type { RedisConnectionOptions } from './redis-connection.ts';

export interface SharedState {
  /** Where it lives, for the start-up line: "memory" or the Redis URL with its password masked. */
  readonly where: string;
  readonly shared: boolean;
  readonly confirmations: ConfirmationStore;
  readonly sessions: SessionStore;
  /** Messages for a session that another replica runs the call of (shared state only). */
  readonly relay?: SessionRelay;
  close(): Promise<void>;
}

export interface SharedStateOptions extends RedisConnectionOptions {
  confirmationTtlMs?: number;
  sessionIdleTtlMs?: number;
}

/**
 * @param url `--state-url` (a string or already parsed); absent: memory.
 * @throws StateUrlError for a URL that is not Redis's, StateUnavailableError when Redis cannot be reached in time.
 */
export async function openSharedState(url: string | StateUrl | undefined, options: SharedStateOptions = {}): Promise<SharedState> {
  if (url === undefined) {
    return {
      where: 'memory',
      shared: false,
      confirmations: new MemoryConfirmationStore(options.confirmationTtlMs),
      sessions: new MemorySessionStore(options.sessionIdleTtlMs),
      close: async () => {},
    };
  }
  const parsed = typeof url === 'string' ? parseStateUrl(url) : url;
  // The Redis client loads only now: a server without --state-url never pays for it.
  const [{ RedisConnection }, { RedisConfirmationStore }, { RedisSessionStore }, { RedisSessionRelay }] = await Promise.all([
    import('./redis-connection.ts'),
    import('./redis-confirmation-store.ts'),
    import('./redis-session-store.ts'),
    import('./redis-relay.ts'),
  ]);
  const connection = await RedisConnection.open(parsed, options);
  let relay: SessionRelay;
  try {
    relay = await RedisSessionRelay.open(connection, options);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return {
    where: parsed.display,
    shared: true,
    confirmations: new RedisConfirmationStore(connection, options.confirmationTtlMs),
    sessions: new RedisSessionStore(connection, options.sessionIdleTtlMs),
    relay,
    close: async () => {
      await relay.close();
      await connection.close();
    },
  };
}
