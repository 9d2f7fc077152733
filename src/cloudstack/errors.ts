/**
 * Typed errors of the CloudStack client. Every message is meant to be shown to a person (or a model)
 * as is: it says what failed, where, and what to do next. None of them ever contains the API key,
 * the secret key, a signature or a signed URL: endpoints are named by origin and path only.
 */

/** One entry of CloudStack's `uuidList` (entities an exception refers to). */
export interface CloudStackUuidRef {
  uuid?: string;
  description?: string;
}

/** Base class: everything the client throws on purpose is one of these. */
export class CloudStackError extends Error {
  override name = 'CloudStackError';
  /** The CloudStack API the error belongs to, when known. */
  readonly command?: string;

  constructor(message: string, options: { command?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.command = options.command;
  }
}

/** Hints for the codes whose CloudStack text alone does not say what to do. */
const ERROR_CODE_HINTS: Record<number, string> = {
  401:
    'Check the API key and secret key, that the user and account are enabled, and that this ' +
    "machine's clock is not behind the server's (signed requests carry an expiry time).",
  405: 'The API does not accept this HTTP method.',
  429: 'The account hit its API rate limit; wait and retry.',
  430: 'A map parameter is malformed; it must be sent as name[index].field=value.',
  432: "The API does not exist on this server or the account's role may not call it.",
};

/**
 * CloudStack answered with its error body: `{"<cmd>response" | "errorresponse": {uuidList, errorcode,
 * cserrorcode, errortext}}`. `errorText` is CloudStack's own text, unchanged.
 */
export class CloudStackApiError extends CloudStackError {
  override name = 'CloudStackApiError';
  readonly httpStatus: number;
  /** CloudStack's `errorcode` (ApiErrorCode, e.g. 431 parameter error, 530 internal error). */
  readonly errorCode: number;
  /** CloudStack's `cserrorcode` (exception class code, e.g. 4350), when the server sent one. */
  readonly csErrorCode?: number;
  readonly errorText: string;
  readonly uuidList: CloudStackUuidRef[];

  constructor(fields: {
    command?: string;
    httpStatus: number;
    errorCode: number;
    csErrorCode?: number;
    errorText: string;
    uuidList?: CloudStackUuidRef[];
  }) {
    const where = fields.command ? ` (${fields.command})` : '';
    const hint = ERROR_CODE_HINTS[fields.errorCode];
    super(`CloudStack error ${fields.errorCode}${where}: ${fields.errorText}${hint ? ` — ${hint}` : ''}`, {
      command: fields.command,
    });
    this.httpStatus = fields.httpStatus;
    this.errorCode = fields.errorCode;
    this.csErrorCode = fields.csErrorCode;
    this.errorText = fields.errorText;
    this.uuidList = fields.uuidList ?? [];
  }
}

/**
 * A non-success HTTP status without a CloudStack error body (a proxy's 502/503 page, a servlet
 * container's 405 page, a redirect to a login page).
 */
export class CloudStackHttpError extends CloudStackError {
  override name = 'CloudStackHttpError';
  readonly httpStatus: number;
  readonly endpoint: string;
  /** The start of the body, with anything that looks like a secret masked. */
  readonly bodyExcerpt: string;
  /**
   * True for a mutation answered with a 5xx page (a proxy's 502/504 after forwarding it, a
   * container's 500): CloudStack may have applied it. A 3xx/4xx page means it never got that far.
   */
  readonly mayHaveBeenApplied: boolean;

  constructor(fields: { command?: string; httpStatus: number; endpoint: string; bodyExcerpt: string; mayHaveBeenApplied?: boolean }) {
    const where = fields.command ? ` for ${fields.command}` : '';
    const applied = fields.mayHaveBeenApplied
      ? ' The request may have reached CloudStack behind it and may have been applied: check the resource before repeating it.'
      : '';
    super(
      `HTTP ${fields.httpStatus} from ${fields.endpoint}${where} without a CloudStack error body ` +
        `(is the URL the management server's /client/api, or is a proxy in the way?): ${fields.bodyExcerpt || '(empty body)'}${applied}`,
      { command: fields.command },
    );
    this.httpStatus = fields.httpStatus;
    this.endpoint = fields.endpoint;
    this.bodyExcerpt = fields.bodyExcerpt;
    this.mayHaveBeenApplied = fields.mayHaveBeenApplied ?? false;
  }
}

/**
 * The answer was not the JSON envelope CloudStack writes. The server did answer (HTTP 2xx), so a
 * change it was asked for may well have been applied: `mayHaveBeenApplied` says so for mutations.
 */
export class CloudStackProtocolError extends CloudStackError {
  override name = 'CloudStackProtocolError';
  readonly endpoint: string;
  readonly httpStatus: number;
  readonly bodyExcerpt: string;
  /** True for a mutation: the server answered, only its answer could not be read. */
  readonly mayHaveBeenApplied: boolean;

  constructor(fields: {
    command?: string;
    endpoint: string;
    httpStatus: number;
    problem: string;
    bodyExcerpt: string;
    mayHaveBeenApplied?: boolean;
  }) {
    const where = fields.command ? ` to ${fields.command}` : '';
    const applied = fields.mayHaveBeenApplied
      ? ' The server received the request and answered, so the change may have been applied: check the resource before repeating it.'
      : '';
    super(
      `Unreadable answer${where} from ${fields.endpoint} (HTTP ${fields.httpStatus}): ${fields.problem}. ` +
        `Body starts with: ${fields.bodyExcerpt || '(empty body)'}${applied}`,
      { command: fields.command },
    );
    this.endpoint = fields.endpoint;
    this.httpStatus = fields.httpStatus;
    this.bodyExcerpt = fields.bodyExcerpt;
    this.mayHaveBeenApplied = fields.mayHaveBeenApplied ?? false;
  }
}

/** The server could not be reached or the connection broke before a full answer arrived. */
export class CloudStackNetworkError extends CloudStackError {
  override name = 'CloudStackNetworkError';
  readonly endpoint: string;
  /** The system error code when there is one (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, ...). */
  readonly code?: string;
  /** How many attempts were made (more than one only for read-only calls). */
  readonly attempts: number;
  /** What went wrong, without the endpoint (the library's text, scrubbed). */
  readonly detail: string;
  /** False when the request provably never left (connection refused, DNS); true for broken mutations. */
  readonly mayHaveBeenApplied: boolean;

  constructor(fields: {
    command?: string;
    endpoint: string;
    code?: string;
    detail: string;
    attempts: number;
    mayHaveBeenApplied: boolean;
    cause?: unknown;
  }) {
    const tries = fields.attempts > 1 ? ` after ${fields.attempts} attempts` : '';
    const applied = fields.mayHaveBeenApplied
      ? ' The request may have reached the server: check the resource before repeating this change.'
      : '';
    super(
      `Could not complete ${fields.command ?? 'the request'} at ${fields.endpoint}${tries}: ${fields.detail}.${applied}`,
      { command: fields.command, cause: fields.cause },
    );
    this.endpoint = fields.endpoint;
    this.code = fields.code;
    this.attempts = fields.attempts;
    this.detail = fields.detail;
    this.mayHaveBeenApplied = fields.mayHaveBeenApplied;
  }

  /** The same failure, reported after `attempts` tries. */
  withAttempts(attempts: number): CloudStackNetworkError {
    return new CloudStackNetworkError({
      command: this.command,
      endpoint: this.endpoint,
      code: this.code,
      detail: this.detail,
      attempts,
      mayHaveBeenApplied: this.mayHaveBeenApplied,
      cause: this.cause,
    });
  }
}

/**
 * No (complete) answer within the client's request timeout, counted from when the request was on
 * the wire (time spent waiting for a free connection is not part of it: `connectionWaitMs`).
 */
export class CloudStackTimeoutError extends CloudStackError {
  override name = 'CloudStackTimeoutError';
  readonly endpoint: string;
  readonly timeoutMs: number;
  /** How long the request waited for a free connection before it was sent. */
  readonly connectionWaitMs: number;
  /** True for a mutation: it was sent, so the server may apply it whatever the client does. */
  readonly mayHaveBeenApplied: boolean;

  constructor(fields: { command?: string; endpoint: string; timeoutMs: number; mayHaveBeenApplied: boolean; connectionWaitMs?: number }) {
    const applied = fields.mayHaveBeenApplied
      ? ' The change may still be applied by the server: check the resource before repeating it.'
      : ' Retry, or raise the client timeout.';
    // A wait worth mentioning (not the few ms of opening a connection): it is not part of the timeout.
    const waited =
      (fields.connectionWaitMs ?? 0) >= 100 ? ` (sent after waiting ${fields.connectionWaitMs} ms for a free connection)` : '';
    super(`No answer from ${fields.endpoint} to ${fields.command ?? 'the request'} within ${fields.timeoutMs} ms${waited}.${applied}`, {
      command: fields.command,
    });
    this.endpoint = fields.endpoint;
    this.timeoutMs = fields.timeoutMs;
    this.connectionWaitMs = fields.connectionWaitMs ?? 0;
    this.mayHaveBeenApplied = fields.mayHaveBeenApplied;
  }
}

/**
 * The request was never sent: no connection of the client's pool became free (or a new one could
 * not be opened) within the connection wait. The server cannot have seen it.
 */
export class CloudStackConnectionWaitError extends CloudStackError {
  override name = 'CloudStackConnectionWaitError';
  readonly endpoint: string;
  /** How long the request waited. */
  readonly waitedMs: number;
  /** The pool size. */
  readonly connections: number;
  /** `busy`: every connection was in use; `connecting`: a new connection did not open in time. */
  readonly reason: 'busy' | 'connecting';
  readonly mayHaveBeenApplied = false;

  constructor(fields: { command?: string; endpoint: string; waitedMs: number; connections: number; reason: 'busy' | 'connecting' }) {
    const what = fields.command ?? 'the request';
    super(
      fields.reason === 'busy'
        ? `No connection to ${fields.endpoint} was free within ${fields.waitedMs} ms for ${what} ` +
            `(${fields.connections === 1 ? "the client's one connection was" : `all ${fields.connections} of the client's connections were`} busy), so it was not sent. ` +
            'Retry when fewer calls are running, or raise the pool size or the connection wait.'
        : `Could not connect to ${fields.endpoint} within ${fields.waitedMs} ms for ${what}, so it was not sent. ` +
            'Check that the server is reachable, then retry.',
      { command: fields.command },
    );
    this.endpoint = fields.endpoint;
    this.waitedMs = fields.waitedMs;
    this.connections = fields.connections;
    this.reason = fields.reason;
  }
}

/** The caller aborted the HTTP request (its AbortSignal fired) before an answer arrived. */
export class CloudStackAbortedError extends CloudStackError {
  override name = 'CloudStackAbortedError';
  /** False when the request was cancelled before it was sent. */
  readonly mayHaveBeenApplied: boolean;

  constructor(fields: { command?: string; mayHaveBeenApplied: boolean; cause?: unknown }) {
    const applied = fields.mayHaveBeenApplied
      ? ' The request may already have reached the server and may still be applied: check the resource.'
      : '';
    super(`The call to ${fields.command ?? 'CloudStack'} was cancelled.${applied}`, {
      command: fields.command,
      cause: fields.cause,
    });
    this.mayHaveBeenApplied = fields.mayHaveBeenApplied;
  }
}

/** An async job finished with status failed (`jobstatus` 2): the job's own error code and text. */
export class CloudStackJobError extends CloudStackError {
  override name = 'CloudStackJobError';
  readonly jobId: string;
  /** `jobresult.errorcode`, else `jobresultcode` (530 for most failures). */
  readonly errorCode: number;
  readonly errorText: string;
  readonly jobStatus: number;
  /** The raw `jobresult`, for callers that need more than the text. */
  readonly jobResult: unknown;

  constructor(fields: {
    command?: string;
    jobId: string;
    errorCode: number;
    errorText: string;
    jobStatus: number;
    jobResult: unknown;
  }) {
    const what = fields.command ? ` (${fields.command})` : '';
    super(`Async job ${fields.jobId}${what} failed with error ${fields.errorCode}: ${fields.errorText}`, {
      command: fields.command,
    });
    this.jobId = fields.jobId;
    this.errorCode = fields.errorCode;
    this.errorText = fields.errorText;
    this.jobStatus = fields.jobStatus;
    this.jobResult = fields.jobResult;
  }
}

function howToCheck(jobId: string): string {
  return `Check it with queryAsyncJobResult jobid=${jobId} (or listAsyncJobs).`;
}

/**
 * The client stopped waiting for an async job whose outcome is unknown: it may still be running.
 * Subclasses say why; catching this class covers all of them.
 */
export class CloudStackJobWaitError extends CloudStackError {
  override name = 'CloudStackJobWaitError';
  readonly jobId: string;
  readonly elapsedMs: number;

  constructor(fields: { command?: string; jobId: string; elapsedMs: number; reason?: string; cause?: unknown }, message?: string) {
    const what = fields.command ? ` (${fields.command})` : '';
    super(
      message ??
        `Stopped waiting for async job ${fields.jobId}${what} after ${fields.elapsedMs} ms: ${fields.reason ?? 'polling failed'}. ` +
          `The job may still be running. ${howToCheck(fields.jobId)}`,
      { command: fields.command, cause: fields.cause },
    );
    this.jobId = fields.jobId;
    this.elapsedMs = fields.elapsedMs;
  }
}

/** The job did not finish within the overall job timeout. */
export class CloudStackJobTimeoutError extends CloudStackJobWaitError {
  override name = 'CloudStackJobTimeoutError';
  readonly timeoutMs: number;

  constructor(fields: { command?: string; jobId: string; elapsedMs: number; timeoutMs: number }) {
    const what = fields.command ? ` (${fields.command})` : '';
    super(
      fields,
      `Async job ${fields.jobId}${what} did not finish within ${fields.timeoutMs} ms. ` +
        `It may still be running on CloudStack. ${howToCheck(fields.jobId)}`,
    );
    this.timeoutMs = fields.timeoutMs;
  }
}

/** The caller's AbortSignal fired while waiting for the job; the job itself was not cancelled. */
export class CloudStackJobAbortedError extends CloudStackJobWaitError {
  override name = 'CloudStackJobAbortedError';

  constructor(fields: { command?: string; jobId: string; elapsedMs: number; cause?: unknown }) {
    const what = fields.command ? ` (${fields.command})` : '';
    super(
      fields,
      `Stopped waiting for async job ${fields.jobId}${what} because the call was cancelled; ` +
        `CloudStack does not cancel the job, so it may still be running. ${howToCheck(fields.jobId)}`,
    );
  }
}

/** Tool-style arguments that cannot be put on the wire (wrong JSON type, comma inside a list item...). */
export class CloudStackEncodingError extends CloudStackError {
  override name = 'CloudStackEncodingError';
  readonly param?: string;

  constructor(fields: { command?: string; param?: string; problem: string }) {
    const where = fields.param ? `parameter '${fields.param}'` : 'arguments';
    super(`Invalid ${where}${fields.command ? ` for ${fields.command}` : ''}: ${fields.problem}`, {
      command: fields.command,
    });
    this.param = fields.param;
  }
}
