/**
 * The one path every API call takes, from a dedicated tool or from call_api / call_read_api:
 * validate → confirm → audit → encode and send → wait for the job with progress → mask → bound → format.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApiModel, JsonSchema } from '../model/types.ts';
import type { ApiCaller, CallOptions, JobProgress } from '../cloudstack/caller.ts';
import type { CallTimingOptions } from '../cloudstack/client.ts';
import { CloudStackError } from '../cloudstack/errors.ts';
import type { ExchangeTiming } from '../cloudstack/transport.ts';
import type { AuditEnd, AuditLog } from '../safety/audit.ts';
import type { AskUser, ConfirmationGate } from '../safety/gate.ts';
import { OneTimeSecretJobs, type SecretJob } from '../safety/one-time-jobs.ts';
import { oneTimeSecretOf, oneTimeValuesIn, secretLabel, withOneTimeValues, type OneTimeSecretEntry } from '../safety/one-time-secrets.ts';
import type { OneTimeSecretPolicy } from '../profiles/profile.ts';
import { CallRedactor } from '../safety/redaction.ts';
import { SecretFileError, type SavedSecret, type SecretToSave } from '../safety/secret-file.ts';
import { describeTarget } from '../safety/target.ts';
import { boundList, boundObject, type BoundResult } from './bounds.ts';
import type { ControlArgs } from './control-args.ts';
import { ArgumentValidator } from './validate.ts';
import { bounded, errorResult, MAX_AUDIT_ERROR_TEXT, reportFailure } from './outcome.ts';

export { errorResult } from './outcome.ts';

export interface CallSettings {
  maxItems: number;
  maxResultBytes: number;
  jobTimeoutMs: number;
  /** Show secret values in tool output (never in logs or the audit log). */
  revealSecrets: boolean;
  /** Connection name written to audit lines. */
  profile: string;
  /**
   * What happens to a secret CloudStack shows only once (overrides/one-time-secrets.ts): saved to a
   * private file, the result giving its path (`file`, the default over stdio); returned in the
   * result (`return`); or the call is not sent at all (`refuse`).
   */
  oneTimeSecrets: OneTimeSecretPolicy;
}

/** Where one-time secrets are saved (src/safety/secret-file.ts). */
export interface SecretStore {
  readonly dir: string;
  save(secret: SecretToSave): SavedSecret;
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
  /** Needed by the `file` policy; without it a one-time secret cannot be kept (and the result says so). */
  secretStore?: SecretStore;
}

type Json = Record<string, unknown>;

export class CallPipeline {
  private readonly validator = new ArgumentValidator();
  /** Jobs not waited for whose result may hold a one-time secret, for query_async_job_result. */
  private readonly secretJobs = new OneTimeSecretJobs();

  constructor(private readonly deps: PipelineDeps) {}

  async run(api: ApiModel, params: Json, control: ControlArgs, context: CallContext): Promise<CallToolResult> {
    // Created first: even an argument error may echo a password back.
    const redactor = new CallRedactor(api, params);
    // A change refused before sending ends as "not sent", like every change ends with an outcome.
    const notSent = api.access === 'read' ? {} : { outcome: 'not-sent' };
    const controlProblem = checkControlArgs(control);
    if (controlProblem) return errorResult(`Invalid arguments for ${api.name}: ${controlProblem}`, { ...notSent, error: { kind: 'invalid-arguments' } });
    const problems = this.validator.check(api, this.deps.inputSchemaOf(api), params);
    if (problems.length > 0) {
      return maskResult(
        errorResult(
          `Invalid arguments for ${api.name} (${api.toolName}); nothing was sent to CloudStack:\n` +
            problems.map((p) => `- ${p.message}`).join('\n') +
            `\nUse describe_api with name "${api.name}" for every parameter.`,
          { ...notSent, error: { kind: 'invalid-arguments', problems } },
        ),
        redactor,
      );
    }

    const listing = this.withListDefaults(api, params);
    if ('problem' in listing) {
      return maskResult(
        errorResult(`Invalid arguments for ${api.name} (${api.toolName}); nothing was sent to CloudStack:\n- ${listing.problem}`, {
          ...notSent,
          error: { kind: 'invalid-arguments', problems: [{ param: listing.param, message: listing.problem }] },
        }),
        redactor,
      );
    }
    const { args, notes } = listing;

    const oneTime = oneTimeSecretOf(api.name, params);
    if (oneTime && !oneTime.onlySometimes && this.deps.settings.oneTimeSecrets === 'refuse') {
      return errorResult(
        `Not sent: ${api.name} was not sent to CloudStack, so nothing changed: its answer carries a secret CloudStack shows only once ` +
          `(${oneTime.fields.join(', ')}), and this connection's policy for such secrets is "refuse". ` +
          'Ask the operator to run it, or to allow one-time secrets for this connection ("file": saved to a private file; "return": in the result).',
        { ...notSent, error: { kind: 'one-time-secret-refused', api: api.name, fields: [...oneTime.fields] } },
      );
    }

    const admission = await this.deps.gate.admit(api, params, {
      tool: context.tool,
      token: control.confirm,
      askUser: context.askUser,
      target: () => describeTarget(api, params, this.deps.lookup, this.deps.client, context.signal),
    });
    if (!admission.proceed) return maskResult(admission.result, redactor);

    const change = api.access !== 'read';
    // The one-time secret of an async call is in its job's result: waiting here is the surest way to keep it.
    // A secret that comes only sometimes (a VM's password) does not cost every deployment its wait: false;
    // query_async_job_result keeps it then (secretJobs).
    const wait = oneTime && !oneTime.onlySometimes ? true : (control.wait ?? true);
    if (oneTime && control.wait === false) {
      notes.push(
        oneTime.onlySometimes
          ? `if CloudStack generates a ${oneTime.fields.join(' or ')} for this job, follow it with query_async_job_result in this session: that keeps it by this connection's policy, elsewhere it is only masked`
          : `wait: false ignored: ${api.name} answers with a secret CloudStack shows only once`,
      );
    }
    let writeEnd: ((end: AuditEnd) => void) | undefined;
    if (change && this.deps.audit) {
      try {
        writeEnd = this.deps.audit.start({
          profile: this.deps.settings.profile,
          tool: context.tool,
          api: api.name,
          args: redactor.maskedArgs(),
          confirmation: admission.confirmation,
        });
      } catch (error) {
        // No change runs unaudited: this one is not sent, and the result says so.
        const reason = redactor.maskText(bounded(errorText(error), MAX_AUDIT_ERROR_TEXT));
        this.loud(`AUDIT LOG WRITE FAILED: ${api.name} was not sent (outcome not-sent): ${reason}`);
        return maskResult(
          errorResult(
            `Not sent: ${api.name} was not sent to CloudStack, so nothing changed: ${reason}. ` +
              'Every change is audited before it is sent; fix the audit log (--audit-log) and call again.',
            { outcome: 'not-sent', error: { kind: 'audit-log', api: api.name } },
          ),
          redactor,
        );
      }
    }
    let timing: ExchangeTiming | undefined;
    /** Writes the "ended" line; a failure to write it never hides the outcome: it is said, loudly. */
    const endAudit = (end: AuditEnd): string | undefined => {
      if (!writeEnd) return undefined;
      const line: AuditEnd = {
        ...end,
        ...(timing ? { connectionWaitMs: timing.connectionWaitMs, ...(timing.wireMs !== undefined ? { wireMs: timing.wireMs } : {}) } : {}),
      };
      try {
        writeEnd(line);
        return undefined;
      } catch (error) {
        const reason = redactor.maskText(bounded(errorText(error), MAX_AUDIT_ERROR_TEXT));
        this.loud(
          `AUDIT LOG WRITE FAILED: the "ended" line of ${api.name} (outcome ${end.outcome}${end.jobId ? `, job ${end.jobId}` : ''}) ` +
            `is missing from the audit log: ${reason}`,
        );
        return `the audit log could not be written (${reason}), so this outcome (${end.outcome}) is not recorded there`;
      }
    };

    let jobId: string | undefined;
    let content: Json;
    try {
      const options: CallOptions & CallTimingOptions = {
        signal: context.signal,
        waitForJob: wait,
        jobTimeoutMs: this.deps.settings.jobTimeoutMs,
        onProgress: (p) => {
          jobId = p.jobId;
          if (context.reportProgress) void context.reportProgress(p.polls, progressMessage(api, p));
        },
        // The first exchange is the call's own request (then come its job polls).
        onExchange: (t) => {
          timing ??= t;
        },
      };
      const answer = await this.deps.client.callApi(api.name, args, options);
      content = (answer ?? {}) as Json;
      if (api.isAsync && wait && Object.keys(content).length === 0) {
        // A command that sets no response object (addOpenDaylightController; createCounter before 4.22).
        notes.push(
          `CloudStack ended job ${jobId ?? ''} as succeeded but with no result (this command sets none), so there is nothing to show: ` +
            'its list API shows what it made',
        );
      }
    } catch (error) {
      const report = reportFailure(api, error, { change, params, lookup: this.deps.lookup, jobId });
      if (oneTime && report.outcome === 'unknown' && report.jobId) this.secretJobs.remember(report.jobId, { api: api.name, entry: oneTime, params });
      // A cancelled request gets no answer at all (MCP), so the job id would be lost but for the log.
      if (report.outcome === 'unknown' && report.jobId) this.deps.log?.(redactor.maskText(report.auditError));
      if (!(error instanceof CloudStackError)) {
        // Not the client's own error: a bug of ours; its stack goes to the log.
        this.deps.log?.(redactor.maskText(`internal error while calling ${api.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
      }
      const note = endAudit({ outcome: report.outcome, jobId: report.jobId, error: redactor.maskText(report.auditError) });
      return maskResult(withNote(report.result, note), redactor);
    }

    const raw = content;
    if (this.deps.settings.revealSecrets) redactor.remember(content);
    else content = redactor.maskContent(content);
    if (api.isAsync && !wait) {
      const queuedJob = String(content.jobid ?? '');
      if (oneTime && queuedJob) this.secretJobs.remember(queuedJob, { api: api.name, entry: oneTime, params });
      const note = endAudit({ outcome: 'queued', jobId: queuedJob });
      return withNote(
        {
          content: [
            {
              type: 'text',
              text: `${api.name} queued as async job ${queuedJob}${content.id ? ` (resource id ${content.id})` : ''}. ` +
                `Check it with query_async_job_result {"jobid":"${queuedJob}"}.` +
                notes.map((n) => `\nNote: ${n}.`).join(''),
            },
          ],
          structuredContent: { ...content, outcome: 'queued' },
        },
        note,
      );
    }
    let kept: KeptSecret | undefined;
    if (oneTime) {
      kept = this.keepOneTimeSecret(api.name, oneTime, raw, params, redactor);
      if (kept?.returned) content = withOneTimeValues(content, oneTime, raw);
    } else if (api.name === 'queryAsyncJobResult') {
      const job = this.secretJobs.get(params.jobid);
      if (job) ({ content, kept } = this.keepJobSecret(String(params.jobid), job, content, raw, redactor));
    }
    const note = endAudit({ outcome: 'succeeded', jobId, ...(kept?.path ? { secretFile: kept.path } : {}) });
    const result = this.successResult(api, content, args, control, notes);
    if (change && result.structuredContent) result.structuredContent.outcome = 'succeeded';
    return withNote(kept ? withKeptSecret(result, kept) : result, note);
  }

  /**
   * queryAsyncJobResult of a job remembered in secretJobs: once it has ended, its result's secret is
   * kept like the queuing call's own would have been, and the job is not followed any more.
   */
  private keepJobSecret(jobId: string, job: SecretJob, content: Json, raw: Json, redactor: CallRedactor): { content: Json; kept?: KeptSecret } {
    if (raw.jobstatus === 0 || raw.jobstatus === '0') return { content };
    this.secretJobs.forget(jobId);
    const result = raw.jobresult;
    if (!isRecord(result) || !isRecord(content.jobresult)) return { content };
    const kept = this.keepOneTimeSecret(job.api, job.entry, result, job.params, redactor);
    if (!kept?.returned) return { content, kept };
    return { content: { ...content, jobresult: withOneTimeValues(content.jobresult, job.entry, result) }, kept };
  }

  /**
   * Keeps the one-time secret of an answer by the connection's policy (`refuse` gets here only for
   * an `onlySometimes` secret: the others were not sent). Never throws: the call has happened, and its outcome must be told.
   */
  private keepOneTimeSecret(
    apiName: string,
    entry: OneTimeSecretEntry,
    raw: Json,
    params: Json,
    redactor: CallRedactor,
  ): KeptSecret | undefined {
    const values = oneTimeValuesIn(entry, raw);
    if (values.length === 0) return undefined;
    const fields = values.map((v) => v.field);
    const what = `${fields.join(' and ')} (CloudStack shows ${fields.length > 1 ? 'them' : 'it'} only once)`;
    if (this.deps.settings.oneTimeSecrets === 'refuse') {
      // Only an `onlySometimes` secret gets here (the others were refused before sending).
      return {
        fields,
        warning: `${apiName} succeeded and CloudStack generated its ${what}, but this connection's policy for such secrets is "refuse": it is not returned. To get one: ${entry.ifLost}, on a connection that allows one-time secrets.`,
      };
    }
    if (this.deps.settings.oneTimeSecrets === 'return') {
      return { fields, returned: true, notice: `The ${what} ${fields.length > 1 ? 'are' : 'is'} in this result: keep ${fields.length > 1 ? 'them' : 'it'} now.` };
    }
    const shown = this.deps.settings.revealSecrets ? 'also shown here (--reveal-secrets)' : 'masked here';
    try {
      if (!this.deps.secretStore) throw new SecretFileError('this server has no secrets directory');
      const saved = this.deps.secretStore.save({ api: apiName, label: secretLabel(raw, params), values });
      this.deps.log?.(`one-time secret of ${apiName} (${fields.join(', ')}) saved to ${saved.path}`);
      if (saved.fallbackFrom) {
        const reason = redactor.maskText(saved.fallbackFrom.reason);
        this.loud(`SECRETS DIRECTORY NOT WRITABLE: ${saved.fallbackFrom.dir}: ${reason}; the one-time secret of ${apiName} went to ${saved.path}`);
        return {
          fields,
          path: saved.path,
          warning:
            `WARNING: the secrets directory ${saved.fallbackFrom.dir} could not be written (${reason}). ` +
            `The ${what} was saved instead to ${saved.path} (readable only by the server's user) in the temp directory, ` +
            'which may be cleared: move it somewhere safe, and fix --secrets-dir.',
          notice: `The ${what} is ${shown}.`,
        };
      }
      return { fields, path: saved.path, notice: `The ${what} was saved to ${saved.path} (readable only by the server's user); ${shown}.` };
    } catch (error) {
      const reason = redactor.maskText(bounded(errorText(error), MAX_AUDIT_ERROR_TEXT));
      this.loud(`ONE-TIME SECRET NOT SAVED: ${apiName} succeeded, but its ${fields.join(', ')} could not be written: ${reason}`);
      const lost = this.deps.settings.revealSecrets ? 'It is shown in this result only: keep it now.' : `It is not shown either, so it is lost: ${entry.ifLost}.`;
      return {
        fields,
        error: reason,
        warning:
          `WARNING: ${apiName} succeeded, but the ${what} could not be saved: ${reason}. ${lost} ` +
          'Fix the secrets directory (--secrets-dir), or run the server with --reveal-secrets (or the one-time-secrets policy "return") to get such values in the result.',
      };
    }
  }

  /** A line on stderr that must not be missed. */
  private loud(line: string): void {
    if (this.deps.log) this.deps.log(line);
    else process.stderr.write(`cloudstack-mcp: ${line}\n`);
  }

  /**
   * List calls: one bounded page by default, and everything the caller may see (listall). Pages
   * count from 1; `pagesize: -1` (CloudStack's "all", which refuses a `page` beside it) is lowered
   * like any page size over the most one result carries.
   */
  private withListDefaults(api: ApiModel, params: Json): { args: Json; notes: string[] } | { problem: string; param: string } {
    const args = { ...params };
    const notes: string[] = [];
    if (api.responseKind !== 'list') return { args, notes };
    const has = (name: string) => api.params.some((p) => p.name === name);
    const { maxItems } = this.deps.settings;
    if (has('pagesize')) {
      const page = wholeNumber(args.page);
      const pageSize = wholeNumber(args.pagesize);
      if (page !== undefined && page < 1) {
        return { param: 'page', problem: `page must be 1 or more (pages count from 1), got ${page}` };
      }
      if (pageSize !== undefined && (pageSize === 0 || pageSize < -1)) {
        return { param: 'pagesize', problem: `pagesize must be 1 or more (or -1 for all), got ${pageSize}` };
      }
      if (pageSize === -1) {
        notes.push(`pagesize -1 (all) lowered to ${maxItems}, the most items one result carries`);
        args.pagesize = maxItems;
      } else if (pageSize !== undefined && pageSize > maxItems) {
        notes.push(`pagesize ${pageSize} lowered to ${maxItems}, the most items one result carries`);
        args.pagesize = maxItems;
      } else if (args.pagesize === undefined) {
        args.pagesize = maxItems; // CloudStack refuses page without pagesize
      }
      args.page ??= 1; // and pagesize without page
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A whole number given as a number or a numeric string; undefined otherwise. */
function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/** The result with a note appended to its text (an audit-log failure, say). */
function withNote(result: CallToolResult, note: string | undefined): CallToolResult {
  if (!note) return result;
  return { ...result, content: [...result.content, { type: 'text', text: `Note: ${note}.` }] };
}

/** What became of an answer's one-time secret. */
interface KeptSecret {
  fields: string[];
  /** The file holding it. */
  path?: string;
  /** Why it could not be saved. */
  error?: string;
  /** Policy "return": the values stay in the result. */
  returned?: boolean;
  /** Said first, before the answer. */
  warning?: string;
  notice?: string;
}

/** The result with where the secret went: a `secretFile` entry and the text, a warning first. */
function withKeptSecret(result: CallToolResult, kept: KeptSecret): CallToolResult {
  const secretFile = kept.returned ? undefined : { fields: kept.fields, ...(kept.path ? { path: kept.path } : { error: kept.error }) };
  return {
    ...result,
    content: [
      ...(kept.warning ? [{ type: 'text' as const, text: kept.warning }] : []),
      ...result.content,
      ...(kept.notice ? [{ type: 'text' as const, text: kept.notice }] : []),
    ],
    ...(result.structuredContent && secretFile ? { structuredContent: { ...result.structuredContent, secretFile } } : {}),
  };
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

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
