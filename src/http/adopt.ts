/**
 * Adopting a session another replica opened (`--state-url`): this replica builds the session's
 * transport and MCP server afresh and replays the client's `initialize` (as recorded in the shared
 * session store) through them, then serves the request that named the session.
 *
 * Why a replay: the SDK's StreamableHTTPServerTransport (1.32) accepts requests of a session only
 * after it handled that session's initialize itself — `_initialized` and the session id are private
 * state set there and nowhere else (an `existingSessionId` option was proposed upstream,
 * typescript-sdk PRs #1668 and #1786, and not merged). Writing those private fields would also leave
 * the MCP Server without the client's capabilities (elicitation) and protocol version, which it
 * learns from initialize only. Replaying initialize sets both through the SDK's own code paths; the
 * transport's session id generator returns the existing id, so it validates that id and no other.
 * The one thing reached past the public surface is the node wrapper's web-standard transport,
 * whose public handleRequest takes a synthetic Request (the node wrapper needs a real socket);
 * if a later SDK moves it, adoption fails loudly (a 503 and a log line), never silently.
 */
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { SessionRecord } from '../state/session-store.ts';

/** The record of a session, from its initialize request (the client's own words, replayed as they were). */
export function sessionRecordOf(initialize: unknown, fields: Omit<SessionRecord, 'protocolVersion' | 'clientInfo' | 'clientCapabilities' | 'createdAt'>): SessionRecord {
  const message = (Array.isArray(initialize) ? initialize.find((m) => m?.method === 'initialize') : initialize) as
    | { params?: { protocolVersion?: string; capabilities?: Record<string, unknown>; clientInfo?: { name: string; version: string } } }
    | undefined;
  const params = message?.params ?? {};
  return {
    ...fields,
    protocolVersion: String(params.protocolVersion ?? ''),
    clientInfo: params.clientInfo,
    clientCapabilities: params.capabilities ?? {},
    createdAt: Date.now(),
  };
}

export class AdoptionError extends Error {
  override name = 'AdoptionError';
}

/** Replays the session's initialize and initialized notification through a new transport already connected to its server. */
export async function replayInitialize(transport: StreamableHTTPServerTransport, record: SessionRecord): Promise<void> {
  const inner = (transport as unknown as { _webStandardTransport?: unknown })._webStandardTransport;
  if (!(inner instanceof WebStandardStreamableHTTPServerTransport)) {
    throw new AdoptionError('this version of the MCP SDK does not let a replica adopt a session (its HTTP transport changed); route sessions to the replica that opened them');
  }
  const post = (message: JSONRPCMessage, headers: Record<string, string> = {}) =>
    inner.handleRequest(
      new Request('http://replica.invalid/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(message),
      }),
      { parsedBody: message },
    );
  const initialized = await post({
    jsonrpc: '2.0',
    id: 'replica-adoption',
    method: 'initialize',
    params: { protocolVersion: record.protocolVersion, capabilities: record.clientCapabilities, clientInfo: record.clientInfo ?? { name: 'unknown', version: '0' } },
  });
  // The answer (an SSE stream holding the initialize result) goes nowhere: the client had it from the first replica.
  const answer = await initialized.text();
  if (initialized.status !== 200 || !answer.includes('"result"')) {
    throw new AdoptionError(`replaying the session's initialize failed (${initialized.status}): ${answer.slice(0, 200)}`);
  }
  const sessionId = initialized.headers.get('mcp-session-id') ?? '';
  const done = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': sessionId });
  await done.text();
  if (done.status !== 202) throw new AdoptionError(`replaying the initialized notification failed (${done.status})`);
}
