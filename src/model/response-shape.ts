/**
 * What an API's successful answer looks like: its envelope key, its ResponseKind and the JSON key
 * of the entity (responseKey). listApis does not say; CloudStack decides in code (`setResponseName`,
 * `setObjectName(...)`). The snapshots' meta files carry what was traced in CloudStack's source
 * (`apis.<name>.response`, with the file:line of each value); the model takes it from, in order:
 *
 * 1. the dump's own meta file, when it has one with a `response` section;
 * 2. the bundled shapes (src/model/response-shapes.ts: every bundled meta file, by API name and
 *    version), so a dump without meta (a live capture, a user's own dump) gets the same shapes;
 * 3. the rules below, only for APIs in no bundled version.
 *
 * Where the source leaves a value open (a key decided at run time, unresolved, or only a likely
 * value; a kind written by an authenticator), `overrides/response-keys.ts` decides, with a reason.
 */
import type { RawApi } from './load.ts';
import type { ResponseKind } from './types.ts';

/** A response shape as a meta file traces it; absent members are not known. */
export interface ResponseShape {
  /** Absent: the source could not decide (an override must). */
  kind?: ResponseKind;
  /** The traced entity key, list and object answers only (case-sensitive: `vmSnapshot`). */
  key?: string;
  /** The envelope key, only when it is not `<api name lower-cased>response`. */
  envelope?: string;
  /**
   * Async APIs only: the immediate answer is `{id, jobid}`, the id of the entity the job creates or
   * acts on (the meta's `immediate`; BaseAsyncCreateCmd, ApiServer.getBaseAsyncCreateResponse), not `{jobid}` alone.
   */
  immediateId?: true;
}

/** A decision of overrides/response-keys.ts for what the source leaves open. */
export interface ResponseShapeOverride {
  kind?: ResponseKind;
  key?: string;
  /**
   * The key of the error envelope, where it is not the answer's: errors go under the command's
   * getCommandName() (ApiServer.getSerializedApiError), which a command may not use for its answer.
   */
  errorEnvelope?: string;
  /** Why: what CloudStack's source does (file:line), or why the value is the best one. */
  reason: string;
}

export type ShapeSource = 'meta' | 'bundled' | 'rule';

export interface ResponseShapeDecision {
  kind: ResponseKind;
  key?: string;
  envelope?: string;
  errorEnvelope?: string;
  immediateId?: true;
  source: ShapeSource;
}

export const RESPONSE_KINDS: ReadonlySet<ResponseKind> = new Set(['list', 'object', 'success', 'fields', 'authenticator']);

/** Kinds whose answer wraps the entity under a key. */
export function hasEntityKey(kind: ResponseKind | undefined): boolean {
  return kind === 'list' || kind === 'object';
}

/** `listZones` → `listzonesresponse`: what CloudStack's getCommandName() gives unless a command overrides it. */
export function defaultEnvelope(apiName: string): string {
  return `${apiName.toLowerCase()}response`;
}

/** The key of the API's response envelope. */
export function envelopeName(api: { name: string; responseEnvelope?: string }): string {
  return api.responseEnvelope ?? defaultEnvelope(api.name);
}

/** The key of the API's error envelope: its getCommandName(), the answer's key unless the command sets another. */
export function errorEnvelopeName(api: { name: string; responseEnvelope?: string; errorEnvelope?: string }): string {
  return api.errorEnvelope ?? envelopeName(api);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The shape of one API from its meta entry's `response` section (see ../shared/api-snapshots/README.md,
 * "Response shapes"): `name` (else `nameLikely`) is the envelope, `kind`, and `objectName` where
 * it was traced to one constant. Undefined when the entry has no such section (older meta files).
 */
export function shapeFromMeta(apiName: string, response: unknown): ResponseShape | undefined {
  if (!isRecord(response)) return undefined;
  const shape: ResponseShape = {};
  if (typeof response.kind === 'string' && RESPONSE_KINDS.has(response.kind as ResponseKind)) shape.kind = response.kind as ResponseKind;
  if (hasEntityKey(shape.kind) && typeof response.objectName === 'string' && response.objectName !== '') shape.key = response.objectName;
  const envelope = typeof response.name === 'string' ? response.name : typeof response.nameLikely === 'string' ? response.nameLikely : undefined;
  if (envelope && envelope !== defaultEnvelope(apiName)) shape.envelope = envelope;
  if (response.async === true && Array.isArray(response.immediate) && response.immediate.includes('id')) shape.immediateId = true;
  return shape;
}

// ---------------------------------------------------------------------------------------------
// The rules, for APIs in no bundled version (a plugin or a newer release than the snapshots).

const SUCCESS_CLASS = 'SuccessResponse';
const SUCCESS_FIELDS = new Set(['success', 'displaytext', 'details', 'jobid', 'jobstatus']);

/** `org.apache.cloudstack.api.response.ZoneResponse` → `ZoneResponse`. */
export function shortClassName(responseClass: string | undefined): string | undefined {
  if (!responseClass) return undefined;
  return responseClass.slice(responseClass.lastIndexOf('.') + 1).replace(/^.*\$/, '');
}

/** `listVirtualMachines` → `VirtualMachines` (the noun after the leading lower-case verb). */
function nounOf(apiName: string): string {
  return apiName.replace(/^[a-z]+/, '');
}

/** The Go SDK's rule (apache/cloudstack-go generate.go parseSingular). */
export function singular(noun: string): string {
  if (noun.endsWith('ies')) return `${noun.slice(0, -3)}y`;
  if (noun.endsWith('sses')) return noun.slice(0, -2);
  return noun.endsWith('s') ? noun.slice(0, -1) : noun;
}

export function responseKindByRules(api: RawApi, responseClass: string | undefined): ResponseKind {
  const shortName = shortClassName(responseClass);
  const fieldNames = api.response.map((field) => field.name);
  const onlySuccessFields = fieldNames.includes('success') && fieldNames.every((name) => SUCCESS_FIELDS.has(name));
  if (shortName === SUCCESS_CLASS || onlySuccessFields) return 'success';
  const paged = api.params.some((param) => param.name === 'page' || param.name === 'pagesize');
  if (api.name.startsWith('list') || paged) return 'list';
  return 'object';
}

/**
 * The rule's entity key: lists the singular of the API noun, lower-cased (`listZones` → `zone`);
 * objects the response class without `Response`, lower-cased, else the API noun. A guess: it is
 * wrong for a third of the bundled APIs (`listVMSnapshot` answers `vmSnapshot`), which is why it
 * is used only where no traced shape exists; readers still accept the key the answer holds.
 */
export function responseKeyByRules(api: RawApi, kind: ResponseKind, responseClass: string | undefined): string | undefined {
  if (!hasEntityKey(kind)) return undefined;
  const shortName = shortClassName(responseClass);
  if (kind === 'object' && shortName) return shortName.replace(/Response$/, '').toLowerCase();
  return singular(nounOf(api.name)).toLowerCase() || undefined;
}

/**
 * The shape of one API: the known (traced) shape where there is one, completed by the override
 * where the source left a value open; the rules where nothing is known. `problems` gets every
 * override that contradicts a traced value (codegen fails on them: one rule per fact).
 */
export function decideResponseShape(
  api: RawApi,
  known: { shape: ResponseShape; source: 'meta' | 'bundled' } | undefined,
  override: ResponseShapeOverride | undefined,
  responseClass: string | undefined,
  problems: string[],
  warn: (message: string) => void,
): ResponseShapeDecision {
  if (!known) {
    const kind = override?.kind ?? responseKindByRules(api, responseClass);
    const key = hasEntityKey(kind) ? (override?.key ?? responseKeyByRules(api, kind, responseClass)) : undefined;
    return { kind, ...(key !== undefined ? { key } : {}), ...(override?.errorEnvelope ? { errorEnvelope: override.errorEnvelope } : {}), source: 'rule' };
  }
  const { shape, source } = known;
  let kind = shape.kind;
  if (override?.kind !== undefined) {
    if (kind === undefined || kind === 'authenticator') kind = override.kind;
    else if (kind !== override.kind) problems.push(`responseShapes: ${api.name} kind "${override.kind}" contradicts the traced kind "${kind}" (${source})`);
  }
  if (kind === undefined) {
    kind = responseKindByRules(api, responseClass);
    warn(`${api.name}: the response kind is not traced and no override decides it; the rule's "${kind}" is used`);
  }
  let key: string | undefined;
  if (hasEntityKey(kind)) {
    key = shape.key;
    if (key === undefined) {
      key = override?.key;
      if (key === undefined) {
        key = responseKeyByRules(api, kind, responseClass);
        warn(`${api.name}: the response key is not traced and no override decides it; the rule's "${key}" is used`);
      }
    } else if (override?.key !== undefined && override.key !== key) {
      problems.push(`responseShapes: ${api.name} key "${override.key}" contradicts the traced key "${key}" (${source})`);
    }
  } else if (override?.key !== undefined) {
    problems.push(`responseShapes: ${api.name} gives key "${override.key}" to a ${kind} answer, which has none`);
  }
  return {
    kind,
    ...(key !== undefined ? { key } : {}),
    ...(shape.envelope ? { envelope: shape.envelope } : {}),
    ...(override?.errorEnvelope ? { errorEnvelope: override.errorEnvelope } : {}),
    ...(shape.immediateId ? { immediateId: true as const } : {}),
    source,
  };
}
