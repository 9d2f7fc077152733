/**
 * buildModel: listApis document (+ meta + overrides) → ApiModelDocument, the contract every
 * generated file and the runtime read. Pure and deterministic (APIs and params sorted by name);
 * no file writing and no template engine: the runtime builds models with it too (--snapshot, live-only APIs).
 */
import { decideAccess } from './access.ts';
import { assertDangerPolicies, dangerPolicyFor, requiresDangerOverride } from './danger.ts';
import { assignCategories, CATEGORY_DEFINITIONS, CATEGORY_IDS } from './categories.ts';
import { compareNames, parseListApis, type RawApi, type RawParam } from './load.ts';
import { DEFAULT_API_META, parseMeta, type ApiMeta } from './meta.ts';
import { assignToolNames, titleFor, verbOf } from './naming.ts';
import { validateOverrides, type Overrides } from './overrides.ts';
import { responseKeyFor, responseKindByRules } from './response-shape.ts';
import { defaultMapShape, encodingFor, responseFieldModels } from './schema.ts';
import { paramSensitivity, sensitiveResponseFieldsByName } from './sensitive.ts';
import type { ApiModel, ApiModelDocument, CategoryModel, ParamModel } from './types.ts';

export { loadSnapshotFile } from './load.ts';

export interface BuildModelOptions {
  /** The parsed `.meta.json` side file, when there is one. */
  meta?: unknown;
  /** File name of the snapshot, e.g. `cloudstack-4.20.2.0.json` (also gives the version without meta). */
  snapshotName: string;
  /** What discovery cannot know: the project passes overrides/index.ts; tests pass their own. */
  overrides: Overrides;
  /**
   * true (default): an override naming an API or param the snapshot lacks is an error.
   * false: such entries are skipped (serving an arbitrary server's listApis).
   */
  strictOverrides?: boolean;
  warn?: (message: string) => void;
}

/** Descriptions CloudStack leaves empty on the paging params of some commands. */
const COMMON_PARAM_DESCRIPTIONS: Record<string, string> = {
  page: 'The page number to return (1-based); send together with pagesize.',
  pagesize: 'The number of items per page; send together with page. -1 returns all items.',
  keyword: 'List by keyword.',
};

/** `cloudstack-4.20.2.0.json` → `4.20.2.0`. */
export function versionFromSnapshotName(snapshotName: string): string | undefined {
  return /cloudstack-(.+?)\.json$/.exec(snapshotName)?.[1];
}

function buildParam(apiName: string, raw: RawParam, overrides: Overrides, warn: (message: string) => void): ParamModel {
  const override = overrides.params?.[apiName]?.[raw.name] ?? {};
  let encoding = encodingFor(raw.type);
  if (encoding === undefined) {
    warn(`${apiName}.${raw.name}: unknown param type "${raw.type}", sent as a string`);
    encoding = 'string';
  }
  const description = override.description ?? (raw.description || COMMON_PARAM_DESCRIPTIONS[raw.name] || '');
  const mapShape = encoding === 'map' ? (override.mapShape ?? defaultMapShape(raw.name)) : undefined;
  const param: ParamModel = {
    name: raw.name,
    type: raw.type,
    encoding,
    required: raw.required,
    description,
  };
  if (raw.length !== undefined) param.length = raw.length;
  if (raw.since) param.since = raw.since;
  if (raw.related) param.related = raw.related;
  if (mapShape) param.mapShape = mapShape;
  if (override.enum) param.enum = [...override.enum];
  Object.assign(param, paramSensitivity(raw.name, overrides.sensitiveParams?.[apiName]?.[raw.name]));
  return param;
}

function buildApi(
  raw: RawApi,
  toolName: string,
  category: string,
  meta: ApiMeta,
  overrides: Overrides,
  warn: (message: string) => void,
): ApiModel {
  const verb = verbOf(raw.name);
  const title = titleFor(raw.name);
  const responseKind = overrides.responseKinds?.[raw.name] ?? responseKindByRules(raw, meta.responseClass);
  const responseKey = responseKeyFor(raw, responseKind, meta.responseClass, {
    byApi: overrides.responseKeys,
    byClass: overrides.responseKeysByClass,
  });
  const params = raw.params.map((param) => buildParam(raw.name, param, overrides, warn));
  const response = responseFieldModels(raw.response);
  // CloudStack's flags, then what names and overrides add; kept in CloudStack's order first.
  const sensitiveResponseFields = [
    ...new Set([
      ...meta.sensitiveResponseFields,
      ...sensitiveResponseFieldsByName(response),
      ...(overrides.sensitiveResponseFields?.[raw.name] ?? []),
    ]),
  ];
  const decision = decideAccess(
    raw.name,
    verb,
    title,
    sensitiveResponseFields,
    overrides.access?.[raw.name],
    params.map((param) => param.name),
  );
  const description = overrides.descriptions?.[raw.name] ?? raw.description;
  const danger = dangerPolicyFor(
    { name: raw.name, verb, category, description, access: decision.access },
    overrides.dangerousActions?.[raw.name],
  );
  const api: ApiModel = {
    name: raw.name,
    toolName,
    title,
    category,
    verb,
    isAsync: raw.isAsync,
    ...(raw.since ? { since: raw.since } : {}),
    description,
    params,
    response,
    responseKind,
    ...(responseKey !== undefined ? { responseKey } : {}),
    ...(meta.responseClass ? { responseClass: meta.responseClass } : {}),
    ...(meta.commandClass ? { commandClass: meta.commandClass } : {}),
    ...(raw.related ? { related: raw.related } : {}),
    access: decision.access,
    annotations: decision.annotations,
    ...(danger ? { danger } : {}),
    // A sensitive param must travel in a POST body, never in a logged URL.
    requestHasSensitiveInfo: meta.requestHasSensitiveInfo || params.some((param) => param.sensitive),
    responseHasSensitiveInfo: meta.responseHasSensitiveInfo || sensitiveResponseFields.length > 0,
    sensitiveResponseFields,
    roles: meta.roles,
    authenticator: meta.authenticator,
    ...(meta.paramAuthorized ? { paramAuthorized: meta.paramAuthorized } : {}),
    ...(meta.gateConfigKeys ? { gateConfigKeys: meta.gateConfigKeys } : {}),
    ...(meta.pluginOnly !== undefined ? { pluginOnly: meta.pluginOnly } : {}),
    ...(decision.returnsSecrets ? { returnsSecrets: true } : {}),
  };
  return api;
}

/** Keeps only the override entries whose API exists (strictOverrides: false), warning once. */
function dropAbsent(overrides: Overrides, present: ReadonlySet<string>, warn: (message: string) => void): Overrides {
  const skipped = new Set<string>();
  const keep = <T>(record: Readonly<Record<string, T>> | undefined) =>
    record &&
    Object.fromEntries(
      Object.entries(record).filter(([name]) => {
        if (!present.has(name)) skipped.add(name);
        return present.has(name);
      }),
    );
  const result: Overrides = {
    ...overrides,
    access: keep(overrides.access),
    categories: keep(overrides.categories),
    descriptions: keep(overrides.descriptions),
    formatters: keep(overrides.formatters),
    params: keep(overrides.params),
    responseKeys: keep(overrides.responseKeys),
    responseKinds: keep(overrides.responseKinds),
    dangerousActions: keep(overrides.dangerousActions),
    sensitiveParams: keep(overrides.sensitiveParams),
    sensitiveResponseFields: keep(overrides.sensitiveResponseFields),
  };
  if (skipped.size > 0) {
    warn(`overrides skipped for ${skipped.size} API(s) absent from the snapshot: ${[...skipped].sort(compareNames).join(', ')}`);
  }
  return result;
}

export function buildModel(snapshotDoc: unknown, options: BuildModelOptions): ApiModelDocument {
  const warn = options.warn ?? (() => {});
  const rawApis = parseListApis(snapshotDoc, warn);
  const meta = options.meta === undefined ? undefined : parseMeta(options.meta);
  if (options.meta !== undefined && meta === undefined) warn('the meta document has no "apis" object; ignored');
  const version = meta?.version ?? versionFromSnapshotName(options.snapshotName) ?? 'unknown';

  let overrides = options.overrides;
  if (options.strictOverrides === false) {
    overrides = dropAbsent(overrides, new Set(rawApis.map((api) => api.name)), warn);
  } else {
    validateOverrides({ apis: rawApis }, overrides, version, CATEGORY_IDS);
  }

  const names = rawApis.map((api) => api.name);
  const toolNames = assignToolNames(names);
  const categoryByApi = assignCategories(names, overrides.categories);

  const apis = rawApis.map((raw) => {
    const apiMeta = meta?.apis.get(raw.name);
    if (meta && !apiMeta) warn(`${raw.name}: not in the meta file; CloudStack defaults used`);
    return buildApi(raw, toolNames.get(raw.name)!, categoryByApi.get(raw.name)!, apiMeta ?? DEFAULT_API_META, overrides, warn);
  });

  assertDangerPolicies(apis);
  // A new CloudStack version can add destructive APIs in the areas that need a hand-written policy:
  // they still get the default rule, but someone should write the real one.
  const unreviewed = apis.filter((api) => api.access === 'destructive' && requiresDangerOverride(api) && api.danger?.source !== 'override');
  if (unreviewed.length > 0) {
    warn(`${unreviewed.length} destructive API(s) need an entry in overrides/dangerous-actions.ts (default rule used): ${unreviewed.map((api) => api.name).join(', ')}`);
  }

  const counts = new Map<string, number>();
  for (const api of apis) counts.set(api.category, (counts.get(api.category) ?? 0) + 1);
  const categories: CategoryModel[] = CATEGORY_DEFINITIONS.filter((category) => counts.has(category.id))
    .map((category) => ({ id: category.id, description: category.description, apiCount: counts.get(category.id)! }))
    .sort((a, b) => compareNames(a.id, b.id));

  return {
    cloudstackVersion: version,
    snapshot: options.snapshotName,
    hasMeta: meta !== undefined,
    categories,
    apis,
  };
}
