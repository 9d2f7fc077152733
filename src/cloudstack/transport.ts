/**
 * HTTP to one CloudStack endpoint over a keep-alive pool of Node's own http(s) agent. It sends an already signed,
 * already encoded request and hands back status and body; failures become typed errors naming the
 * endpoint (origin and path), never the query string, which carries the key and the signature.
 *
 * Two clocks per exchange: the wait for one of the pool's `connections` (and for a new connection
 * to open) is bounded by `connectionWaitMs` and ends in "not sent" when it runs out; the request
 * timeout starts only once the request is on the wire. So a request that never left is never
 * reported as one that may have been applied, and queueing does not eat the answer's time.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RawAnswer } from './envelope.ts';
import type { Socket } from 'node:net';
import {
  CloudStackAbortedError,
  CloudStackConnectionWaitError,
  CloudStackEncodingError,
  CloudStackNetworkError,
  CloudStackTimeoutError,
} from './errors.ts';
import { maskSecrets } from './excerpt.ts';
import type { CloudStackLogger } from './logger.ts';
import type { HttpMethod } from './method.ts';

export interface TlsOptions {
  /** PEM file with a CA to trust in addition to the system's (a private CA, a self-signed server). */
  caFile?: string;
  /** Skip certificate verification. For throw-away test setups only; always logged as a warning. */
  insecure?: boolean;
}

export interface TransportOptions {
  /** `http(s)://host:port/client/api`; a URL without a path gets `/client/api`. */
  url: string;
  /** Limit for one HTTP exchange, from the request being on the wire to the complete answer. */
  timeoutMs: number;
  tls?: TlsOptions;
  userAgent: string;
  logger: CloudStackLogger;
  /** Keep-alive connections kept open to the server, and the most requests in flight (default 8). */
  connections?: number;
  /** Limit for waiting for a free connection (and for a new one to open) before sending (default `timeoutMs`). */
  connectionWaitMs?: number;
}

/** Where the time of one exchange went. */
export interface ExchangeTiming {
  /** Waiting for a free connection of the pool (and for a new one to open). */
  connectionWaitMs: number;
  /** On the wire: from sending to the complete answer (or the failure); absent when never sent. */
  wireMs?: number;
  /** Whether the request left this machine (a connection was open and it was written to it). */
  sent: boolean;
}

export interface HttpExchange {
  method: HttpMethod;
  /** `application/x-www-form-urlencoded` parameters: the query (GET) or the body (POST). */
  encodedParams: string;
  /** For messages only. */
  command: string;
  /** Whether the call changes state, so a broken exchange may have been applied anyway. */
  mutation: boolean;
  signal?: AbortSignal;
  /** Strings to scrub from any error text (keys, signature). */
  secrets: readonly string[];
  /** Told where the exchange's time went, once it ends (answered or not). */
  onTiming?: (timing: ExchangeTiming) => void;
}

/** Defaults of the pool. */
export const DEFAULT_CONNECTIONS = 8;

/** Errors raised before the request left this machine: the server cannot have seen it. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Certificate problems: retrying cannot help, the configuration must change. */
const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isTlsVerificationCode(code: string | undefined): boolean {
  return code !== undefined && TLS_VERIFY_CODES.has(code);
}

function errorCode(error: unknown): string | undefined {
  const codes: string[] = [];
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  // The innermost code is the most specific (a library may wrap ECONNRESET in its own code).
  return codes.at(-1);
}

function errorDetail(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '' && !parts.includes(message)) parts.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(': ') || String(error);
}

/** Origin + path of a URL, without user info, query or fragment: safe to print. */
export function describeEndpoint(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export class HttpTransport {
  readonly endpoint: string;
  private readonly url: URL;
  private readonly path: string;
  private readonly options: TransportOptions;
  // Node's own http(s) keep-alive agent: a pool of `connections` sockets to the one endpoint.
  // (undici did the same for some 20 MB more memory in a server that sends a request a minute.)
  private readonly agent: HttpAgent;
  private readonly connections: number;
  private readonly connectionWaitMs: number;
  /** Exchanges holding a connection, and those waiting for one (first come, first served). */
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(options: TransportOptions) {
    this.options = options;
    const url = new URL(options.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new CloudStackEncodingError({ problem: `the CloudStack URL must be http(s)://…/client/api, got protocol ${url.protocol}` });
    }
    if (url.pathname === '' || url.pathname === '/') url.pathname = '/client/api';
    this.url = url;
    this.path = url.pathname;
    this.endpoint = describeEndpoint(url);

    const tls = options.tls ?? {};
    if (tls.insecure) {
      options.logger.warn(
        `TLS certificate verification is OFF for ${this.endpoint} (insecure: true). ` +
          'Anyone on the network path can read and change API traffic; use tls.caFile instead outside of tests.',
      );
    }
    this.connections = Math.max(1, Math.floor(options.connections ?? DEFAULT_CONNECTIONS));
    this.connectionWaitMs = options.connectionWaitMs ?? options.timeoutMs;
    // An idle socket is closed after 5 s, well before a server would drop it under a new request.
    // The agent never queues: `send` lets at most `connections` exchanges in (see acquire).
    const pool = { keepAlive: true, timeout: 5_000, maxSockets: this.connections, scheduling: 'lifo' as const };
    this.agent =
      url.protocol === 'https:'
        ? new HttpsAgent({
            ...pool,
            ...(tls.caFile ? { ca: [...rootCertificates, readFileSync(tls.caFile, 'utf8')] } : {}),
            rejectUnauthorized: !tls.insecure,
          })
        : new HttpAgent(pool);
  }

  /** One exchange; resolves with any HTTP status, rejects only when no complete answer arrived. */
  async send(exchange: HttpExchange): Promise<RawAnswer> {
    const queuedAt = Date.now();
    if (exchange.signal?.aborted) {
      throw new CloudStackAbortedError({ command: exchange.command, mayHaveBeenApplied: false });
    }
    const waitDeadline = queuedAt + this.connectionWaitMs;
    try {
      await this.acquire(exchange, waitDeadline);
    } catch (error) {
      exchange.onTiming?.({ connectionWaitMs: Date.now() - queuedAt, sent: false });
      throw error;
    }
    try {
      return await this.exchange(exchange, queuedAt, waitDeadline);
    } finally {
      this.release();
    }
  }

  /** Waits for one of the pool's connections, until the deadline or the caller's signal. */
  private acquire(exchange: HttpExchange, deadline: number): Promise<void> {
    if (this.inFlight < this.connections && this.waiting.length === 0) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        exchange.signal?.removeEventListener('abort', onAbort);
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
      };
      const grant = () => {
        leave();
        this.inFlight++;
        resolve();
      };
      const onAbort = () => {
        leave();
        reject(new CloudStackAbortedError({ command: exchange.command, mayHaveBeenApplied: false }));
      };
      const timer = setTimeout(() => {
        leave();
        reject(
          new CloudStackConnectionWaitError({
            command: exchange.command,
            endpoint: this.endpoint,
            waitedMs: this.connectionWaitMs,
            connections: this.connections,
            reason: 'busy',
          }),
        );
      }, Math.max(0, deadline - Date.now()));
      exchange.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    this.inFlight--;
    const next = this.waiting[0];
    if (next && this.inFlight < this.connections) next();
  }

  /**
   * Sends the request once a connection is open: the connection wait (to `waitDeadline`) runs
   * until then, the request timeout from then on.
   */
  private exchange(exchange: HttpExchange, queuedAt: number, waitDeadline: number): Promise<RawAnswer> {
    const { method, encodedParams, signal } = exchange;
    const body = method === 'POST' ? Buffer.from(encodedParams, 'utf8') : undefined;
    const tls = this.url.protocol === 'https:';
    const send = tls ? httpsRequest : httpRequest;
    return new Promise<RawAnswer>((resolve, reject) => {
      let sentAt: number | undefined;
      let socketAssigned = false;
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const now = Date.now();
        exchange.onTiming?.({
          connectionWaitMs: (sentAt ?? now) - queuedAt,
          ...(sentAt !== undefined ? { wireMs: now - sentAt } : {}),
          sent: sentAt !== undefined,
        });
        outcome();
      };
      const fail = (error: Error) =>
        settle(() => {
          reject(error);
          request.destroy();
        });
      const onAbort = () =>
        fail(new CloudStackAbortedError({ command: exchange.command, mayHaveBeenApplied: exchange.mutation && sentAt !== undefined }));
      const onWaitTimeout = () =>
        fail(
          new CloudStackConnectionWaitError({
            command: exchange.command,
            endpoint: this.endpoint,
            waitedMs: this.connectionWaitMs,
            connections: this.connections,
            reason: socketAssigned ? 'connecting' : 'busy',
          }),
        );
      const onAnswerTimeout = () =>
        fail(
          new CloudStackTimeoutError({
            command: exchange.command,
            endpoint: this.endpoint,
            timeoutMs: this.options.timeoutMs,
            mayHaveBeenApplied: exchange.mutation,
            connectionWaitMs: (sentAt ?? Date.now()) - queuedAt,
          }),
        );
      const onSent = () => {
        if (settled || sentAt !== undefined) return;
        sentAt = Date.now();
        clearTimeout(timer);
        timer = setTimeout(onAnswerTimeout, this.options.timeoutMs);
      };
      let timer = setTimeout(onWaitTimeout, Math.max(0, waitDeadline - Date.now()));

      const request = send(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port || undefined,
          path: method === 'GET' ? `${this.path}?${encodedParams}` : this.path,
          method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            'user-agent': this.options.userAgent,
            ...(body ? { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'content-length': body.length } : {}),
          },
        },
        (response) => {
          onSent(); // an answer implies the request left, whatever the socket events said
          const chunks: Buffer[] = [];
          const cutOff = () => fail(this.networkError(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }), exchange, true));
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => fail(this.networkError(error, exchange, true)));
          response.once('aborted', cutOff);
          response.once('end', () => {
            if (!response.complete) {
              cutOff();
              return;
            }
            const description = response.headers['x-description'];
            settle(() =>
              resolve({
                status: response.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8'),
                description: Array.isArray(description) ? description[0] : description,
              }),
            );
          });
        },
      );
      // A reused keep-alive connection is open: the request goes out at once. A new one sends
      // nothing before it is connected (and, for TLS, the handshake is done).
      request.once('socket', (socket: Socket) => {
        socketAssigned = true;
        if (!socket.connecting) onSent();
        else socket.once(tls ? 'secureConnect' : 'connect', onSent);
      });
      request.on('error', (error) => fail(this.networkError(error, exchange, sentAt !== undefined)));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      request.end(body);
    });
  }

  /** `sent`: whether the request may have left (a connection was open); if not, it cannot have been applied. */
  private networkError(error: unknown, exchange: HttpExchange, sent: boolean): CloudStackNetworkError {
    const code = errorCode(error);
    // Scrub anything that could echo the request (keys, signature) out of library messages.
    let detail = maskSecrets(errorDetail(error), exchange.secrets);
    if (isTlsVerificationCode(code)) {
      detail +=
        ` — the server's TLS certificate is not trusted; pass its CA with tls.caFile` +
        ` (or, for a throw-away test setup only, tls.insecure)`;
    }
    return new CloudStackNetworkError({
      command: exchange.command,
      endpoint: this.endpoint,
      code,
      detail,
      attempts: 1,
      mayHaveBeenApplied: exchange.mutation && sent && !NOT_SENT_CODES.has(code ?? '') && !isTlsVerificationCode(code),
      cause: error,
    });
  }

  /** Closes the pool's connections; calling it again is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.agent.destroy();
  }
}
