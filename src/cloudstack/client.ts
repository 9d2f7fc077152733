/**
 * The CloudStack client: encode (per the model) → sign → send (GET, or POST for secrets and long
 * requests) → read the envelope → for async APIs wait for the job. Read-only calls are retried on
 * network errors and 503; mutations never are.
 */
import type { ApiModel, ApiModelDocument } from '../model/types.ts';
import { createApiLookup, type ApiLookup } from './api-lookup.ts';
import type { ApiCaller, CallOptions } from './caller.ts';
import { encodeArgs } from './encode.ts';
import { readEnvelope, type JsonObject } from './envelope.ts';
import { CloudStackEncodingError } from './errors.ts';
import { DEFAULT_JOB_POLLING, waitForJob, type JobPollingOptions, type WaitForJobOptions } from './jobs.ts';
import { stderrLogger, type CloudStackLogger } from './logger.ts';
import { chooseMethod, type HttpMethod } from './method.ts';
import { listAll, type ListAllOptions, type ListResult } from './paging.ts';
import { DEFAULT_RETRY_POLICY, isReadOnlyCall, withRetries, type RetryPolicy } from './retry.ts';
import { encodeParams, signParams, type ParamList } from './signer.ts';
import { HttpTransport, type ExchangeTiming, type TlsOptions } from './transport.ts';

export interface CloudStackClientOptions {
  /** `http(s)://host:8080/client/api` (a URL without a path gets `/client/api`). */
  url: string;
  apiKey: string;
  secretKey: string;
  /** The API model (or a lookup): parameter encodings, async-ness, access class, item keys. */
  model?: ApiModelDocument | ApiLookup;
  /** 3 (default): signed requests carry `expires`; 2: no expiry (very old servers). */
  signatureVersion?: 2 | 3;
  /** Validity of a version-3 signature (default 600 s). The server allows no clock skew. */
  expiresInSeconds?: number;
  /** Limit for one HTTP exchange, counted from the request being on the wire (default 60 s). */
  timeoutMs?: number;
  /** Keep-alive connections to the server, and so the most requests in flight (default 8). */
  connections?: number;
  /**
   * Limit for waiting for a free connection before a request is sent (default: `timeoutMs`).
   * When it runs out the request is not sent (`CloudStackConnectionWaitError`).
   */
  connectionWaitMs?: number;
  /** Retries for read-only calls (default 2); mutations are never retried. */
  retries?: number;
  /** Backoff of those retries. */
  retryDelay?: { baseDelayMs?: number; maxDelayMs?: number };
  /** Defaults for waiting on async jobs. */
  jobPolling?: Partial<JobPollingOptions>;
  tls?: TlsOptions;
  userAgent?: string;
  logger?: CloudStackLogger;
  /** The clock used for `expires` (tests). */
  now?: () => Date;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Force the method; by default POST for secrets and long requests, else GET. */
  method?: HttpMethod;
  /** Override the read-only decision that governs retries (default: from the model or the name). */
  readOnly?: boolean;
  /** Told where the time of each HTTP exchange went (one per attempt). */
  onExchange?: (timing: ExchangeTiming) => void;
}

/**
 * What `callApi` takes beyond the generated client's `CallOptions`: where the time of the call's
 * own request went (waiting for a connection, on the wire), not that of its job polls.
 */
export interface CallTimingOptions {
  onExchange?: (timing: ExchangeTiming) => void;
}

/** Names the client sets itself; letting a caller set them would break signing or parsing. */
const RESERVED_PARAMS = new Set(['command', 'response', 'apikey', 'signature', 'signatureversion', 'expires', 'sessionkey']);

/** `zoneId` → `zoneid`, `Tags[0].key` → `tags[0].key`: the server lower-cases all but map fields. */
function wireName(name: string): string {
  const bracket = name.indexOf('[');
  return bracket < 0 ? name.toLowerCase() : name.slice(0, bracket).toLowerCase() + name.slice(bracket);
}

function toParamList(params: ParamList | Record<string, string>, command: string): ParamList {
  const entries: ParamList = Array.isArray(params) ? params : Object.entries(params);
  const seen = new Set<string>();
  return entries.map(([name, value]) => {
    const wire = wireName(name);
    if (RESERVED_PARAMS.has(wire)) {
      throw new CloudStackEncodingError({ command, param: name, problem: 'is set by the client itself' });
    }
    if (seen.has(wire)) {
      throw new CloudStackEncodingError({ command, param: name, problem: 'given twice (names are case-insensitive)' });
    }
    seen.add(wire);
    return [wire, value];
  });
}

/** An answer that is only a job handle: what async APIs return at once. */
function isJobHandle(inner: JsonObject): boolean {
  return typeof inner.jobid === 'string' && Object.keys(inner).every((key) => key === 'jobid' || key === 'id');
}

export class CloudStackClient implements ApiCaller {
  /** Origin and path of the API endpoint (safe to print). */
  readonly endpoint: string;
  private readonly options: CloudStackClientOptions;
  private readonly lookup: ApiLookup;
  private readonly transport: HttpTransport;
  private readonly logger: CloudStackLogger;
  private readonly retryPolicy: RetryPolicy;
  private readonly jobPolling: JobPollingOptions;

  constructor(options: CloudStackClientOptions) {
    if (!options.apiKey || !options.secretKey) {
      throw new CloudStackEncodingError({ problem: 'apiKey and secretKey are required' });
    }
    this.options = options;
    this.lookup = createApiLookup(options.model);
    this.logger = options.logger ?? stderrLogger;
    this.retryPolicy = {
      retries: options.retries ?? DEFAULT_RETRY_POLICY.retries,
      baseDelayMs: options.retryDelay?.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.retryDelay?.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    };
    this.jobPolling = { ...DEFAULT_JOB_POLLING, ...options.jobPolling };
    this.transport = new HttpTransport({
      url: options.url,
      timeoutMs: options.timeoutMs ?? 60_000,
      connections: options.connections,
      connectionWaitMs: options.connectionWaitMs,
      tls: options.tls,
      userAgent: options.userAgent ?? `cloudstack-mcp (node ${process.version})`,
      logger: this.logger,
    });
    this.endpoint = this.transport.endpoint;
  }

  /** The model of an API, if the client has one (case-insensitive name). */
  describeApi(apiName: string): ApiModel | undefined {
    return this.lookup(apiName);
  }

  /**
   * Sends one command with wire parameters as given (names are lower-cased) and returns the
   * envelope's inner object, e.g. `{count, zone:[…]}` or `{jobid}` for an async API.
   */
  async request(command: string, params: ParamList | Record<string, string> = [], options: RequestOptions = {}): Promise<JsonObject> {
    const api = this.lookup(command);
    const name = api?.name ?? command;
    const wireParams = toParamList(params, name);
    const readOnly = options.readOnly ?? isReadOnlyCall(name, api);

    return withRetries(
      async (attempt) => {
        // Signed per attempt, so a retry carries a fresh `expires`.
        const signed = signParams([['command', name], ['response', 'json'], ...wireParams], {
          apiKey: this.options.apiKey,
          secretKey: this.options.secretKey,
          signatureVersion: this.options.signatureVersion,
          expiresInSeconds: this.options.expiresInSeconds,
          now: this.options.now,
        });
        const signature = signed[signed.length - 1][1];
        const secrets = [this.options.secretKey, this.options.apiKey, signature];
        const encodedParams = encodeParams(signed);
        const method = chooseMethod({ api, params: wireParams, encodedLength: encodedParams.length, forced: options.method });
        const started = Date.now();
        const answer = await this.transport.send({
          method,
          encodedParams,
          command: name,
          mutation: !readOnly,
          signal: options.signal,
          secrets,
          onTiming: options.onExchange,
        });
        this.logger.debug?.(`${method} ${name} → HTTP ${answer.status} in ${Date.now() - started} ms (attempt ${attempt})`);
        return readEnvelope(answer, { command: name, endpoint: this.endpoint, secrets, mutation: !readOnly });
      },
      {
        readOnly,
        policy: this.retryPolicy,
        signal: options.signal,
        command: name,
        onRetry: (retry, delayMs, error) =>
          this.logger.debug?.(`${name}: retry ${retry} in ${delayMs} ms after: ${error instanceof Error ? error.message : String(error)}`),
      },
    );
  }

  /**
   * Calls an API with tool-style arguments (encoded per the model). Async APIs are waited for
   * unless `waitForJob: false`, and return the job's result (e.g. `{virtualmachine:{…}}`).
   */
  async callApi(apiName: string, args: Record<string, unknown> = {}, options: CallOptions & CallTimingOptions = {}): Promise<unknown> {
    const api = this.lookup(apiName);
    const name = api?.name ?? apiName;
    const params = encodeArgs(api, name, args);
    const startedAt = Date.now();
    const inner = await this.request(name, params, { signal: options.signal, method: options.method, onExchange: options.onExchange });

    // Without a model, an answer that is only {jobid, id?} is the mark of an async API.
    const isAsync = api ? api.isAsync : isJobHandle(inner);
    if (!isAsync || options.waitForJob === false || typeof inner.jobid !== 'string') return inner;
    return this.waitForJob(inner.jobid, {
      command: name,
      signal: options.signal,
      onProgress: options.onProgress,
      timeoutMs: options.jobTimeoutMs,
      startedAt,
    });
  }

  /** Polls `queryAsyncJobResult` until the job ends; see `waitForJob` in jobs.ts for the errors. */
  waitForJob(jobId: string, options: WaitForJobOptions = {}): Promise<unknown> {
    return waitForJob(
      (id, signal) => this.request('queryAsyncJobResult', [['jobid', id]], { signal, readOnly: true }),
      jobId,
      { ...this.jobPolling, ...definedOnly(options) },
    );
  }

  /** Every item of a list API (or the first `limit`), walking the pages. */
  listAll(apiName: string, args: Record<string, unknown> = {}, options: ListAllOptions = {}): Promise<ListResult> {
    return listAll(this, apiName, args, options);
  }

  /** Closes the keep-alive connections. */
  async close(): Promise<void> {
    await this.transport.close();
  }
}

/** Options with undefined values removed, so they do not override defaults when spread. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
