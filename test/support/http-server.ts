/**
 * A tiny HTTP server for the client's transport tests: it decodes requests the way CloudStack's
 * servlet does (URLDecoder over query and form body), records every hit, and answers through a
 * per-test handler that can also drop the connection or never answer. The full simulator covers
 * CloudStack's behaviour; this covers what the client must do with any server.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export interface RecordedHit {
  method: string;
  path: string;
  /** Decoded parameters from the query string and the form body, names as sent. */
  params: Record<string, string>;
  /** The raw query string (after `?`), '' when none. */
  rawQuery: string;
  rawBody: string;
  headers: IncomingMessage['headers'];
}

/** What a handler returns: an answer, or a way of not answering. */
export type HandlerResult =
  | { status?: number; body: unknown; headers?: Record<string, string> }
  | { drop: true }
  | { hang: true };

export type Handler = (hit: RecordedHit) => HandlerResult | Promise<HandlerResult>;

export interface TestServer {
  url: string;
  hits: RecordedHit[];
  hitsFor(command: string): RecordedHit[];
  close(): Promise<void>;
}

function decodeForm(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const piece of text.split('&')) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    params[decode(piece.slice(0, eq))] = decode(piece.slice(eq + 1));
  }
  return params;
}

export async function startTestServer(handler: Handler, tls?: { key: string; cert: string }): Promise<TestServer> {
  const hits: RecordedHit[] = [];
  const sockets = new Set<Socket>();
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const [path, rawQuery = ''] = (req.url ?? '').split(/\?(.*)/s, 2);
      const hit: RecordedHit = {
        method: req.method ?? '',
        path,
        params: { ...decodeForm(rawQuery), ...decodeForm(rawBody) },
        rawQuery,
        rawBody,
        headers: req.headers,
      };
      hits.push(hit);
      const result = await handler(hit);
      if ('drop' in result) {
        req.socket.destroy();
        return;
      }
      if ('hang' in result) return;
      const body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
      res.writeHead(result.status ?? 200, { 'content-type': 'application/json; charset=UTF-8', ...result.headers });
      res.end(body);
    });
  };
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/client/api`,
    hits,
    hitsFor: (command) => hits.filter((hit) => hit.params.command === command),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** CloudStack's answer envelope for a command. */
export function envelope(command: string, inner: unknown): unknown {
  return { [`${command.toLowerCase()}response`]: inner };
}

/** CloudStack's error body for a command. */
export function errorBody(command: string, errorcode: number, errortext: string, cserrorcode = 9999) {
  return { status: errorcode, body: envelope(command, { uuidList: [], errorcode, cserrorcode, errortext }) };
}

export interface CountingProxy {
  /** The target URL with the proxy's host and port. */
  url: string;
  /** TCP connections opened through the proxy so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A TCP pass-through in front of a server that counts connections. A server that destroys the
 * socket forces a new connection per attempt, so the count is the number of attempts even when
 * the server keeps no record of requests it dropped.
 */
export async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  let count = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const proxy = createTcpServer((incoming) => {
    count++;
    const outgoing = connect(Number(target.port), target.hostname);
    track(incoming);
    track(outgoing);
    incoming.pipe(outgoing);
    outgoing.pipe(incoming);
    // A reset on either side ends both, as the client would see it without the proxy.
    incoming.on('error', () => outgoing.destroy());
    outgoing.on('error', () => incoming.destroy());
    incoming.on('close', () => outgoing.destroy());
    outgoing.on('close', () => incoming.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    connections: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
