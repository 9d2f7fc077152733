/**
 * HTTP to one CloudStack endpoint over a keep-alive pool of Node's own http(s) agent. It sends an already signed,
 * already encoded request and hands back status and body; failures become typed errors naming the
 * endpoint (origin and path), never the query string, which carries the key and the signature.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RawAnswer } from './envelope.ts';
import { CloudStackAbortedError, CloudStackEncodingError, CloudStackNetworkError, CloudStackTimeoutError } from './errors.ts';
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
  /** Limit for one HTTP exchange (connect, send, complete answer). */
  timeoutMs: number;
  tls?: TlsOptions;
  userAgent: string;
  logger: CloudStackLogger;
  /** Keep-alive connections kept open to the server. */
  connections?: number;
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
}

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
    // An idle socket is closed after 5 s, well before a server would drop it under a new request.
    const pool = { keepAlive: true, timeout: 5_000, maxSockets: options.connections ?? 8, scheduling: 'lifo' as const };
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
    const { method, encodedParams } = exchange;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = exchange.signal ? AbortSignal.any([exchange.signal, timeout]) : timeout;
    if (exchange.signal?.aborted) {
      throw new CloudStackAbortedError({ command: exchange.command, mayHaveBeenApplied: false });
    }
    try {
      return await this.exchange(method, encodedParams, signal);
    } catch (error) {
      if (exchange.signal?.aborted) {
        throw new CloudStackAbortedError({ command: exchange.command, mayHaveBeenApplied: exchange.mutation, cause: error });
      }
      if (timeout.aborted) {
        throw new CloudStackTimeoutError({
          command: exchange.command,
          endpoint: this.endpoint,
          timeoutMs: this.options.timeoutMs,
          mayHaveBeenApplied: exchange.mutation,
        });
      }
      throw this.networkError(error, exchange);
    }
  }

  private exchange(method: HttpMethod, encodedParams: string, signal: AbortSignal): Promise<RawAnswer> {
    const body = method === 'POST' ? Buffer.from(encodedParams, 'utf8') : undefined;
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<RawAnswer>((resolve, reject) => {
      const request = send(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port || undefined,
          path: method === 'GET' ? `${this.path}?${encodedParams}` : this.path,
          method,
          agent: this.agent,
          signal,
          headers: {
            accept: 'application/json',
            'user-agent': this.options.userAgent,
            ...(body ? { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'content-length': body.length } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('error', reject);
          response.once('aborted', () => reject(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' })));
          response.once('end', () => {
            if (!response.complete) {
              reject(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
              return;
            }
            const description = response.headers['x-description'];
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              description: Array.isArray(description) ? description[0] : description,
            });
          });
        },
      );
      request.once('error', reject);
      request.end(body);
    });
  }

  private networkError(error: unknown, exchange: HttpExchange): CloudStackNetworkError {
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
      mayHaveBeenApplied: exchange.mutation && !NOT_SENT_CODES.has(code ?? '') && !isTlsVerificationCode(code),
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
