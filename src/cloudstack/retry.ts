/**
 * Retries with exponential backoff, for read-only calls only. A mutation is never repeated: a
 * deploy whose answer was lost may have created a VM, and sending it again creates a second one.
 */
import type { ApiModel } from '../model/types.ts';
import { CloudStackAbortedError, CloudStackApiError, CloudStackHttpError, CloudStackNetworkError } from './errors.ts';
import { sleep } from './sleep.ts';
import { isTlsVerificationCode } from './transport.ts';

export interface RetryPolicy {
  /** Extra attempts after the first (0 disables retrying). */
  retries: number;
  /** Delay before the first retry; doubled for each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 250, maxDelayMs: 4_000 };

/** APIs that change nothing although the model may not know them (live-only APIs). */
const READ_ONLY_WITHOUT_MODEL = /^(list|queryAsyncJobResult$)/;

/** Whether repeating the call is harmless: the model says `read`, or, without a model, a list API. */
export function isReadOnlyCall(command: string, api: ApiModel | undefined): boolean {
  if (api) return api.access === 'read';
  return READ_ONLY_WITHOUT_MODEL.test(command);
}

/**
 * Failures worth another try: the connection broke (not a certificate problem), or HTTP 503.
 * A timeout is not retried: the call already waited the full limit, and repeating it would
 * multiply that wait for a server that is likely overloaded.
 */
export function isRetryableFailure(error: unknown): boolean {
  if (error instanceof CloudStackNetworkError) return !isTlsVerificationCode(error.code);
  if (error instanceof CloudStackApiError || error instanceof CloudStackHttpError) return error.httpStatus === 503;
  return false;
}

/** Delay before retry number `retry` (1-based): base·2^(retry-1), capped, with jitter in [50%, 100%]. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * Runs `attempt` once, or for read-only calls up to `1 + retries` times while the failure is
 * retryable. The final network error says how many attempts were made.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  fields: {
    readOnly: boolean;
    policy: RetryPolicy;
    signal?: AbortSignal;
    command: string;
    onRetry?: (retry: number, delayMs: number, error: unknown) => void;
  },
): Promise<T> {
  const maxAttempts = fields.readOnly ? 1 + Math.max(0, fields.policy.retries) : 1;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= maxAttempts || !isRetryableFailure(error)) {
        throw error instanceof CloudStackNetworkError && attemptNumber > 1 ? error.withAttempts(attemptNumber) : error;
      }
      const delayMs = backoffDelay(attemptNumber, fields.policy);
      fields.onRetry?.(attemptNumber, delayMs, error);
      try {
        await sleep(delayMs, fields.signal);
      } catch {
        throw new CloudStackAbortedError({ command: fields.command, mayHaveBeenApplied: false, cause: error });
      }
    }
  }
}
