/**
 * How a call ended, in one place for the tool result (text and `structuredContent.outcome`) and
 * the audit line, so the two always agree. A change ends as:
 *
 * - `succeeded`: CloudStack answered with its result;
 * - `failed`: CloudStack (or something in front of it) said no: nothing was applied;
 * - `unknown`: it was sent, but the answer was lost or unreadable: it may have been applied, and
 *   the result says how to check (the job, or the read API that lists the resource);
 * - `not-sent`: it never left this server (invalid encoding, no free connection, no connection,
 *   cancelled before sending, the audit log could not be written): nothing was applied;
 * - `queued`: an async job left running on request (`wait: false`).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApiModel } from '../model/types.ts';
import {
  CloudStackAbortedError,
  CloudStackApiError,
  CloudStackConnectionWaitError,
  CloudStackEncodingError,
  CloudStackError,
  CloudStackHttpError,
  CloudStackJobError,
  CloudStackJobWaitError,
  CloudStackNetworkError,
  CloudStackProtocolError,
  CloudStackTimeoutError,
} from '../cloudstack/errors.ts';
import type { AuditOutcome } from '../safety/audit.ts';

export type CallOutcome = AuditOutcome;
export type FailureOutcome = 'failed' | 'unknown' | 'not-sent';

/** A read call that shows whether a change happened: what to run before repeating it. */
export interface OutcomeCheck {
  api: string;
  args: Record<string, unknown>;
}

/** The most characters of an error text in a tool result, and in an audit line. */
export const MAX_ERROR_TEXT = 2_000;
export const MAX_AUDIT_ERROR_TEXT = 1_000;

type Json = Record<string, unknown>;

/** The text cut to `max` characters, saying so. */
export function bounded(text: string, max = MAX_ERROR_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** How a failed call ended, from what the client threw. */
export function outcomeOfFailure(error: unknown): FailureOutcome {
  if (error instanceof CloudStackJobWaitError) return 'unknown';
  if (error instanceof CloudStackJobError || error instanceof CloudStackApiError) return 'failed';
  if (error instanceof CloudStackEncodingError || error instanceof CloudStackConnectionWaitError) return 'not-sent';
  if (
    error instanceof CloudStackNetworkError ||
    error instanceof CloudStackTimeoutError ||
    error instanceof CloudStackAbortedError
  ) {
    return error.mayHaveBeenApplied ? 'unknown' : 'not-sent';
  }
  if (error instanceof CloudStackProtocolError || error instanceof CloudStackHttpError) {
    return error.mayHaveBeenApplied ? 'unknown' : 'failed';
  }
  // Anything else (an error class of the future, a bug of ours) may have struck after sending.
  return 'unknown';
}

/** Why the outcome of a sent change is unknown, in a few words. */
function whyUnknown(error: unknown): string {
  if (error instanceof CloudStackProtocolError) return 'its answer could not be read';
  if (error instanceof CloudStackTimeoutError) return `no answer came within ${error.timeoutMs} ms`;
  if (error instanceof CloudStackNetworkError) return 'the connection broke before the whole answer came';
  if (error instanceof CloudStackAbortedError) return 'the call was cancelled after it was sent';
  if (error instanceof CloudStackHttpError) return `HTTP ${error.httpStatus} came back instead of CloudStack's answer`;
  if (error instanceof CloudStackJobWaitError) return 'its job did not finish while this call waited';
  return 'an internal error of cloudstack-mcp interrupted it';
}

type Lookup = (name: string) => ApiModel | undefined;

/** Parameters that identify a resource, best first: what a check lists by. */
const IDENTIFYING = ['id', 'name', 'username', 'ipaddress', 'displayname', 'keyword'] as const;

/**
 * The read API that shows whether `api` (called with `params`) happened: the list API of the
 * resource (`createZone` → `listZones`, by name; `updateZone` → `listZones`, by id), or the job.
 */
export function checkFor(api: ApiModel, params: Json, lookup: Lookup, jobId?: string): OutcomeCheck | undefined {
  if (jobId) return { api: 'queryAsyncJobResult', args: { jobid: jobId } };
  const noun = api.name.slice(api.verb.length);
  const candidates = [
    // The API acts on an existing resource: its id parameter names the list API.
    ...(params.id !== undefined ? (api.params.find((p) => p.name === 'id')?.related ?? []) : []),
    ...(noun
      ? [`list${noun}s`, `list${noun}es`, `list${noun.replace(/y$/, 'ies')}`, `list${noun}`, ...(api.related ?? [])]
      : []),
  ];
  let lister: ApiModel | undefined;
  for (const name of candidates) {
    const candidate = name === api.name ? undefined : lookup(name);
    if (candidate && candidate.responseKind === 'list' && candidate.access === 'read') {
      lister = candidate;
      break;
    }
  }
  if (!lister) return undefined;
  const args: Json = {};
  for (const key of IDENTIFYING) {
    const value = params[key];
    if ((typeof value === 'string' || typeof value === 'number') && lister.params.some((p) => p.name === key)) {
      args[key] = typeof value === 'string' ? bounded(value, 100) : value;
      break; // one identifying argument is enough, and the id wins
    }
  }
  return { api: lister.name, args };
}

function checkText(api: ApiModel, check: OutcomeCheck | undefined, jobKnown: boolean): string {
  if (check?.api === 'queryAsyncJobResult') return `Check it with query_async_job_result ${JSON.stringify(check.args)} before repeating it.`;
  const job = api.isAsync && !jobKnown ? ` If it queued a job, listAsyncJobs shows it.` : '';
  if (!check) return `Check the resource with its list API before repeating ${api.name}.${job}`;
  const filter = Object.keys(check.args).length > 0 ? ` ${JSON.stringify(check.args)}` : ' (look for the new resource)';
  return `Check before repeating it: ${check.api}${filter}.${job}`;
}

/** What CloudStack said, for structuredContent.error. */
function errorFields(api: ApiModel, error: unknown): Json {
  if (error instanceof CloudStackApiError) {
    return { errorcode: error.errorCode, cserrorcode: error.csErrorCode, errortext: bounded(error.errorText), api: api.name };
  }
  if (error instanceof CloudStackJobError) {
    return { errorcode: error.errorCode, errortext: bounded(error.errorText), jobid: error.jobId, api: api.name };
  }
  return { api: api.name, ...(error instanceof CloudStackError ? { kind: error.name } : {}) };
}

export function errorResult(text: string, structured?: Json): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }], ...(structured ? { structuredContent: structured } : {}) };
}

export interface FailureContext {
  /** Whether the API changes state (then the result carries the outcome and, if unknown, how to check). */
  change: boolean;
  params: Json;
  lookup: Lookup;
  /** The job id, when the call learnt one before it failed. */
  jobId?: string;
}

export interface FailureReport {
  outcome: FailureOutcome;
  result: CallToolResult;
  /** The job the change queued, when known. */
  jobId?: string;
  /** For the audit line (not masked yet). */
  auditError: string;
}

function messageOf(error: unknown): string {
  return bounded(error instanceof Error ? error.message : String(error));
}

/** The tool result and the audit outcome of a call that did not succeed; they cannot disagree. */
export function reportFailure(api: ApiModel, error: unknown, context: FailureContext): FailureReport {
  const outcome = outcomeOfFailure(error);
  const jobId =
    error instanceof CloudStackJobWaitError || error instanceof CloudStackJobError ? error.jobId : context.jobId;
  const auditError = bounded(error instanceof Error ? error.message : String(error), MAX_AUDIT_ERROR_TEXT);
  const tagged = (structured: Json): Json => (context.change ? { outcome, ...structured } : structured);

  if (error instanceof CloudStackJobWaitError) {
    // Not a failure of the job: it may still be running, and the id lets the caller follow it.
    const check = context.change ? { check: { api: 'queryAsyncJobResult', args: { jobid: error.jobId } } } : {};
    return {
      outcome,
      jobId,
      auditError,
      result: {
        content: [{ type: 'text', text: messageOf(error).replace(/queryAsyncJobResult jobid=(\S+?)(?=[ .(]|$)/, 'query_async_job_result {"jobid":"$1"}') }],
        structuredContent: tagged({ jobid: error.jobId, jobstatus: 0, ...check }),
      },
    };
  }
  if (!context.change || outcome === 'failed') {
    return { outcome, jobId, auditError, result: errorResult(messageOf(error), tagged({ error: errorFields(api, error) })) };
  }
  if (outcome === 'not-sent') {
    return {
      outcome,
      jobId,
      auditError,
      result: errorResult(`Not sent (nothing changed): ${messageOf(error)}`, tagged({ error: errorFields(api, error) })),
    };
  }
  const check = checkFor(api, context.params, context.lookup, jobId);
  const text =
    `Outcome unknown: ${api.name} was sent, but ${whyUnknown(error)}, so it may have been applied.\n` +
    `${messageOf(error)}\n${checkText(api, check, jobId !== undefined)}`;
  return { outcome, jobId, auditError, result: errorResult(text, tagged({ error: errorFields(api, error), ...(check ? { check } : {}) })) };
}
