/**
 * The session store (the shared session registry): what another replica needs to serve an HTTP
 * session it did not open. (src/http/sessions.ts is the other registry: the live sessions of this
 * process.)
 * A session is one client's `initialize` and what followed; the transport keeps the live objects
 * (streams, the SDK server) in the replica that holds them, and writes here the little that lets
 * any replica rebuild them: who, which profile, what the client declared, what it sees.
 * Sessions end when idle for `idleTtlMs` (each request refreshes them) or when deleted.
 */
import type { ToolSurface } from '../config.ts';

export interface SessionRecord {
  /** Who opened the session: the identity of its bearer token. A replica adopting it checks the request's token says the same. */
  identity?: string;
  /** The profile its calls use. */
  profile: string;
  /** The protocol version agreed at initialize. */
  protocolVersion: string;
  /** What the client said about itself at initialize. */
  clientInfo?: { name: string; version: string };
  /** The client's capabilities from initialize (elicitation, roots, sampling, ...). */
  clientCapabilities: Record<string, unknown>;
  /** What tools/list shows this session. */
  surface?: { tools: ToolSurface; toolsets: string[]; readOnly?: boolean };
  /** When it was opened, ms since the epoch. */
  createdAt: number;
  /** Its last request, ms since the epoch (set by the store). */
  lastSeen?: number;
}

export interface SessionStore {
  /** How long a session lives without a request. */
  readonly idleTtlMs: number;
  /** Records a session (new, or changed): it lives `idleTtlMs` from now. */
  put(sessionId: string, record: SessionRecord): Promise<void>;
  /** The session, or undefined when it never was, ended, or idled out. */
  get(sessionId: string): Promise<SessionRecord | undefined>;
  /** A request of the session: it lives `idleTtlMs` from now. False when it is gone (it is not brought back). */
  touch(sessionId: string): Promise<boolean>;
  /** The session ended (DELETE from the client, or the server closed it). */
  delete(sessionId: string): Promise<void>;
}

export const DEFAULT_SESSION_IDLE_TTL_MS = 30 * 60_000;

/** Sessions of this process only: without `--state-url`, a session lives in the replica that opened it. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();

  constructor(
    readonly idleTtlMs = DEFAULT_SESSION_IDLE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async put(sessionId: string, record: SessionRecord): Promise<void> {
    this.sweep();
    this.sessions.set(sessionId, { ...structuredClone(record), lastSeen: this.now() });
  }

  async get(sessionId: string): Promise<SessionRecord | undefined> {
    const record = this.live(sessionId);
    return record && structuredClone(record);
  }

  async touch(sessionId: string): Promise<boolean> {
    const record = this.live(sessionId);
    if (record) record.lastSeen = this.now();
    return record !== undefined;
  }

  async delete(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }

  private live(sessionId: string): SessionRecord | undefined {
    const record = this.sessions.get(sessionId);
    if (record && this.now() - record.lastSeen! > this.idleTtlMs) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    return record;
  }

  private sweep(): void {
    for (const id of this.sessions.keys()) this.live(id);
  }
}
