/**
 * The MCP sessions this process serves, by id: each with its own transport and server, the caller
 * it belongs to (a session answers only the identity that opened it) and when it was last used,
 * so idle ones are closed. A request in flight (a long job wait) keeps its session busy, not idle.
 *
 * Replicas: sessions live in the process that opened them (the SDK's transport holds the open
 * streams), so a load balancer routes by the Mcp-Session-Id header (sticky sessions). What must be
 * shared between replicas — confirmation tokens — goes through the ConfirmationStore given to
 * every session, not through this registry.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Caller } from './auth.ts';

export interface HttpSession {
  id: string;
  caller: Caller;
  transport: StreamableHTTPServerTransport;
  server: Server;
  lastUsed: number;
  /** Requests of this session being answered now. */
  busy: number;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, HttpSession>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly idleMs: number,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.closeIdle(), Math.max(50, Math.min(idleMs / 4, 30_000)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): HttpSession | undefined {
    return this.sessions.get(id);
  }

  add(session: HttpSession): void {
    this.sessions.set(session.id, session);
  }

  /** Forgets a session (its transport closed); closing it is the caller's. */
  remove(id: string): boolean {
    return this.sessions.delete(id);
  }

  /** Runs one request of the session, which is busy (not idle) until it is answered. */
  async use<T>(session: HttpSession, work: () => Promise<T>): Promise<T> {
    session.busy++;
    session.lastUsed = this.now();
    try {
      return await work();
    } finally {
      session.busy--;
      session.lastUsed = this.now();
    }
  }

  closeIdle(): void {
    const cutoff = this.now() - this.idleMs;
    for (const session of [...this.sessions.values()]) {
      if (session.busy === 0 && session.lastUsed < cutoff) {
        this.log(`session ${shortId(session.id)} of ${session.caller.identity} closed after ${Math.round(this.idleMs / 1000)} s idle`);
        void this.close(session);
      }
    }
  }

  async close(session: HttpSession): Promise<void> {
    this.sessions.delete(session.id);
    await session.transport.close().catch(() => undefined);
    await session.server.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.values()].map((session) => this.close(session)));
  }
}

/** Enough of a session id to follow it in the log. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
