/** What a hand-written API handler receives and returns. */
import type { ApiModel } from '../../model/types.ts';
import type { Answer } from '../envelope.ts';
import type { JobWork } from '../jobs.ts';
import type { Caller } from '../state/identity.ts';
import type { SimulatorState } from '../state/index.ts';
import type { ValidatedParams } from '../validate.ts';

export interface CallContext {
  api: ApiModel;
  caller: Caller;
  params: ValidatedParams;
  state: SimulatorState;
  now: Date;
  /** `default.page.size`: default and maximum page size. */
  maxPageSize: number;
  /** A well-formed answer for this API from its response metadata (the synthesiser's). */
  synthesise: () => Answer;
  /** Look-ups other handlers need (jobs, the API catalog). */
  services: HandlerServices;
}

export interface HandlerServices {
  /** Settled view of a job, or undefined when the job does not exist. */
  jobView(jobId: string): Record<string, unknown> | undefined;
  /** Every job, oldest first, with its owner, for listAsyncJobs. */
  jobViews(): Array<{ ownerAccountId: string; ownerDomainId: string; view: Record<string, unknown> }>;
  /** `listApis` entries the caller may see. */
  listApis(caller: Caller, name?: string): Array<Record<string, unknown>>;
  /** CloudStack version of the served snapshot (what `listCapabilities` reports). */
  cloudstackVersion: string;
}

/**
 * Work an async API defers to its job: `id` is the new entity's id (the `{id, jobid}` answer of
 * create-style commands), `work` runs when the job finishes.
 */
export interface DeferredWork {
  deferred: true;
  id?: string;
  instanceType?: string;
  instanceId?: string;
  work: JobWork;
  onFailure?: () => void;
}

export type HandlerOutcome = Answer | DeferredWork;

export type Handler = (context: CallContext) => HandlerOutcome;

export type HandlerTable = Record<string, Handler>;

export function isDeferred(outcome: HandlerOutcome): outcome is DeferredWork {
  return 'deferred' in outcome;
}
