/**
 * The HTTP side: `/client/api` on loopback, GET or POST (form body), CloudStack's security headers,
 * HTTP status = error code, and the transport faults (latency, malformed JSON, dropped connections).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorCore, Reply } from './dispatch.ts';
import { JSON_CONTENT_TYPE, toJson, toXml, XML_CONTENT_TYPE } from './envelope.ts';
import { corruptJson, faultApplies, type FaultSettings } from './faults.ts';
import { readParams } from './request-params.ts';

/** `request.content.size` of CloudStack's Jetty: larger form bodies are refused. */
const MAX_BODY_BYTES = 1_048_576;

export interface HttpOptions {
  core: SimulatorCore;
  faults: FaultSettings;
  cloudstackVersion: string;
  log: (line: string) => void;
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('form body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Header values must be Latin-1 without control characters; CloudStack's texts may hold anything. */
function headerSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\x20-\x7E\xA0-\xFF]/g, '?');
}

function send(response: ServerResponse, reply: Reply, options: HttpOptions): void {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'X-XSS-Protection': '1;mode=block',
  };
  for (const [name, value] of Object.entries(reply.headers)) headers[name] = headerSafe(value);
  let body: string;
  if (reply.plainText !== undefined || reply.key === undefined || reply.content === undefined) {
    headers['Content-Type'] = 'text/plain; charset=UTF-8';
    body = reply.plainText ?? '';
  } else if (reply.json) {
    headers['Content-Type'] = JSON_CONTENT_TYPE;
    body = toJson(reply.key, reply.content);
    if (faultApplies(options.faults.malformedJson, reply.command)) body = corruptJson(body);
  } else {
    headers['Content-Type'] = XML_CONTENT_TYPE;
    body = toXml(reply.key, reply.content, options.cloudstackVersion);
  }
  headers['Content-Length'] = String(Buffer.byteLength(body));
  response.writeHead(reply.status, headers);
  response.end(body);
}

async function handle(request: IncomingMessage, response: ServerResponse, options: HttpOptions): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://simulator');
  if (url.pathname !== '/client/api' && !url.pathname.startsWith('/client/api/')) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Not Found: the API is at /client/api\n');
    return;
  }
  const method = request.method === 'POST' ? 'POST' : request.method === 'GET' ? 'GET' : undefined;
  if (!method) {
    // PUT/DELETE are not overridden by the servlet: the container's plain 405.
    response.writeHead(405, { 'Content-Type': 'text/plain; charset=UTF-8', Allow: 'GET, POST' }).end('HTTP method not allowed\n');
    return;
  }
  const query = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  const body = method === 'POST' ? await readBody(request) : undefined;
  const command = readParams(method, query, body).command;
  if (options.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, options.faults.latencyMs));
  if (faultApplies(options.faults.dropConnections, command)) {
    request.socket.destroy();
    return;
  }
  const reply = options.core.handle(method, query, body);
  options.log(`${method} ${command ?? '(no command)'} → ${reply.status}`);
  send(response, reply, options);
}

export function createHttpServer(options: HttpOptions): Server {
  return createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      options.log(`request failed: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=UTF-8' });
      response.end();
    });
  });
}

export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
