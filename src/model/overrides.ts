/**
 * Overrides: what API discovery cannot know, as typed data keyed by API name (files in overrides/).
 * `validateOverrides` checks every name against the snapshot, so a renamed API or param breaks
 * codegen instead of silently doing nothing.
 */
import { RESPONSE_KINDS, type ResponseShapeOverride } from './response-shape.ts';
import type { AccessClass, DangerCategory, DangerPolicy, DangerSeverity, MapShape } from './types.ts';

export interface ParamOverride {
  /** Replaces CloudStack's description (which stays in the model's `description` only if not replaced). */
  description?: string;
  /** Allowed values; added as a JSON Schema `enum`. */
  enum?: readonly string[];
  /** The shape of a map param's items. */
  mapShape?: MapShape;
}

export interface AccessOverride {
  access?: AccessClass;
  idempotent?: boolean;
  /** Marks an API whose answer carries secrets even though the meta does not flag fields. */
  returnsSecrets?: boolean;
}

/** A hand-written danger policy (overrides/dangerous-actions.ts); the model adds `source: 'override'`. */
export type DangerOverride = Readonly<Omit<DangerPolicy, 'source'>>;

/** What the name rules of src/model/sensitive.ts cannot tell about a param (overrides/sensitive.ts). */
export interface SensitiveParamOverride {
  /** true: a credential whose name does not say so (`addSwift.key`); false: a name rule's false positive. */
  sensitive?: boolean;
  /** Map params: the item keys whose values are credentials (implies `sensitive`). */
  mapKeys?: readonly string[];
  /** A URL that may carry `user:secret@` (implies `sensitive`). */
  credentialsInUrl?: boolean;
}

export interface FormatterHint {
  /** Entity fields shown first / as table columns, in order. */
  columns: readonly string[];
}

/**
 * Where an API (or `api.param`) named by an override exists, for names that are not in every
 * supported snapshot. Outside the range the entry is skipped; inside it, absence is an error.
 * Versions compare numerically part by part (`4.22.0.0-SNAPSHOT` counts as 4.22.0.0).
 */
export interface VersionRange {
  since?: string;
  until?: string;
}

export interface Overrides {
  /** API name → category id. */
  categories?: Readonly<Record<string, string>>;
  /** API name → API description shown to users (replaces CloudStack's). */
  descriptions?: Readonly<Record<string, string>>;
  /** API name → param name → override. */
  params?: Readonly<Record<string, Readonly<Record<string, ParamOverride>>>>;
  /** API name → access class / idempotence. */
  access?: Readonly<Record<string, AccessOverride>>;
  /**
   * API name → the response kind and/or entity key, with the reason, where the traced shapes leave
   * them open (a key decided at run time, unresolved or only likely; a kind an authenticator writes).
   * An entry contradicting a traced value is an error.
   */
  responseShapes?: Readonly<Record<string, ResponseShapeOverride>>;
  /** API name → formatter hint. */
  formatters?: Readonly<Record<string, FormatterHint>>;
  /** API name → danger policy written by hand (replaces the default rule). */
  dangerousActions?: Readonly<Record<string, DangerOverride>>;
  /** API name → param name → sensitivity the name rules miss or get wrong. */
  sensitiveParams?: Readonly<Record<string, Readonly<Record<string, SensitiveParamOverride>>>>;
  /** API name → response fields to mask besides CloudStack's (`a.b` = field b of nested a). */
  sensitiveResponseFields?: Readonly<Record<string, readonly string[]>>;
  /** API name or `api.param` → the versions it exists in (see VersionRange). */
  versions?: Readonly<Record<string, VersionRange>>;
}

export class OverrideError extends Error {
  override name = 'OverrideError';
}

function versionParts(version: string): number[] {
  return version
    .replace(/-.*$/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

export function compareVersions(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function inVersionRange(version: string, range: VersionRange | undefined): boolean {
  if (!range) return true;
  if (range.since && compareVersions(version, range.since) < 0) return false;
  if (range.until && compareVersions(version, range.until) > 0) return false;
  return true;
}

/** What validation needs from the model: API names, their params and (optionally) response fields. */
export interface OverrideTarget {
  apis: ReadonlyArray<{
    name: string;
    params: ReadonlyArray<{ name: string; type?: string }>;
    response?: ReadonlyArray<{ name: string; response?: ReadonlyArray<{ name: string }> }>;
  }>;
}

const SEVERITIES: ReadonlySet<DangerSeverity> = new Set(['low', 'medium', 'high', 'critical']);
const HARMS: ReadonlySet<DangerCategory> = new Set(['data-loss', 'availability', 'infrastructure', 'security', 'access', 'cost', 'network']);

/** Problems of one hand-written danger policy (the types allow empty strings and, from JS, anything). */
export function dangerOverrideProblems(apiName: string, policy: DangerOverride): string[] {
  const problems: string[] = [];
  const where = `dangerousActions: API "${apiName}"`;
  if (!SEVERITIES.has(policy.severity)) problems.push(`${where} has unknown severity "${String(policy.severity)}"`);
  if (!HARMS.has(policy.category)) problems.push(`${where} has unknown category "${String(policy.category)}"`);
  if (typeof policy.reversible !== 'boolean') problems.push(`${where} lacks reversible`);
  for (const field of ['whatItDoes', 'warning', 'scope'] as const) {
    const text = policy[field];
    if (typeof text !== 'string' || text.trim().length < 5) problems.push(`${where}: ${field} is missing or too short`);
  }
  for (const field of ['whatItDoes', 'warning'] as const) {
    if (typeof policy[field] === 'string' && !/[.!]$/.test(policy[field])) problems.push(`${where}: ${field} must be a sentence ending with "."`);
  }
  return problems;
}

/**
 * Names every override entry that refers to an API or param the snapshot lacks (and is not
 * declared absent for this version), plus invalid values. Throws one error listing them all.
 *
 * With `bundledApis` (every API some bundled snapshot has), an entry for an API this snapshot
 * lacks but a bundled one has is skipped (an older or smaller server), and only a name no bundled
 * snapshot has is an error (a typo). Returns the APIs whose entries were skipped, sorted.
 */
export function validateOverrides(
  model: OverrideTarget,
  overrides: Overrides,
  version: string,
  knownCategories?: ReadonlySet<string>,
  bundledApis?: ReadonlySet<string>,
): string[] {
  const params = new Map(model.apis.map((api) => [api.name, new Set(api.params.map((param) => param.name))]));
  const problems: string[] = [];
  const skipped = new Set<string>();
  const expected = (name: string): boolean => inVersionRange(version, overrides.versions?.[name]);

  const checkApi = (section: string, apiName: string): boolean => {
    if (params.has(apiName)) return true;
    if (bundledApis?.has(apiName)) skipped.add(apiName);
    else if (bundledApis) problems.push(`${section}: API "${apiName}" is in no bundled snapshot (a typo?)`);
    else if (expected(apiName)) problems.push(`${section}: API "${apiName}" is not in the snapshot (CloudStack ${version})`);
    return false;
  };

  const apiSections = ['categories', 'descriptions', 'access', 'responseShapes', 'formatters', 'dangerousActions'] as const;
  for (const section of apiSections) {
    for (const apiName of Object.keys(overrides[section] ?? {})) checkApi(section, apiName);
  }
  const checkParams = (section: 'params' | 'sensitiveParams', byApi: Overrides['params'] | Overrides['sensitiveParams']) => {
    for (const [apiName, byParam] of Object.entries(byApi ?? {})) {
      if (!checkApi(section, apiName)) continue;
      const known = params.get(apiName)!;
      for (const paramName of Object.keys(byParam)) {
        if (!known.has(paramName) && expected(`${apiName}.${paramName}`)) {
          problems.push(`${section}: param "${paramName}" of API "${apiName}" is not in the snapshot (CloudStack ${version})`);
        }
      }
    }
  };
  checkParams('params', overrides.params);
  checkParams('sensitiveParams', overrides.sensitiveParams);
  for (const [apiName, policy] of Object.entries(overrides.dangerousActions ?? {})) problems.push(...dangerOverrideProblems(apiName, policy));
  for (const [apiName, entry] of Object.entries(overrides.responseShapes ?? {})) {
    if (entry.kind !== undefined && !RESPONSE_KINDS.has(entry.kind)) problems.push(`responseShapes: API "${apiName}" has unknown kind "${String(entry.kind)}"`);
    if (entry.kind === undefined && entry.key === undefined && entry.errorEnvelope === undefined) {
      problems.push(`responseShapes: API "${apiName}" decides neither kind, key nor error envelope`);
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 10) problems.push(`responseShapes: API "${apiName}" needs a reason`);
  }

  const apiByName = new Map(model.apis.map((api) => [api.name, api]));
  for (const [apiName, byParam] of Object.entries(overrides.sensitiveParams ?? {})) {
    for (const [paramName, entry] of Object.entries(byParam)) {
      const type = apiByName.get(apiName)?.params.find((param) => param.name === paramName)?.type;
      if (entry.mapKeys && type !== undefined && type !== 'map') {
        problems.push(`sensitiveParams: "${apiName}.${paramName}" has mapKeys but is a ${type}, not a map`);
      }
      if (entry.sensitive === false && (entry.mapKeys || entry.credentialsInUrl)) {
        problems.push(`sensitiveParams: "${apiName}.${paramName}" is marked not sensitive but lists secret parts`);
      }
    }
  }
  for (const [apiName, fields] of Object.entries(overrides.sensitiveResponseFields ?? {})) {
    if (!checkApi('sensitiveResponseFields', apiName)) continue;
    const response = apiByName.get(apiName)?.response;
    if (!response) continue;
    for (const field of fields) {
      const [top, nested] = field.split('.');
      const topField = response.find((candidate) => candidate.name === top);
      const found = topField && (nested === undefined || topField.response?.some((child) => child.name === nested));
      if (!found && expected(`${apiName}.${field}`)) {
        problems.push(`sensitiveResponseFields: response field "${field}" of API "${apiName}" is not in the snapshot (CloudStack ${version})`);
      }
    }
  }
  if (knownCategories) {
    for (const [apiName, category] of Object.entries(overrides.categories ?? {})) {
      if (!knownCategories.has(category)) problems.push(`categories: API "${apiName}" names unknown category "${category}"`);
    }
  }
  for (const [name, range] of Object.entries(overrides.versions ?? {})) {
    if (!range.since && !range.until) problems.push(`versions: "${name}" declares neither since nor until`);
  }
  if (problems.length > 0) {
    throw new OverrideError(`invalid overrides for CloudStack ${version}:\n  ${problems.join('\n  ')}`);
  }
  return [...skipped].sort();
}
