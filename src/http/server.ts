/**
 * The HTTP front: `GET /healthz` for load balancers (no auth, no secrets) and MCP Streamable HTTP
 * at `/mcp` (the SDK's transport, stateful sessions). Every /mcp request is screened in this
 * order: Host and Origin (403), bearer token (401), body size (413); then it goes to the session
 * its Mcp-Session-Id names — only if that session belongs to the same identity — or, for an
 * initialize request, opens a new session on the identity's profile.
 *
 * With a shared session store (`--state-url`), a session id this replica does not hold is adopted
 * from the store (src/http/adopt.ts) when it is live there and belongs to the same identity, so any
 * replica serves any session; an id the store does not know is still 404. A session held here is
 * checked against the store on each request, so one ended on another replica (DELETE, idle) ends here.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as NodeServer, type ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ConfirmationStore } from '../safety/confirm.ts';
import type { SessionRelay } from '../state/relay.ts';
import type { SessionRecord, SessionStore } from '../state/session-store.ts';
import { replayInitialize, sessionRecordOf } from './adopt.ts';
import { ownRequestIds } from './request-ids.ts';
import { createSession } from '../mcp/session.ts';
import { clip } from '../mcp/echo.ts';
import type { BearerAuthenticator, Caller } from './auth.ts';
import type { BackendPool } from './backends.ts';
import { readBody } from './body.ts';
import type { RequestOriginCheck } from './origin.ts';
import { SessionRegistry, shortId, type HttpSession } from './sessions.ts';

export interface HttpFrontOptions {
  auth: BearerAuthenticator;
  origins: RequestOriginCheck;
  backends: BackendPool;
  confirmations: ConfirmationStore;
  /** The session store shared by replicas (--state-url); absent: sessions live in this process only. */
  sharedSessions?: SessionStore;
  /** Carries a client's answers and cancellations to the replica running the call they are about. */
  relay?: SessionRelay;
  maxBodyBytes: number;
  maxSessions: number;
  sessionIdleMs: number;
  log: (line: string) => void;
}

/** Who calls when no token is configured (a loopback server only). */
const LOCAL_CALLER: Caller = { identity: 'local', profile: '' };

export const MCP_PATH = '/mcp';

export class HttpFront {
  readonly sessions: SessionRegistry;
  readonly server: NodeServer;
  /** Adoptions under way, by session id: two requests of one session arriving together adopt it once. */
  private readonly adopting = new Map<string, Promise<HttpSession | undefined>>();

  constructor(
    private readonly options: HttpFrontOptions,
    private readonly defaultProfile: string,
  ) {
    this.sessions = new SessionRegistry(options.sessionIdleMs, options.log);
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        options.log(`internal error answering ${request.method} ${clip(request.url ?? '', 80)}: ${clip((error as Error).message, 300)}`);
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.end();
      });
    });
    // Long job waits stream for minutes; a slow client may not hold a socket forever without sending.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 30_000;
    // Longer than a load balancer's idle timeout (60 s is common) and a client's reuse window, so
    // the server is never the side closing a kept-alive socket just as a request is sent on it.
    this.server.keepAliveTimeout = 65_000;
  }

  listen(port: number, host: string): Promise<{ url: string }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        const actual = typeof address === 'object' && address ? address.port : port;
        const shown = host.includes(':') ? `[${host}]` : host;
        resolve({ url: `http://${shown}:${actual}${MCP_PATH}` });
      });
    });
  }

  async close(): Promise<void> {
    await this.sessions.closeAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
      return sendJson(response, 200, { status: 'ok' });
    }
    if (path !== MCP_PATH) return sendJson(response, 404, { error: `not found; MCP is served at ${MCP_PATH}` });

    const origin = this.options.origins.check(request.headers);
    if (!origin.ok) return sendJson(response, origin.status, { error: origin.message });
    let caller = LOCAL_CALLER;
    if (this.options.auth.enabled) {
      const auth = this.options.auth.authenticate(request.headers.authorization);
      if (!auth.ok) return sendJson(response, auth.status, { error: auth.message }, { 'WWW-Authenticate': auth.wwwAuthenticate });
      caller = auth.caller;
    }
    if (request.method !== 'POST' && request.method !== 'GET' && request.method !== 'DELETE') {
      return sendJson(response, 405, { error: 'method not allowed' }, { Allow: 'GET, POST, DELETE' });
    }

    let body: unknown;
    if (request.method === 'POST') {
      const read = await readBody(request, this.options.maxBodyBytes);
      if (!read.ok) return sendJson(response, read.status, jsonRpcError(-32600, read.message), { Connection: 'close' });
      try {
        body = JSON.parse(read.text);
      } catch {
        return sendJson(response, 400, jsonRpcError(-32700, 'Parse error: the body is not JSON'));
      }
    }

    const header = request.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId !== undefined) {
      let session: HttpSession | undefined;
      try {
        session = await this.sessionFor(sessionId, caller);
      } catch (error) {
        this.options.log(`session ${shortId(sessionId)}: cannot adopt it: ${clip((error as Error).message, 300)}`);
        return sendJson(response, 503, jsonRpcError(-32000, 'The session cannot be served by this replica now; try again'), { 'Retry-After': '1' });
      }
      // Another identity's session is not found either: ids do not lend themselves to others.
      if (!session || session.caller.identity !== caller.identity) return sendJson(response, 404, jsonRpcError(-32001, 'Session not found: initialize a new one'));
      if (request.method === 'DELETE') {
        await this.sessions.use(session, () => session.transport.handleRequest(request, response, body));
        // The client ended it: on every replica. (A replica closing its own copy, idle or at exit, does not.)
        if (response.statusCode === 200) await this.options.sharedSessions?.delete(sessionId).catch((error: Error) => this.options.log(`session ${shortId(sessionId)}: ${error.message}`));
        return;
      }
      if (request.method === 'GET') {
        // The standalone stream lasts as long as the session: it does not keep the session busy.
        session.lastUsed = Date.now();
        return session.transport.handleRequest(request, response, body);
      }
      await this.sessions.use(session, () => session.transport.handleRequest(request, response, body));
      const relayed = relayable(body);
      if (this.options.relay && relayed.length > 0) {
        await this.options.relay.publish(sessionId, relayed).catch((error: Error) => this.options.log(`session ${shortId(sessionId)}: ${error.message}`));
      }
      return;
    }
    if (request.method !== 'POST' || !isInitialize(body)) {
      return sendJson(response, 400, jsonRpcError(-32000, 'Bad Request: no Mcp-Session-Id header; the first request of a session is initialize'));
    }
    if (this.sessions.size >= this.options.maxSessions) {
      this.options.log(`refused a new session of ${caller.identity}: ${this.sessions.size} sessions open (--max-sessions)`);
      return sendJson(response, 503, jsonRpcError(-32000, 'Too many sessions open on this server; try again later'), { 'Retry-After': '30' });
    }
    const session = await this.open(caller);
    await this.sessions.use(session, () => session.transport.handleRequest(request, response, body));
    const shared = this.options.sharedSessions;
    if (shared && session.transport.sessionId) {
      const { tools, toolsets, readOnly } = (await this.options.backends.for(session.caller.profile)).config;
      const record = sessionRecordOf(body, { identity: caller.identity, profile: session.caller.profile, surface: { tools, toolsets, readOnly } });
      // Without the record the session still works here; other replicas answer it 404.
      await shared.put(session.id, record).catch((error: Error) => this.options.log(`session ${shortId(session.id)} is served by this replica only: ${error.message}`));
    }
  }

  /**
   * The session a request names: held here (and, with a shared store, still live there), or adopted
   * from the shared store. Undefined: no such session (404).
   */
  private async sessionFor(id: string, caller: Caller): Promise<HttpSession | undefined> {
    const local = this.sessions.get(id);
    const shared = this.options.sharedSessions;
    if (!shared) return local;
    if (local) {
      const live = await shared.touch(id).catch((error: Error) => {
        // Redis away: the session held here is still good; serve it.
        this.options.log(`session ${shortId(id)}: ${error.message}`);
        return true;
      });
      if (live) return local;
      this.options.log(`session ${shortId(id)} of ${local.caller.identity} ended on another replica`);
      await this.sessions.close(local);
      return undefined;
    }
    let adoption = this.adopting.get(id);
    if (!adoption) {
      adoption = this.adopt(id, caller, shared).finally(() => this.adopting.delete(id));
      this.adopting.set(id, adoption);
    }
    return adoption;
  }

  private async adopt(id: string, caller: Caller, shared: SessionStore): Promise<HttpSession | undefined> {
    const record = await shared.get(id);
    if (!record || record.identity !== caller.identity || record.profile !== (caller.profile || this.defaultProfile)) return undefined;
    if (this.sessions.size >= this.options.maxSessions) throw new Error(`${this.sessions.size} sessions open (--max-sessions)`);
    await shared.touch(id);
    const session = await this.open(caller, { id, record });
    this.options.log(`session ${shortId(id)} of ${caller.identity} adopted from the shared session store`);
    return session;
  }

  private async open(caller: Caller, adopted?: { id: string; record: SessionRecord }): Promise<HttpSession> {
    const profile = caller.profile || this.defaultProfile;
    const backend = await this.options.backends.for(profile);
    const id = adopted?.id ?? randomUUID();
    const log = this.options.log;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      // Checked above, before the transport reads anything; the transport would apply its own 4 MiB otherwise.
      maxRequestBodySize: this.options.maxBodyBytes,
    });
    const server = createSession(backend, {
      id,
      identity: caller.identity,
      remote: true,
      confirmations: this.options.confirmations,
      log: (line) => log(`session ${shortId(id)}: ${line}`),
    });
    const session: HttpSession = { id, caller: { ...caller, profile }, transport, server, lastUsed: Date.now(), busy: 0 };
    // What another replica receives for this session (an answer to a question this copy asked, a
    // cancellation of a call it runs) arrives as if the client had sent it here.
    const unsubscribe = await this.options.relay
      ?.subscribe(id, (message) => transport.onmessage?.(message as JSONRPCMessage))
      .catch((error: Error) => {
        log(`session ${shortId(id)}: answers sent to other replicas will not reach this one: ${error.message}`);
        return undefined;
      });
    transport.onclose = () => {
      void unsubscribe?.();
      if (this.sessions.remove(id)) log(`session ${shortId(id)} of ${caller.identity} closed`);
      void server.close().catch(() => undefined);
    };
    await server.connect(transport);
    // Several copies of this session may ask the user at once: each asks under ids of its own.
    if (this.options.sharedSessions) ownRequestIds(transport);
    if (adopted) {
      try {
        await replayInitialize(transport, adopted.record);
      } catch (error) {
        await transport.close().catch(() => undefined);
        throw error;
      }
      this.sessions.add(session);
      return session;
    }
    this.sessions.add(session);
    log(`session ${shortId(id)} opened for ${caller.identity} (profile ${profile}); ${this.sessions.size} open`);
    return session;
  }
}

/**
 * What of a POST's messages another replica may be waiting for: answers to the server's requests
 * (elicitation) and cancellations of calls. Requests are served where they arrive.
 */
function relayable(body: unknown): unknown[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.filter((m) => {
    if (!m || typeof m !== 'object') return false;
    const message = m as Record<string, unknown>;
    if (message.method === 'notifications/cancelled') return true;
    return message.method === undefined && 'id' in message && ('result' in message || 'error' in message);
  });
}

function isInitialize(body: unknown): boolean {
  return Array.isArray(body) ? body.some(isInitializeRequest) : isInitializeRequest(body);
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  response.end(text);
}
