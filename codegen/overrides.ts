/**
 * Overrides: what API discovery cannot know, as typed data keyed by API name (files in overrides/).
 * `validateOverrides` checks every name against the snapshot, so a renamed API or param breaks
 * codegen instead of silently doing nothing.
 */
import type { AccessClass, MapShape, ResponseKind } from './types.ts';

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
  /** API name → the JSON key of the entity in the answer. */
  responseKeys?: Readonly<Record<string, string>>;
  /** Response class short name (e.g. `UserVmResponse`) → object key; not checked against APIs. */
  responseKeysByClass?: Readonly<Record<string, string>>;
  /** API name → response kind, for APIs the rules get wrong. */
  responseKinds?: Readonly<Record<string, ResponseKind>>;
  /** API name → formatter hint. */
  formatters?: Readonly<Record<string, FormatterHint>>;
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

/** What validation needs from the model: API names and their param names. */
export interface OverrideTarget {
  apis: ReadonlyArray<{ name: string; params: ReadonlyArray<{ name: string }> }>;
}

/**
 * Names every override entry that refers to an API or param the snapshot lacks (and is not
 * declared absent for this version), plus invalid values. Throws one error listing them all.
 */
export function validateOverrides(
  model: OverrideTarget,
  overrides: Overrides,
  version: string,
  knownCategories?: ReadonlySet<string>,
): void {
  const params = new Map(model.apis.map((api) => [api.name, new Set(api.params.map((param) => param.name))]));
  const problems: string[] = [];
  const expected = (name: string): boolean => inVersionRange(version, overrides.versions?.[name]);

  const checkApi = (section: string, apiName: string): boolean => {
    if (params.has(apiName)) return true;
    if (expected(apiName)) problems.push(`${section}: API "${apiName}" is not in the snapshot (CloudStack ${version})`);
    return false;
  };

  const apiSections = ['categories', 'descriptions', 'access', 'responseKeys', 'responseKinds', 'formatters'] as const;
  for (const section of apiSections) {
    for (const apiName of Object.keys(overrides[section] ?? {})) checkApi(section, apiName);
  }
  for (const [apiName, byParam] of Object.entries(overrides.params ?? {})) {
    if (!checkApi('params', apiName)) continue;
    const known = params.get(apiName)!;
    for (const paramName of Object.keys(byParam)) {
      if (!known.has(paramName) && expected(`${apiName}.${paramName}`)) {
        problems.push(`params: param "${paramName}" of API "${apiName}" is not in the snapshot (CloudStack ${version})`);
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
}
