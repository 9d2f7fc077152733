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
import { compareVersions, OverrideError, validateOverrides, type Overrides } from './overrides.ts';
import { paramDescription } from './param-description.ts';
import { decideResponseShape, type ResponseShape, type ShapeSource } from './response-shape.ts';
import { bundledShape, bundledShapeTable, type ShapeTable } from './response-shapes.ts';
import { defaultMapShape, encodingFor, responseFieldModels } from './schema.ts';
import { paramSensitivity, sensitiveResponseFieldsByName } from './sensitive.ts';
import type { ApiModel, ApiModelDocument, CategoryModel, ParamModel } from './types.ts';

export { loadSnapshotFile } from './load.ts';

export interface BuildModelOptions {
  /** The parsed `.meta.json` side file, when there is one. */
  meta?: unknown;
  /** File name of the snapshot, e.g. `cloudstack-4.20.2.0.json` (a label only: the version never comes from it). */
  snapshotName: string;
  /** The CloudStack version, when the caller knows it (`--version`, a live server's listCapabilities); else the meta's, else the dump's content. */
  cloudstackVersion?: string;
  /** The bundled response shapes (default: generated/model/response-shapes.json; codegen passes the ones it just built). */
  responseShapes?: ShapeTable;
  /** Receives what the build decided beyond the model: where the version and the response shapes came from, what was skipped. */
  report?: (report: BuildReport) => void;
  /** What discovery cannot know: the project passes overrides/index.ts; tests pass their own. */
  overrides: Overrides;
  /**
   * true (default): an override naming an API or param the snapshot lacks is an error.
   * false: such entries are skipped (serving an arbitrary server's listApis).
   */
  strictOverrides?: boolean;
  warn?: (message: string) => void;
}

/** Where the model's CloudStack version came from. */
export type VersionSource = 'given' | 'meta' | 'since' | 'unknown';

export interface BuildReport {
  cloudstackVersion: string;
  versionSource: VersionSource;
  /** How many APIs took their response shape from the dump's meta, the bundled shapes, the rules. */
  shapeSources: Record<ShapeSource, number>;
  /** APIs in no bundled version, whose response shape is the rules' guess. */
  ruleShapes: string[];
  /** APIs named by overrides that this snapshot lacks (their entries were skipped). */
  overridesSkipped: string[];
}

const VERSION_TEXT = /^\d+(\.\d+)*$/;

/**
 * The highest `since` of the dump's APIs and params: listApis has no version field, but a server
 * is at least as new as the newest thing it lists. Undefined when nothing carries a `since`.
 */
export function versionFromSince(apis: readonly RawApi[]): string | undefined {
  let highest: string | undefined;
  const consider = (since: string | undefined) => {
    if (since && VERSION_TEXT.test(since) && (highest === undefined || compareVersions(since, highest) > 0)) highest = since;
  };
  for (const api of apis) {
    consider(api.since);
    for (const param of api.params) consider(param.since);
  }
  return highest;
}

/** The version: the caller's, else the meta's, else the highest `since` (a lower bound), else `unknown`. Never the file name. */
export function resolveVersion(
  apis: readonly RawApi[],
  metaVersion: string | undefined,
  given: string | undefined,
): { version: string; source: VersionSource } {
  if (given) return { version: given, source: 'given' };
  if (metaVersion) return { version: metaVersion, source: 'meta' };
  const since = versionFromSince(apis);
  return since ? { version: since, source: 'since' } : { version: 'unknown', source: 'unknown' };
}

function buildParam(apiName: string, raw: RawParam, overrides: Overrides, warn: (message: string) => void): ParamModel {
  const override = overrides.params?.[apiName]?.[raw.name] ?? {};
  let encoding = encodingFor(raw.type);
  if (encoding === undefined) {
    warn(`${apiName}.${raw.name}: unknown param type "${raw.type}", sent as a string`);
    encoding = 'string';
  }
  const description = paramDescription(raw, override);
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

interface ShapeContext {
  /** The dump's meta shape, else the bundled one, else undefined (the rules). */
  known: (raw: RawApi, meta: ApiMeta) => { shape: ResponseShape; source: 'meta' | 'bundled' } | undefined;
  problems: string[];
  sources: Record<ShapeSource, number>;
  ruleShapes: string[];
}

function buildApi(
  raw: RawApi,
  toolName: string,
  category: string,
  meta: ApiMeta,
  overrides: Overrides,
  shapes: ShapeContext,
  warn: (message: string) => void,
): ApiModel {
  const verb = verbOf(raw.name);
  const title = titleFor(raw.name);
  const shape = decideResponseShape(
    raw,
    shapes.known(raw, meta),
    overrides.responseShapes?.[raw.name],
    meta.responseClass,
    shapes.problems,
    warn,
  );
  shapes.sources[shape.source]++;
  if (shape.source === 'rule') shapes.ruleShapes.push(raw.name);
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
    responseKind: shape.kind,
    ...(shape.key !== undefined ? { responseKey: shape.key } : {}),
    ...(shape.envelope !== undefined ? { responseEnvelope: shape.envelope } : {}),
    ...(shape.errorEnvelope !== undefined ? { errorEnvelope: shape.errorEnvelope } : {}),
    ...(raw.isAsync && shape.immediateId ? { immediateId: true as const } : {}),
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

/** Every API name an override section is keyed by. */
function overrideApiNames(overrides: Overrides): string[] {
  const sections = [
    overrides.access, overrides.categories, overrides.descriptions, overrides.formatters, overrides.params, overrides.responseShapes,
    overrides.dangerousActions, overrides.sensitiveParams, overrides.sensitiveResponseFields,
  ];
  return [...new Set(sections.flatMap((section) => Object.keys(section ?? {})))].sort(compareNames);
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
    responseShapes: keep(overrides.responseShapes),
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
  const { version, source: versionSource } = resolveVersion(rawApis, meta?.version, options.cloudstackVersion);
  const table = options.responseShapes ?? bundledShapeTable();
  const bundledApis = new Set(Object.keys(table.apis));
  const strict = options.strictOverrides !== false;

  let overrides = options.overrides;
  let overridesSkipped: string[];
  if (!strict) {
    const present = new Set(rawApis.map((api) => api.name));
    overridesSkipped = overrideApiNames(overrides).filter((name) => !present.has(name));
    overrides = dropAbsent(overrides, present, warn);
  } else {
    overridesSkipped = validateOverrides({ apis: rawApis }, overrides, version, CATEGORY_IDS, bundledApis);
  }

  const lookupVersion = versionSource === 'unknown' ? undefined : version;
  const shapes: ShapeContext = {
    known: (raw, apiMeta) => {
      if (apiMeta.responseShape) return { shape: apiMeta.responseShape, source: 'meta' };
      const shape = bundledShape(table, raw.name, lookupVersion);
      return shape ? { shape, source: 'bundled' } : undefined;
    },
    problems: [],
    sources: { meta: 0, bundled: 0, rule: 0 },
    ruleShapes: [],
  };

  const names = rawApis.map((api) => api.name);
  const toolNames = assignToolNames(names);
  const categoryByApi = assignCategories(names, overrides.categories);

  const apis = rawApis.map((raw) => {
    const apiMeta = meta?.apis.get(raw.name);
    if (meta && !apiMeta) warn(`${raw.name}: not in the meta file; CloudStack defaults used`);
    return buildApi(raw, toolNames.get(raw.name)!, categoryByApi.get(raw.name)!, apiMeta ?? DEFAULT_API_META, overrides, shapes, warn);
  });
  if (shapes.problems.length > 0) {
    const message = `invalid overrides for CloudStack ${version}:\n  ${shapes.problems.join('\n  ')}`;
    if (strict) throw new OverrideError(message);
    warn(message);
  }

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

  options.report?.({
    cloudstackVersion: version,
    versionSource,
    shapeSources: shapes.sources,
    ruleShapes: shapes.ruleShapes,
    overridesSkipped,
  });
  return {
    cloudstackVersion: version,
    snapshot: options.snapshotName,
    hasMeta: meta !== undefined,
    categories,
    apis,
  };
}
