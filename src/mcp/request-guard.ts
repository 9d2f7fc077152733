/**
 * What the SDK's Server lets through and should not: requests other than initialize and ping
 * before initialize (MCP: the client sends nothing else until the server answered it), and
 * requests whose params do not fit the method, which the SDK answers with -32603 and a dump of
 * zod's issues. Here they get -32600 and -32602 with one short line naming the field.
 *
 * It screens the messages a connected transport delivers, before the Server's own dispatch.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  isJSONRPCRequest,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { clip, quote } from './echo.ts';

/** The requests this server serves, with the schema of each (what the SDK would parse them with). */
const REQUEST_SCHEMAS: Record<string, { safeParse(value: unknown): { success: boolean; error?: { issues: Issue[] } } }> = {
  initialize: InitializeRequestSchema,
  ping: PingRequestSchema,
  'tools/list': ListToolsRequestSchema,
  'tools/call': CallToolRequestSchema,
};

/** Served before initialize (MCP allows ping at any time). */
const BEFORE_INITIALIZE = new Set(['initialize', 'ping']);

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
}

export interface RequestGuardOptions {
  log?: (line: string) => void;
}

/**
 * Wraps `transport.onmessage` (as the Server's connect() set it) with the screening. Returns
 * whether the session is initialized, for the server's own notifications.
 */
export function guardRequests(transport: Transport, options: RequestGuardOptions = {}): { initialized(): boolean } {
  let initialized = false;
  const dispatch = transport.onmessage;
  const refuse = (request: JSONRPCRequest, code: number, message: string) => {
    options.log?.(`refused ${clip(request.method, 64)} request ${clip(JSON.stringify(request.id), 64)}: ${message}`);
    void transport.send({ jsonrpc: '2.0', id: request.id, error: { code, message } }).catch(() => undefined);
  };
  transport.onmessage = (message: JSONRPCMessage, extra?: Parameters<NonNullable<Transport['onmessage']>>[1]) => {
    if (isJSONRPCRequest(message)) {
      const { method } = message;
      if (!initialized && !BEFORE_INITIALIZE.has(method)) {
        refuse(message, ErrorCode.InvalidRequest, `Server not initialized: the first request must be initialize (got ${quote(method)})`);
        return;
      }
      const schema = REQUEST_SCHEMAS[method];
      const parsed = schema?.safeParse(message);
      if (parsed && !parsed.success) {
        refuse(message, ErrorCode.InvalidParams, `Invalid params for ${method}: ${describeIssues(method, parsed.error?.issues ?? [])}`);
        return;
      }
      if (method === 'initialize') initialized = true;
      if (method === 'tools/call' && hasOwnProtoKey(message.params?.arguments)) {
        // The SDK rebuilds the arguments record, and assigning "__proto__" sets a prototype instead of a
        // key: the argument would vanish and the call run without it. Refused here, as any unknown one.
        options.log?.(`refused tools/call request ${clip(JSON.stringify(message.id), 64)}: a "__proto__" argument`);
        const text = 'Invalid arguments: unknown parameter "__proto__"; nothing was sent to CloudStack.';
        void transport
          .send({ jsonrpc: '2.0', id: message.id, result: { isError: true, content: [{ type: 'text', text }] } })
          .catch(() => undefined);
        return;
      }
    }
    dispatch?.(message, extra);
  };
  return { initialized: () => initialized };
}

function hasOwnProtoKey(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__');
}

/** zod's issues as one line: the field and what it must be, for the first three. */
function describeIssues(method: string, issues: Issue[]): string {
  const lines = issues.slice(0, 3).map((issue) => {
    const path = issue.path.map((p) => clip(String(p), 40)).join('.');
    if (method === 'tools/call' && path === 'params.arguments') return 'params.arguments must be an object of the tool\'s arguments';
    if (method === 'tools/call' && path === 'params.name') return 'params.name must be the tool name, a string';
    if (path === 'params') return 'params must be an object';
    return `${path || 'the request'}: ${clip(issue.message, 160)}`;
  });
  if (issues.length > 3) lines.push(`and ${issues.length - 3} more`);
  return lines.join('; ') || 'not what the method takes';
}
