/**
 * The one path every API call takes, from a dedicated tool or from call_api / call_read_api:
 * validate → confirm → audit → encode and send → wait for the job with progress → mask → bound → format.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApiModel, JsonSchema } from '../model/types.ts';
import type { ApiCaller, JobProgress } from '../cloudstack/caller.ts';
import { CloudStackApiError, CloudStackError, CloudStackJobError, CloudStackJobWaitError } from '../cloudstack/errors.ts';
import type { AuditEnd, AuditLog } from '../safety/audit.ts';
import type { AskUser, ConfirmationGate } from '../safety/gate.ts';
import { CallRedactor } from '../safety/redaction.ts';
import { describeTarget } from '../safety/target.ts';
import { boundList, boundObject, type BoundResult } from './bounds.ts';
import type { ControlArgs } from './control-args.ts';
import { ArgumentValidator } from './validate.ts';

export interface CallSettings {
  maxItems: number;
  maxResultBytes: number;
  jobTimeoutMs: number;
  /** Show secret values in tool output (never in logs or the audit log). */
  revealSecrets: boolean;
  /** Connection name written to audit lines. */
  profile: string;
}

/** Renders a bounded answer as compact text (the formatter of src/format). */
export type ResultFormatter = (api: ApiModel, content: Record<string, unknown>, bound: BoundResult) => string;

export interface CallContext {
  /** The MCP tool the call came through (for the audit log). */
  tool: string;
  signal?: AbortSignal;
  /** Sends an MCP progress notification; present only when the request carried a progressToken. */
  reportProgress?: (progress: number, message: string) => Promise<void>;
  /** Asks the user through elicitation; present only when the client supports it. */
  askUser?: AskUser;
}

export interface PipelineDeps {
  client: ApiCaller;
  settings: CallSettings;
  inputSchemaOf: (api: ApiModel) => JsonSchema;
  format: ResultFormatter;
  gate: ConfirmationGate;
  audit?: AuditLog;
  /** Finds an API by name (for looking up the target of a confirmation). */
  lookup: (name: string) => ApiModel | undefined;
  /** The server's log (stderr). */
  log?: (line: string) => void;
}

type Json = Record<string, unknown>;

export class CallPipeline {
  private readonly validator = new ArgumentValidator();

  constructor(private readonly deps: PipelineDeps) {}

  async run(api: ApiModel, params: Json, control: ControlArgs, context: CallContext): Promise<CallToolResult> {
    // Created first: even an argument error may echo a password back.
    const redactor = new CallRedactor(api, params);
    const controlProblem = checkControlArgs(control);
    if (controlProblem) return errorResult(`Invalid arguments for ${api.name}: ${controlProblem}`);
    const problems = this.validator.check(api, this.deps.inputSchemaOf(api), params);
    if (problems.length > 0) {
      return maskResult(
        errorResult(
          `Invalid arguments for ${api.name} (${api.toolName}); nothing was sent to CloudStack:\n` +
            problems.map((p) => `- ${p.message}`).join('\n') +
            `\nUse describe_api with name "${api.name}" for every parameter.`,
          { error: { kind: 'invalid-arguments', problems } },
        ),
        redactor,
      );
    }

    const admission = await this.deps.gate.admit(api, params, {
      tool: context.tool,
      token: control.confirm,
      askUser: context.askUser,
      target: () => describeTarget(api, params, this.deps.lookup, this.deps.client, context.signal),
    });
    if (!admission.proceed) return maskResult(admission.result, redactor);

    const { args, notes } = this.withListDefaults(api, params);
    const wait = control.wait ?? true;
    const endAudit: (end: AuditEnd) => void =
      api.access !== 'read' && this.deps.audit
        ? this.deps.audit.start({
            profile: this.deps.settings.profile,
            tool: context.tool,
            api: api.name,
            args: redactor.maskedArgs(),
            confirmation: admission.confirmation,
          })
        : () => {};
    let jobId: string | undefined;
    let content: Json;
    try {
      const answer = await this.deps.client.callApi(api.name, args, {
        signal: context.signal,
        waitForJob: wait,
        jobTimeoutMs: this.deps.settings.jobTimeoutMs,
        onProgress: (p) => {
          jobId = p.jobId;
          if (context.reportProgress) void context.reportProgress(p.polls, progressMessage(api, p));
        },
      });
      content = (answer ?? {}) as Json;
    } catch (error) {
      const result = maskResult(failureResult(api, error), redactor);
      const waitError = error instanceof CloudStackJobWaitError;
      // A cancelled request gets no answer at all (MCP), so the job id would be lost but for the log.
      if (waitError) this.deps.log?.(redactor.maskText(error.message));
      endAudit({
        outcome: waitError ? 'unknown' : 'failed',
        jobId: waitError ? error.jobId : error instanceof CloudStackJobError ? error.jobId : jobId,
        error: redactor.maskText(error instanceof Error ? error.message : String(error)),
      });
      return result;
    }

    if (this.deps.settings.revealSecrets) redactor.remember(content);
    else content = redactor.maskContent(content);
    if (api.isAsync && !wait) {
      const queuedJob = String(content.jobid ?? '');
      endAudit({ outcome: 'queued', jobId: queuedJob });
      return {
        content: [
          {
            type: 'text',
            text: `${api.name} queued as async job ${queuedJob}${content.id ? ` (resource id ${content.id})` : ''}. ` +
              `Check it with query_async_job_result {"jobid":"${queuedJob}"}.`,
          },
        ],
        structuredContent: content,
      };
    }
    endAudit({ outcome: 'succeeded', jobId });
    return this.successResult(api, content, args, control, notes);
  }

  /** List calls: one bounded page by default, and everything the caller may see (listall). */
  private withListDefaults(api: ApiModel, params: Json): { args: Json; notes: string[] } {
    const args = { ...params };
    const notes: string[] = [];
    if (api.responseKind !== 'list') return { args, notes };
    const has = (name: string) => api.params.some((p) => p.name === name);
    const { maxItems } = this.deps.settings;
    if (has('pagesize') && args.pagesize === undefined && args.page === undefined) {
      args.page = 1;
      args.pagesize = maxItems;
    } else if (typeof args.pagesize === 'number' && args.pagesize > maxItems) {
      notes.push(`pagesize ${args.pagesize} lowered to ${maxItems}, the most items one result carries`);
      args.pagesize = maxItems;
      args.page ??= 1;
    } else if (args.pagesize !== undefined && args.page === undefined) {
      args.page = 1; // CloudStack refuses pagesize without page
    }
    // Without listall CloudStack shows an admin only their own account's resources, which reads as
    // "nothing there"; an explicit listall=false is respected.
    if (has('listall') && args.listall === undefined && args.id === undefined) args.listall = true;
    return { args, notes };
  }

  private successResult(api: ApiModel, content: Json, args: Json, control: ControlArgs, notes: string[]): CallToolResult {
    const options = { maxItems: this.deps.settings.maxItems, maxBytes: this.deps.settings.maxResultBytes, fields: control.filter };
    const bound =
      api.responseKind === 'list' && !('success' in content)
        ? boundList(content, options, api.responseKey)
        : boundObject(content, options, api.responseKey);
    const structured: Json = { ...bound.content };
    const lines: string[] = [this.deps.format(api, bound.content, bound)];

    if (bound.listKey !== undefined) {
      const total = typeof content.count === 'number' ? content.count : (bound.itemsReceived ?? 0);
      const page = typeof args.page === 'number' ? args.page : 1;
      const pageSize = typeof args.pagesize === 'number' ? args.pagesize : undefined;
      if (pageSize !== undefined) {
        structured.page = page;
        structured.pagesize = pageSize;
        if (page * pageSize < total) {
          structured.nextPage = page + 1;
          lines.push(`More: ${total - page * pageSize} more after this page; call again with page=${page + 1}, pagesize=${pageSize}.`);
        }
      }
      if (bound.truncated) {
        structured.truncated = true;
        lines.push(
          `Only ${bound.itemsKept} of the ${bound.itemsReceived} items of this page fit in one result; ` +
            `use filter (e.g. ["id","name","state"]) or a smaller pagesize to see the rest.`,
        );
      }
    } else if (bound.truncated) {
      structured.truncated = true;
      lines.push('The answer was shortened to fit in one result; use filter to ask for the fields you need.');
    }
    for (const note of notes) lines.push(`Note: ${note}.`);
    return { content: [{ type: 'text', text: lines.join('\n') }], structuredContent: structured };
  }
}

function progressMessage(api: ApiModel, p: JobProgress): string {
  return `${api.name}: job ${p.jobId} running, ${(p.elapsedMs / 1000).toFixed(1)} s` + (p.procStatus ? `, progress ${p.procStatus}` : '');
}

function checkControlArgs(control: ControlArgs): string | undefined {
  if (control.filter !== undefined && (!Array.isArray(control.filter) || control.filter.some((f) => typeof f !== 'string'))) {
    return 'filter must be an array of field names, e.g. ["id","name"]';
  }
  if (control.wait !== undefined && typeof control.wait !== 'boolean') return 'wait must be true or false';
  if (control.confirm !== undefined && typeof control.confirm !== 'string') return 'confirm must be the token string a previous call returned';
  return undefined;
}

export function errorResult(text: string, structured?: Json): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }], ...(structured ? { structuredContent: structured } : {}) };
}

/** CloudStack's failure as a tool error: its code and text verbatim, plus what to do. */
export function failureResult(api: ApiModel, error: unknown): CallToolResult {
  if (error instanceof CloudStackJobWaitError) {
    // Not a failure of the job: its outcome is unknown, and the id lets the caller follow it.
    return {
      content: [{ type: 'text', text: `${error.message.replace(/queryAsyncJobResult jobid=(\S+?)(?=[ .(]|$)/, 'query_async_job_result {"jobid":"$1"}')}` }],
      structuredContent: { jobid: error.jobId, jobstatus: 0 },
    };
  }
  if (error instanceof CloudStackApiError) {
    return errorResult(error.message, {
      error: { errorcode: error.errorCode, cserrorcode: error.csErrorCode, errortext: error.errorText, api: api.name },
    });
  }
  if (error instanceof CloudStackJobError) {
    return errorResult(error.message, {
      error: { errorcode: error.errorCode, errortext: error.errorText, jobid: error.jobId, api: api.name },
    });
  }
  if (error instanceof CloudStackError) return errorResult(error.message, { error: { api: api.name } });
  throw error; // a bug of ours: let the protocol layer report it as an internal error
}

/** Scrubs every secret value the call has seen from a result's text and structured content. */
function maskResult(result: CallToolResult, redactor: CallRedactor): CallToolResult {
  const scrub = (value: unknown): unknown =>
    typeof value === 'string'
      ? redactor.maskText(value)
      : Array.isArray(value)
        ? value.map(scrub)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]))
          : value;
  return {
    ...result,
    content: result.content.map((block) => (block.type === 'text' ? { ...block, text: redactor.maskText(block.text) } : block)),
    ...(result.structuredContent ? { structuredContent: scrub(result.structuredContent) as Json } : {}),
  };
}
