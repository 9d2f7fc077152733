import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../src/cloudstack/caller.ts';
import type { JsonObject } from '../../src/cloudstack/envelope.ts';
import {
  CloudStackAbortedError,
  CloudStackApiError,
  CloudStackJobAbortedError,
  CloudStackJobError,
  CloudStackJobTimeoutError,
  CloudStackJobWaitError,
  CloudStackNetworkError,
} from '../../src/cloudstack/errors.ts';
import { pollDelays, waitForJob, type JobQuery } from '../../src/cloudstack/jobs.ts';

const fast = { initialDelayMs: 1, multiplier: 2, maxDelayMs: 8 };

/** A job that answers the given queryAsyncJobResult bodies in turn, repeating the last one. */
function scriptedJob(answers: JsonObject[]): { query: JobQuery; polls: () => number } {
  let polls = 0;
  return {
    query: async () => answers[Math.min(polls++, answers.length - 1)],
    polls: () => polls,
  };
}

const pending = { jobid: 'job-1', jobstatus: 0, jobprocstatus: 0, jobresultcode: 0 };

describe('waitForJob', () => {
  it('returns the job result once the job succeeds, reporting progress after every poll', async () => {
    const result = { virtualmachine: { id: 'vm-1', state: 'Running' } };
    const job = scriptedJob([pending, { ...pending, jobprocstatus: 3 }, { ...pending, jobstatus: 1, jobresulttype: 'object', jobresult: result }]);
    const progress: JobProgress[] = [];
    await expect(waitForJob(job.query, 'job-1', { ...fast, onProgress: (p) => progress.push(p) })).resolves.toEqual(result);
    expect(job.polls()).toBe(3);
    expect(progress.map((p) => p.polls)).toEqual([1, 2, 3]);
    expect(progress.map((p) => p.procStatus)).toEqual([0, 3, 0]);
    expect(progress.every((p) => p.jobId === 'job-1')).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i].elapsedMs).toBeGreaterThanOrEqual(progress[i - 1].elapsedMs);
  });

  it('returns {success, details} for success-only commands', async () => {
    const job = scriptedJob([{ ...pending, jobstatus: 1, jobresult: { success: true, details: 'done' } }]);
    await expect(waitForJob(job.query, 'job-1', fast)).resolves.toEqual({ success: true, details: 'done' });
  });

  it('turns a failed job into CloudStackJobError with the job error text and code', async () => {
    const job = scriptedJob([
      pending,
      { ...pending, jobstatus: 2, jobresultcode: 530, jobresulttype: 'object', jobresult: { errorcode: 533, errortext: 'Unable to create a deployment for VM' } },
    ]);
    const error = await waitForJob(job.query, 'job-1', { ...fast, command: 'deployVirtualMachine' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackJobError);
    const jobError = error as CloudStackJobError;
    expect(jobError.jobId).toBe('job-1');
    expect(jobError.errorCode).toBe(533);
    expect(jobError.errorText).toBe('Unable to create a deployment for VM');
    expect(jobError.message).toBe('Async job job-1 (deployVirtualMachine) failed with error 533: Unable to create a deployment for VM');
  });

  it('explains a failed job without a readable result (orphaned by a server restart)', async () => {
    const job = scriptedJob([{ ...pending, jobstatus: 2, jobresultcode: 530 }]);
    const error = (await waitForJob(job.query, 'job-9', fast).catch((e: unknown) => e)) as CloudStackJobError;
    expect(error).toBeInstanceOf(CloudStackJobError);
    expect(error.errorCode).toBe(530);
    expect(error.errorText).toMatch(/no error text \(jobresultcode 530\)/);
  });

  it('gives up after the timeout with the job id and how to check it, polling until the deadline', async () => {
    const job = scriptedJob([pending]);
    const started = Date.now();
    const error = (await waitForJob(job.query, 'job-7', { ...fast, timeoutMs: 60, command: 'deployVirtualMachine' }).catch(
      (e: unknown) => e,
    )) as CloudStackJobTimeoutError;
    expect(error).toBeInstanceOf(CloudStackJobTimeoutError);
    expect(error).toBeInstanceOf(CloudStackJobWaitError);
    expect(error.jobId).toBe('job-7');
    expect(error.timeoutMs).toBe(60);
    expect(error.message).toMatch(/job-7 \(deployVirtualMachine\) did not finish within 60 ms/);
    expect(error.message).toMatch(/may still be running/);
    expect(error.message).toContain('queryAsyncJobResult jobid=job-7');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(job.polls()).toBeGreaterThan(3);
  });

  it('backs off by the multiplier up to the cap', () => {
    const delays = pollDelays({ initialDelayMs: 500, multiplier: 1.5, maxDelayMs: 5_000 });
    const first = Array.from({ length: 9 }, () => delays.next().value);
    expect(first).toEqual([500, 750, 1125, 1687.5, 2531.25, 3796.875, 5000, 5000, 5000]);
  });

  it('stops polling when the signal fires, saying the job may still run', async () => {
    const job = scriptedJob([pending]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = (await waitForJob(job.query, 'job-3', { ...fast, signal: controller.signal }).catch(
      (e: unknown) => e,
    )) as CloudStackJobAbortedError;
    expect(error).toBeInstanceOf(CloudStackJobAbortedError);
    expect(error.jobId).toBe('job-3');
    expect(error.message).toMatch(/may still be running/);
    const pollsAtAbort = job.polls();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(job.polls()).toBe(pollsAtAbort);
  });

  it('maps an aborted poll request to the job abort error', async () => {
    const query: JobQuery = async () => {
      throw new CloudStackAbortedError({ command: 'queryAsyncJobResult', mayHaveBeenApplied: false });
    };
    await expect(waitForJob(query, 'job-4', fast)).rejects.toBeInstanceOf(CloudStackJobAbortedError);
  });

  it('wraps a polling failure that lasts to the deadline so the job id is not lost', async () => {
    const query: JobQuery = async () => {
      throw new CloudStackNetworkError({
        command: 'queryAsyncJobResult',
        endpoint: 'http://h/client/api',
        detail: 'connect ECONNREFUSED',
        attempts: 3,
        mayHaveBeenApplied: false,
      });
    };
    const error = (await waitForJob(query, 'job-5', { ...fast, timeoutMs: 50 }).catch((e: unknown) => e)) as CloudStackJobWaitError;
    expect(error).toBeInstanceOf(CloudStackJobWaitError);
    expect(error.jobId).toBe('job-5');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('queryAsyncJobResult jobid=job-5');
    expect(error.cause).toBeInstanceOf(CloudStackNetworkError);
  });

  it('polls on after a failed poll (a 530, a dropped connection): one bad answer says nothing about the job', async () => {
    let polls = 0;
    const query: JobQuery = async () => {
      polls++;
      if (polls === 1) throw new CloudStackApiError({ command: 'queryAsyncJobResult', httpStatus: 530, errorCode: 530, csErrorCode: 9999, errorText: 'Internal error' });
      if (polls === 2) {
        throw new CloudStackNetworkError({ command: 'queryAsyncJobResult', endpoint: 'http://h/client/api', detail: 'socket hang up', attempts: 3, mayHaveBeenApplied: false });
      }
      return { ...pending, jobstatus: 1, jobresult: { success: true } };
    };
    await expect(waitForJob(query, 'job-7', { ...fast, timeoutMs: 5_000 })).resolves.toEqual({ success: true });
    expect(polls).toBe(3);
  });

  it('stops at a poll CloudStack refuses for good (an unknown job id, no permission)', async () => {
    const query: JobQuery = async () => {
      throw new CloudStackApiError({ command: 'queryAsyncJobResult', httpStatus: 431, errorCode: 431, csErrorCode: 4350, errorText: 'Unable to find job' });
    };
    await expect(waitForJob(query, 'job-8', { ...fast, timeoutMs: 5_000 })).rejects.toBeInstanceOf(CloudStackJobWaitError);
  });

  it('keeps waiting when a progress listener throws', async () => {
    const job = scriptedJob([pending, { ...pending, jobstatus: 1, jobresult: { success: true } }]);
    const onProgress = () => {
      throw new Error('listener gone');
    };
    await expect(waitForJob(job.query, 'job-6', { ...fast, onProgress })).resolves.toEqual({ success: true });
  });
});
