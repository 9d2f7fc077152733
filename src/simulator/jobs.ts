/**
 * Async jobs: queued when an async API passes validation, finished `jobDelayMs` later (or never, or
 * failed, as the faults say), read through queryAsyncJobResult and listAsyncJobs with the fields
 * in CloudStack's order (AsyncJobResponse / AsyncJobJoinDaoImpl).
 */
import { formatCloudStackDate } from '../cloudstack/signer.ts';
import { type Answer, type JsonObject, jobResultContent } from './envelope.ts';
import { ApiError, ErrorCode } from './errors.ts';
import { newUuid } from './ids.ts';
import type { Caller } from './state/identity.ts';

/** The work of a job, run when it finishes; throwing an ApiError fails the job with that code/text. */
export type JobWork = () => Answer;

export interface JobSpec {
  apiName: string;
  /** Java class of the command, shown as `cmd`. */
  commandClass: string;
  caller: Caller;
  work: JobWork;
  /** Undo or mark a half-done operation when the job fails (e.g. a deployed VM goes to Error). */
  onFailure?: () => void;
  instanceType?: string;
  instanceId?: string;
  delayMs: number;
  fail: boolean;
  neverFinish: boolean;
}

export interface Job {
  id: string;
  spec: JobSpec;
  status: 0 | 1 | 2;
  resultCode: number;
  result?: JsonObject;
  created: Date;
  completed?: Date;
  dueAt: number;
}

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** @param managementServerId CloudStack's msid: a number (derived from a MAC address), not a UUID. */
  constructor(private readonly managementServerId: number) {}

  enqueue(spec: JobSpec, now = new Date()): Job {
    const job: Job = { id: newUuid(), spec, status: 0, resultCode: 0, created: now, dueAt: now.getTime() + spec.delayMs };
    this.jobs.set(job.id, job);
    if (!spec.neverFinish) {
      // Settle on a timer too, so in-process observers of the state see jobs finish without polling.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.settleDue();
      }, spec.delayMs);
      timer.unref();
      this.timers.add(timer);
    }
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  all(): Job[] {
    return [...this.jobs.values()];
  }

  /** Finishes every job whose time has come, in queue order. */
  settleDue(now = new Date()): void {
    for (const job of this.jobs.values()) {
      if (job.status === 0 && !job.spec.neverFinish && job.dueAt <= now.getTime()) this.finish(job, now);
    }
  }

  private finish(job: Job, now: Date): void {
    job.completed = now;
    if (job.spec.fail) {
      this.failWith(job, new ApiError(ErrorCode.INTERNAL_ERROR, `Simulated failure of job ${job.id} (${job.spec.apiName}): the failJobs fault is set`));
      return;
    }
    try {
      const answer = job.spec.work();
      job.status = 1;
      job.resultCode = 0;
      job.result = jobResultContent(answer);
    } catch (error) {
      this.failWith(
        job,
        error instanceof ApiError ? error : new ApiError(ErrorCode.INTERNAL_ERROR, (error as Error).message ?? String(error)),
      );
    }
  }

  private failWith(job: Job, error: ApiError): void {
    job.spec.onFailure?.();
    job.status = 2;
    job.resultCode = error.code;
    // A failed job's result carries only errorcode and errortext (ApiAsyncJobDispatcher).
    job.result = { errorcode: error.code, errortext: error.message };
  }

  /** The job as queryAsyncJobResult and listAsyncJobs show it. */
  view(job: Job): JsonObject {
    const { caller } = job.spec;
    const view: JsonObject = {
      accountid: caller.owner.accountId,
      account: caller.owner.account,
      domainid: caller.owner.domainId,
      domainpath: caller.owner.domainPath,
      userid: caller.userId,
      cmd: job.spec.commandClass,
      jobstatus: job.status,
      jobprocstatus: 0,
      jobresultcode: job.resultCode,
    };
    if (job.status !== 0 && job.result) {
      view.jobresulttype = 'object';
      view.jobresult = job.result;
    }
    if (job.spec.instanceType) view.jobinstancetype = job.spec.instanceType;
    if (job.spec.instanceId) view.jobinstanceid = job.spec.instanceId;
    view.managementserverid = this.managementServerId;
    view.created = formatCloudStackDate(job.created);
    if (job.completed && job.status !== 0) view.completed = formatCloudStackDate(job.completed);
    view.jobid = job.id;
    return view;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
