/**
 * The `.meta.json` side file of a snapshot: per API what listApis does not say (roles, sensitivity,
 * response class, gates, response shape). Read defensively: any missing key falls back to CloudStack's default.
 */
import { shapeFromMeta, type ResponseShape } from './response-shape.ts';
import type { ApiModel } from './types.ts';

/** What the meta file adds to an API of the model (the same fields, plus the response class). */
export type ApiMeta = Pick<
  ApiModel,
  | 'requestHasSensitiveInfo'
  | 'responseHasSensitiveInfo'
  | 'sensitiveResponseFields'
  | 'roles'
  | 'authenticator'
  | 'paramAuthorized'
  | 'gateConfigKeys'
  | 'pluginOnly'
> & {
  responseClass?: string;
  commandClass?: string;
  /** The response shape traced in CloudStack's source (`response`), when the meta file has one. */
  responseShape?: ResponseShape;
};

export interface SnapshotMeta {
  version?: string;
  apis: Map<string, ApiMeta>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** CloudStack's @APICommand default for both sensitivity flags is true. */
export const DEFAULT_API_META: ApiMeta = {
  requestHasSensitiveInfo: true,
  responseHasSensitiveInfo: true,
  sensitiveResponseFields: [],
  roles: [],
  authenticator: false,
};

function apiMeta(name: string, raw: Record<string, unknown>): ApiMeta {
  const meta: ApiMeta = {
    requestHasSensitiveInfo: raw.requestHasSensitiveInfo !== false,
    responseHasSensitiveInfo: raw.responseHasSensitiveInfo !== false,
    sensitiveResponseFields: [...new Set(strings(raw.sensitiveResponseFields))].sort(),
    roles: strings(raw.roles),
    authenticator: raw.authenticator === true,
  };
  if (typeof raw.responseObject === 'string' && raw.responseObject !== '') meta.responseClass = raw.responseObject;
  if (typeof raw.class === 'string' && raw.class !== '') meta.commandClass = raw.class;
  if (isRecord(raw.paramAuthorized)) {
    const entries = Object.entries(raw.paramAuthorized)
      .map(([param, roles]) => [param, strings(roles)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length > 0) meta.paramAuthorized = Object.fromEntries(entries);
  }
  const gates = [
    ...new Set(
      (Array.isArray(raw.gateConfigKeys) ? raw.gateConfigKeys : [])
        .map((gate) => (isRecord(gate) && typeof gate.key === 'string' ? gate.key : typeof gate === 'string' ? gate : undefined))
        .filter((key): key is string => key !== undefined),
    ),
  ].sort();
  if (gates.length > 0) meta.gateConfigKeys = gates;
  if (typeof raw.pluginOnly === 'boolean') meta.pluginOnly = raw.pluginOnly;
  const responseShape = shapeFromMeta(name, raw.response);
  if (responseShape) meta.responseShape = responseShape;
  return meta;
}

/** Parses a meta document; undefined or malformed input gives an empty meta (warned by the caller). */
export function parseMeta(doc: unknown): SnapshotMeta | undefined {
  if (!isRecord(doc) || !isRecord(doc.apis)) return undefined;
  const apis = new Map<string, ApiMeta>();
  for (const [name, raw] of Object.entries(doc.apis)) {
    if (isRecord(raw)) apis.set(name, apiMeta(name, raw));
  }
  const meta: SnapshotMeta = { apis };
  if (typeof doc.version === 'string') meta.version = doc.version;
  return meta;
}
