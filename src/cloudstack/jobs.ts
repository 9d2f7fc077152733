/**
 * Waiting for an async job: poll `queryAsyncJobResult` with capped backoff until `jobstatus` leaves 0.
 * A failed job (status 2) arrives as HTTP 200 with the error inside `jobresult`: it becomes a
 * `CloudStackJobError`. Stopping early (timeout, abort, polling failure) never cancels the job on
 * the server, and the error says so with the job id.
 */
import type { JobProgress } from './caller.ts';
import { isJsonObject, type JsonObject } from './envelope.ts';
import {
  CloudStackAbortedError,
  CloudStackApiError,
  CloudStackConnectionWaitError,
  CloudStackHttpError,
  CloudStackNetworkError,
  CloudStackProtocolError,
  CloudStackTimeoutError,
  CloudStackJobAbortedError,
  CloudStackJobError,
  CloudStackJobTimeoutError,
  CloudStackJobWaitError,
} from './errors.ts';
import { sleep } from './sleep.ts';

export interface JobPollingOptions {
  /** Wait before the first poll (jobs rarely finish sooner). */
  initialDelayMs: number;
  /** Each wait is the previous one times this, up to `maxDelayMs`. */
  multiplier: number;
  maxDelayMs: number;
  /** Give up waiting (the job keeps running) after this long. */
  timeoutMs: number;
}

export const DEFAULT_JOB_POLLING: JobPollingOptions = {
  initialDelayMs: 500,
  multiplier: 1.5,
  maxDelayMs: 5_000,
  timeoutMs: 15 * 60_000,
};

export interface WaitForJobOptions extends Partial<JobPollingOptions> {
  /** Stops polling (not the job). */
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** The API that queued the job, for messages. */
  command?: string;
  /** When the job was queued (ms since epoch); progress and timeout count from here. Default: now. */
  startedAt?: number;
}

/** Sends one `queryAsyncJobResult` and returns the inner envelope object. */
export type JobQuery = (jobId: string, signal?: AbortSignal) => Promise<JsonObject>;

/** CloudStack's `jobstatus`: 0 pending, 1 succeeded, 2 failed (3 cancelled exists in the enum). */
export const JOB_PENDING = 0;
export const JOB_SUCCEEDED = 1;

function asInt(value: unknown, fallback: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return fallback;
}

/** The typed error for a finished, unsuccessful job, keeping the job's own text. */
export function jobFailure(job: JsonObject, jobId: string, command?: string): CloudStackJobError {
  const result = job.jobresult;
  const resultCode = asInt(job.jobresultcode, 530);
  let errorCode = resultCode;
  let errorText: string;
  if (isJsonObject(result) && typeof result.errortext === 'string') {
    errorText = result.errortext;
    errorCode = asInt(result.errorcode, resultCode);
  } else if (typeof result === 'string' && result !== '') {
    errorText = result; // jobresulttype "text"
  } else {
    // e.g. jobs orphaned by a management-server restart carry no readable result.
    errorText = `the job ended with status ${String(job.jobstatus)} and no error text (jobresultcode ${resultCode})`;
  }
  return new CloudStackJobError({
    command,
    jobId,
    errorCode,
    errorText,
    jobStatus: asInt(job.jobstatus, -1),
    jobResult: result,
  });
}

/** The waits before each poll: initial, then ×multiplier, capped at maxDelayMs. */
export function* pollDelays(polling: Pick<JobPollingOptions, 'initialDelayMs' | 'multiplier' | 'maxDelayMs'>): Generator<number> {
  let delay = polling.initialDelayMs;
  for (;;) {
    yield Math.min(delay, polling.maxDelayMs);
    delay = Math.min(polling.maxDelayMs, delay * polling.multiplier);
  }
}

/**
 * Polls until the job finishes and returns its `jobresult` (e.g. `{virtualmachine:{…}}`, or
 * `{success:true, details?}`); throws `CloudStackJobError` if it failed and a
 * `CloudStackJobWaitError` (timeout, abort, polling failure) if its outcome stays unknown.
 */
export async function waitForJob(query: JobQuery, jobId: string, options: WaitForJobOptions = {}): Promise<unknown> {
  const polling: JobPollingOptions = {
    initialDelayMs: options.initialDelayMs ?? DEFAULT_JOB_POLLING.initialDelayMs,
    multiplier: options.multiplier ?? DEFAULT_JOB_POLLING.multiplier,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_JOB_POLLING.maxDelayMs,
    timeoutMs: options.timeoutMs ?? DEFAULT_JOB_POLLING.timeoutMs,
  };
  const { signal, command } = options;
  const startedAt = options.startedAt ?? Date.now();
  const deadline = startedAt + polling.timeoutMs;
  const elapsed = () => Date.now() - startedAt;
  const aborted = (cause?: unknown) => new CloudStackJobAbortedError({ command, jobId, elapsedMs: elapsed(), cause });

  const delays = pollDelays(polling);
  for (let polls = 1; ; polls++) {
    // Never sleep past the deadline: the last poll happens at the deadline, then we give up.
    const wait = Math.max(0, Math.min(delays.next().value as number, deadline - Date.now()));
    try {
      await sleep(wait, signal);
    } catch {
      throw aborted();
    }

    let job: JsonObject;
    try {
      job = await query(jobId, signal);
    } catch (error) {
      if (signal?.aborted || error instanceof CloudStackAbortedError) throw aborted(error);
      // A poll that found every connection busy was never sent, and one that failed on the way (a
      // dropped connection, an unreadable or 5xx answer) says nothing about the job: poll again
      // until the job's own deadline rather than give up on a job that may well succeed.
      if (isTransientPollFailure(error) && Date.now() < deadline) continue;
      throw new CloudStackJobWaitError({
        command,
        jobId,
        elapsedMs: elapsed(),
        reason: `polling failed: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }

    const status = asInt(job.jobstatus, JOB_PENDING);
    try {
      options.onProgress?.({ jobId, elapsedMs: elapsed(), procStatus: asInt(job.jobprocstatus, 0), polls });
    } catch {
      // A failing progress listener (e.g. a closed MCP connection) must not turn a job into a failure.
    }
    if (status === JOB_SUCCEEDED) return job.jobresult ?? {};
    if (status !== JOB_PENDING) throw jobFailure(job, jobId, command);
    if (Date.now() >= deadline) {
      throw new CloudStackJobTimeoutError({ command, jobId, elapsedMs: elapsed(), timeoutMs: polling.timeoutMs });
    }
  }
}

function isTransientPollFailure(error: unknown): boolean {
  return (
    error instanceof CloudStackConnectionWaitError ||
    error instanceof CloudStackNetworkError ||
    error instanceof CloudStackTimeoutError ||
    error instanceof CloudStackProtocolError ||
    (error instanceof CloudStackHttpError && error.httpStatus >= 500) ||
    (error instanceof CloudStackApiError && error.errorCode >= 500)
  );
}
