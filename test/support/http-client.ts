/**
 * Starts `cloudstack-mcp --transport http` as a subprocess on a free port (port 0: the server logs
 * the one it got) and connects the SDK's own Client to it over Streamable HTTP, with a bearer token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';

const BIN = fileURLToPath(new URL('../../bin/cloudstack-mcp.js', import.meta.url));
const SCRATCH_CACHE = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-cache-'));
// A scratch home too: no server started here reads the user's own config.json or ~/.cmk/config.
const SCRATCH_HOME = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-home-'));

export interface RunningHttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:40123/mcp. */
  url: string;
  stderr(): string;
  /** Stops the server with SIGTERM and waits for it to exit. */
  stop(): Promise<number | null>;
  /** Ends it the hard way, as a crash would (SIGKILL: no clean-up runs), and waits for the exit. */
  kill(): Promise<void>;
}

export interface ExitedServer {
  code: number | null;
  stderr: string;
}

function spawnServer(args: string[], env: Record<string, string> = {}): { child: ChildProcess; log: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, '--transport', 'http', ...args], {
    env: { ...getDefaultEnvironment(), HOME: SCRATCH_HOME, XDG_CONFIG_HOME: join(SCRATCH_HOME, '.config'), CLOUDSTACK_MCP_CACHE_DIR: SCRATCH_CACHE, CLOUDSTACK_MCP_SECRETS_DIR: join(SCRATCH_HOME, 'secrets'), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, log: () => log, exited };
}

/** Starts the server (`--port 0` unless given) and resolves once it listens. */
export async function startHttpServer(args: string[], env: Record<string, string> = {}): Promise<RunningHttpServer> {
  const { child, log, exited } = spawnServer(args.includes('--port') ? args : [...args, '--port', '0'], env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen within 20 s:\n${log()}`)), 20_000);
    const look = () => {
      const found = /listening on (http:\/\/\S+\/mcp)/.exec(log());
      if (found) {
        clearTimeout(timer);
        child.stderr!.off('data', look);
        resolve(found[1]);
      }
    };
    child.stderr!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${log()}`));
    });
  });
  return {
    url,
    stderr: log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs the server expecting it not to start; resolves with its exit code and log. */
export async function runHttpServerToExit(args: string[], env: Record<string, string> = {}): Promise<ExitedServer> {
  const { child, log, exited } = spawnServer(args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, stderr: log() };
}

export interface HttpClientOptions {
  token?: string;
  headers?: Record<string, string>;
  onElicit?: (request: ElicitRequest['params']) => Promise<ElicitResult>;
}

export interface HttpConnection {
  client: Client;
  transport: StreamableHTTPClientTransport;
  /** Ends the session (DELETE) and closes the client. */
  close(): Promise<void>;
}

export async function connectHttp(url: string, options: HttpClientOptions = {}): Promise<HttpConnection> {
  const headers = { ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}), ...options.headers };
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client(
    { name: 'cloudstack-mcp-http-driver', version: '1.0.0' },
    { capabilities: options.onElicit ? { elicitation: { form: {} } } : {} },
  );
  if (options.onElicit) {
    const answer = options.onElicit;
    client.setRequestHandler(ElicitRequestSchema, (request) => answer(request.params));
  }
  await client.connect(transport);
  return {
    client,
    transport,
    async close() {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}

/** A raw POST to the endpoint (for the answers the SDK client would not show). */
export function rawPost(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
  });
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

/**
 * A request through node:http, which (unlike fetch) lets a test set Host and declare a body larger
 * than it sends: resolves with the status and headers as soon as the answer starts.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    // The server may answer (413) and close before the body is written: that is not the test's failure.
    request.on('error', (error) => (request.writableEnded ? undefined : reject(error)));
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

/**
 * tools/list of an open session, read with a plain fetch: the SDK client's SSE parser takes about
 * 2 s of CPU for the 1 MB answer of --tools all, which fifty sessions in one test cannot afford.
 */
export async function listToolNames(connection: HttpConnection, url: string, token: string): Promise<string[]> {
  const response = await rawPost(url, JSON.stringify({ jsonrpc: '2.0', id: `list-${Math.random()}`, method: 'tools/list' }), {
    Authorization: `Bearer ${token}`,
    'Mcp-Session-Id': connection.transport.sessionId ?? '',
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`tools/list answered ${response.status}: ${text.slice(0, 200)}`);
  const data = text.split('\n').find((line) => line.startsWith('data: '));
  const message = JSON.parse(data ? data.slice('data: '.length) : text) as { result?: { tools: Array<{ name: string }> } };
  if (!message.result) throw new Error(`tools/list failed: ${text.slice(0, 200)}`);
  return message.result.tools.map((tool) => tool.name);
}
