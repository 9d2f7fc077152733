/**
 * Async jobs whose result may carry a one-time secret but were not waited for (wait: false, or the
 * job outlasted --job-timeout-ms): remembered by job id, so that query_async_job_result keeps the
 * secret by the connection's policy instead of only masking it, which would lose it.
 *
 * Per server (one per MCP session), in memory: a job followed from another session or replica is
 * masked like any answer, and the result of the call that queued it says so.
 */
import type { OneTimeSecretEntry } from './one-time-secrets.ts';

export interface SecretJob {
  /** The API the job runs (deployVirtualMachine). */
  api: string;
  entry: OneTimeSecretEntry;
  /** The call's arguments (for the secret file's label). */
  params: Record<string, unknown>;
}

/** Enough for any session's pending jobs; the oldest goes first when full. */
const MAX_JOBS = 256;

export class OneTimeSecretJobs {
  private readonly jobs = new Map<string, SecretJob>();

  remember(jobId: string, job: SecretJob): void {
    this.jobs.delete(jobId);
    this.jobs.set(jobId, job);
    if (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
  }

  get(jobId: unknown): SecretJob | undefined {
    return typeof jobId === 'string' ? this.jobs.get(jobId) : undefined;
  }

  /** The job has ended (its secret, if any, was kept): it is not followed any more. */
  forget(jobId: string): void {
    this.jobs.delete(jobId);
  }
}
