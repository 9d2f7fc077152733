/**
 * One request through the management server, independent of HTTP: read parameters → authenticate
 * (or the authenticator path for login/logout) → faults → validate → run the handler or synthesise
 * → for async APIs queue a job → the envelope. Errors become CloudStack's error bodies.
 */
import type { ApiModel } from '../model/types.ts';
import { verifyApiKeyRequest } from './auth.ts';
import { authenticatorAnswer, PlainTextAnswer } from './authenticator.ts';
import type { ApiCatalog } from './catalog.ts';
import { type Answer, answerContent, envelopeKey, errorEnvelopeKey, type JsonObject } from './envelope.ts';
import { ApiError, ErrorCode, CsErrorCode } from './errors.ts';
import { faultApplies, type FaultSettings } from './faults.ts';
import { isDeferred, type CallContext, type DeferredWork, type HandlerServices, type HandlerTable } from './handlers/types.ts';
import { JobQueue } from './jobs.ts';
import { readParams } from './request-params.ts';
import type { Caller } from './state/identity.ts';
import type { SimulatorState } from './state/index.ts';
import { synthesiseObject } from './synth.ts';
import { unpackMaps, validateParams, type ValidatedParams } from './validate.ts';
import { newUuid } from './ids.ts';

export interface RecordedRequest {
  command: string;
  params: Record<string, string>;
  method: 'GET' | 'POST';
  role?: string;
  status: number;
  time: string;
}

/** What the HTTP layer writes back. */
export interface Reply {
  status: number;
  /** JSON (or XML) body parts; absent for plain-text answers. */
  key?: string;
  content?: JsonObject;
  plainText?: string;
  json: boolean;
  headers: Record<string, string>;
  command?: string;
}

export interface CoreOptions {
  catalog: ApiCatalog;
  state: SimulatorState;
  handlers: HandlerTable;
  faults: FaultSettings;
  requests: RecordedRequest[];
  jobDelayMs: number;
  maxPageSize: number;
  random?: () => number;
}

/** The management server id CloudStack reports on jobs (`managementserverid`, a long). */
const SIMULATED_MSID = 32_986_238_026_520;

export class SimulatorCore {
  readonly jobs = new JobQueue(SIMULATED_MSID);
  private readonly random: () => number;

  constructor(private readonly options: CoreOptions) {
    this.random = options.random ?? Math.random;
  }

  handle(method: 'GET' | 'POST', query: string, formBody: string | undefined, now = new Date()): Reply {
    const received = readParams(method, query, formBody);
    this.jobs.settleDue(now);
    const api = received.command === undefined ? undefined : this.options.catalog.byName.get(received.command);
    let caller: Caller | undefined;
    let reply: Reply;
    try {
      if (api?.authenticator) {
        reply = this.authenticate(api, method, received);
      } else {
        caller = verifyApiKeyRequest({
          received,
          api,
          hasMeta: this.options.catalog.model.hasMeta,
          state: this.options.state,
          now,
        });
        reply = this.run(api as ApiModel, caller, received.byName, received.json, now);
      }
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(ErrorCode.INTERNAL_ERROR, `Internal error executing command: ${(error as Error).message}`, {
              csErrorCode: CsErrorCode.NONE,
            });
      if (!(error instanceof ApiError)) process.stderr.write(`simulator: ${(error as Error).stack ?? String(error)}\n`);
      const noParams = received.raw.length === 0;
      const key = apiError.errorResponseKey || noParams || !api ? 'errorresponse' : errorEnvelopeKey(api);
      reply = {
        status: apiError.code,
        key,
        content: apiError.body(),
        json: received.json,
        headers: apiError.csErrorCode !== undefined ? { 'X-Description': apiError.message } : {},
        command: received.command,
      };
    }
    reply.command ??= received.command;
    this.options.requests.push({
      command: received.command ?? '',
      params: Object.fromEntries(received.byName),
      method,
      ...(caller ? { role: caller.role } : {}),
      status: reply.status,
      time: now.toISOString(),
    });
    return reply;
  }

  /** login/logout and the other authenticator APIs: no key, no signature (ApiServlet's first branch). */
  private authenticate(api: ApiModel, method: 'GET' | 'POST', received: ReturnType<typeof readParams>): Reply {
    const answer =
      authenticatorAnswer(api, method, received, this.options.state) ?? this.synthesise(api, unpackMaps(received.byName));
    if (answer instanceof PlainTextAnswer) {
      return { status: answer.status, plainText: answer.text, json: received.json, headers: {}, command: api.name };
    }
    return { status: 200, key: envelopeKey(api), content: answerContent(answer), json: received.json, headers: {}, command: api.name };
  }

  private run(api: ApiModel, caller: Caller, byName: Map<string, string>, json: boolean, now: Date): Reply {
    const { faults, handlers, state, catalog } = this.options;
    if (faults.errorRate > 0 && this.random() < faults.errorRate) {
      throw new ApiError(ErrorCode.INTERNAL_ERROR, `Simulated internal error in ${api.name} (the errorRate fault is set)`, {
        csErrorCode: CsErrorCode.CLOUD_RUNTIME,
      });
    }
    const handler = handlers[api.name];
    const params = validateParams(
      api,
      byName,
      {
        exists: (id) =>
          state.store.find(id) !== undefined || state.store.wasRemoved(id) || state.issuedIds.has(id) || this.jobs.has(id),
        fromInternalId: (internalId) => state.store.uuidForInternalId(internalId),
        acceptUnknown: handler === undefined,
      },
      this.options.maxPageSize,
    );
    const context: CallContext = {
      api,
      caller,
      params,
      state,
      now,
      maxPageSize: this.options.maxPageSize,
      synthesise: () => this.synthesise(api, params),
      services: this.services(),
    };
    const outcome = handler ? handler(context) : context.synthesise();
    const key = envelopeKey(api);
    if (!api.isAsync) {
      if (isDeferred(outcome)) throw new Error(`${api.name} is synchronous but its handler deferred work`);
      return { status: 200, key, content: answerContent(outcome), json, headers: {} };
    }
    const deferred = isDeferred(outcome) ? outcome : undefined;
    const answer = isDeferred(outcome) ? undefined : outcome;
    const job = this.jobs.enqueue(
      {
        apiName: api.name,
        commandClass: catalog.commandClass(api),
        caller,
        work: deferred ? deferred.work : () => answer as Answer,
        onFailure: deferred?.onFailure,
        instanceType: deferred?.instanceType,
        instanceId: deferred?.instanceId ?? deferred?.id,
        delayMs: this.options.jobDelayMs,
        fail: faultApplies(faults.failJobs, api.name),
        neverFinish: faultApplies(faults.neverFinishJobs, api.name),
      },
      now,
    );
    // `{id, jobid}` where CloudStack answers so (the model's immediateId: BaseAsyncCreateCmd), else `{jobid}`.
    const fields: JsonObject = api.immediateId ? { id: this.immediateId(deferred, answer), jobid: job.id } : { jobid: job.id };
    return { status: 200, key, content: fields, json, headers: {} };
  }

  /** The entity's id for an immediate `{id, jobid}`: the handler's, else the answer's, else a fresh one. */
  private immediateId(deferred: DeferredWork | undefined, answer: Answer | undefined): string {
    const id = deferred?.id ?? (answer ? createdObjectId(answer) : undefined);
    if (id !== undefined) return id;
    const fresh = newUuid();
    this.options.state.issuedIds.add(fresh);
    return fresh;
  }

  /** A well-formed answer from the response metadata, echoing request values into same-named fields. */
  synthesise(api: ApiModel, params: ValidatedParams): Answer {
    const { state } = this.options;
    const object = synthesiseObject(api.response, {
      label: api.name,
      sensitive: new Set(api.sensitiveResponseFields),
      secret: state.synthesisedSecret,
      issueId: (id) => state.issuedIds.add(id),
      echo: params.values,
    });
    switch (api.responseKind) {
      case 'list':
        return { kind: 'list', key: api.responseKey ?? 'item', items: [object], count: 1 };
      case 'object':
        return api.responseKey ? { kind: 'object', key: api.responseKey, object } : { kind: 'fields', fields: object };
      case 'success':
        return { kind: 'success' };
      case 'fields':
      case 'authenticator':
        return { kind: 'fields', fields: object };
    }
  }

  private services(): HandlerServices {
    const { catalog } = this.options;
    return {
      jobView: (jobId) => {
        const job = this.jobs.get(jobId);
        return job ? this.jobs.view(job) : undefined;
      },
      jobViews: () =>
        this.jobs.all().map((job) => ({
          ownerAccountId: job.spec.caller.owner.accountId,
          ownerDomainId: job.spec.caller.owner.domainId,
          view: this.jobs.view(job),
        })),
      listApis: (caller, name) => listApisFor(catalog, caller, name),
      cloudstackVersion: catalog.model.cloudstackVersion,
    };
  }

  close(): void {
    this.jobs.close();
  }
}

function createdObjectId(answer: Answer): string | undefined {
  if (answer.kind !== 'object') return undefined;
  const id = answer.object.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * listApis per role (ApiDiscoveryServiceImpl): the root admin sees every API; other roles the APIs
 * their role allows, without the params reserved to other roles (`paramAuthorized`).
 */
export function listApisFor(
  catalog: ApiCatalog,
  caller: Caller,
  name: string | undefined,
): JsonObject[] {
  const hasMeta = catalog.model.hasMeta;
  const visible = catalog.model.apis.filter(
    (api) => (name === undefined || api.name === name) && (caller.role === 'Admin' || !hasMeta || api.roles.includes(caller.role)),
  );
  return visible.map((api) => {
    const entry = catalog.listApisEntry(api);
    if (caller.role === 'Admin' || !api.paramAuthorized) return entry;
    const restricted = api.paramAuthorized;
    const params = Array.isArray(entry.params) ? entry.params : [];
    return {
      ...entry,
      params: params.filter((p) => {
        const paramName = (p as { name?: unknown }).name;
        const roles = typeof paramName === 'string' ? restricted[paramName] : undefined;
        return roles === undefined || roles.includes(caller.role);
      }),
    };
  });
}
