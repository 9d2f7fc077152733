/**
 * What changed between two listApis documents (`--from A --to B`): APIs added and removed, and per
 * common API its params, response fields, async flag and descriptions. Pure: sides in, data out.
 */
import { compareNames, type RawApi, type RawParam, type RawResponseField } from '../../src/model/load.ts';
import type { ApiChange, ApiSummary, ParamChange, ParamSummary, SideInfo, SnapshotDiff, SnapshotDiffSummary } from './types.ts';

export interface DiffSide {
  info: SideInfo;
  apis: readonly RawApi[];
}

export function apiSummary(api: RawApi): ApiSummary {
  const summary: ApiSummary = {
    name: api.name,
    isAsync: api.isAsync,
    description: api.description,
    params: api.params.length,
    requiredParams: api.params.filter((param) => param.required).length,
  };
  if (api.since) summary.since = api.since;
  return summary;
}

function paramSummary(param: RawParam): ParamSummary {
  const summary: ParamSummary = { name: param.name, type: param.type, required: param.required };
  if (param.length !== undefined) summary.length = param.length;
  return summary;
}

function paramChanges(before: RawParam, after: RawParam): ParamChange[] {
  const changes: ParamChange[] = [];
  if (before.required !== after.required) {
    changes.push({ param: after.name, attribute: 'required', from: before.required, to: after.required, breaking: after.required });
  }
  if (before.type !== after.type) {
    changes.push({ param: after.name, attribute: 'type', from: before.type, to: after.type, breaking: true });
  }
  if (before.length !== after.length) {
    const shrank = after.length !== undefined && (before.length === undefined || after.length < before.length);
    changes.push({ param: after.name, attribute: 'length', from: before.length ?? null, to: after.length ?? null, breaking: shrank });
  }
  return changes;
}

/** `name`, and `parent.child` for documented nested fields. */
function responsePaths(fields: readonly RawResponseField[], prefix = ''): string[] {
  return fields.flatMap((field) => [`${prefix}${field.name}`, ...responsePaths(field.response ?? [], `${prefix}${field.name}.`)]);
}

/** Paths only in `ours`, without the children of a parent that is itself only in `ours`. */
function onlyIn(ours: readonly string[], theirs: ReadonlySet<string>): string[] {
  const fresh = ours.filter((path) => !theirs.has(path));
  const freshSet = new Set(fresh);
  return fresh.filter((path) => {
    const dot = path.lastIndexOf('.');
    return dot < 0 || !freshSet.has(path.slice(0, dot));
  });
}

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name, item]));
}

export function diffApi(before: RawApi, after: RawApi): ApiChange {
  const beforeParams = byName(before.params);
  const afterParams = byName(after.params);
  const beforePaths = responsePaths(before.response);
  const afterPaths = responsePaths(after.response);
  const common = after.params.filter((param) => beforeParams.has(param.name));
  const change: ApiChange = {
    name: after.name,
    paramsAdded: after.params.filter((param) => !beforeParams.has(param.name)).map(paramSummary),
    paramsRemoved: before.params.filter((param) => !afterParams.has(param.name)).map(paramSummary),
    paramsChanged: common.flatMap((param) => paramChanges(beforeParams.get(param.name)!, param)),
    responseFieldsAdded: onlyIn(afterPaths, new Set(beforePaths)),
    responseFieldsRemoved: onlyIn(beforePaths, new Set(afterPaths)),
    descriptionChanged: before.description !== after.description,
    paramDescriptionsChanged: common.filter((param) => beforeParams.get(param.name)!.description !== param.description).map((param) => param.name),
  };
  if (before.isAsync !== after.isAsync) change.asyncChanged = { from: before.isAsync, to: after.isAsync };
  return change;
}

export function hasChanges(change: ApiChange): boolean {
  return (
    change.paramsAdded.length > 0 ||
    change.paramsRemoved.length > 0 ||
    change.paramsChanged.length > 0 ||
    change.responseFieldsAdded.length > 0 ||
    change.responseFieldsRemoved.length > 0 ||
    change.asyncChanged !== undefined ||
    change.descriptionChanged ||
    change.paramDescriptionsChanged.length > 0
  );
}

function sum<T>(items: readonly T[], count: (item: T) => number): number {
  return items.reduce((total, item) => total + count(item), 0);
}

function summarize(apisAdded: ApiSummary[], apisRemoved: ApiSummary[], changed: ApiChange[]): SnapshotDiffSummary {
  const countChanges = (attribute: ParamChange['attribute']) => sum(changed, (c) => c.paramsChanged.filter((p) => p.attribute === attribute).length);
  const requiredParamsAdded = sum(changed, (c) => c.paramsAdded.filter((p) => p.required).length);
  const paramsRemoved = sum(changed, (c) => c.paramsRemoved.length);
  const breakingParamChanges = sum(changed, (c) => c.paramsChanged.filter((p) => p.breaking).length);
  const asyncChanged = changed.filter((c) => c.asyncChanged !== undefined).length;
  return {
    apisAdded: apisAdded.length,
    apisRemoved: apisRemoved.length,
    apisChanged: changed.length,
    paramsAdded: sum(changed, (c) => c.paramsAdded.length),
    requiredParamsAdded,
    paramsRemoved,
    requiredChanged: countChanges('required'),
    typeChanged: countChanges('type'),
    lengthChanged: countChanges('length'),
    responseFieldsAdded: sum(changed, (c) => c.responseFieldsAdded.length),
    responseFieldsRemoved: sum(changed, (c) => c.responseFieldsRemoved.length),
    asyncChanged,
    descriptionsChanged: changed.filter((c) => c.descriptionChanged).length,
    paramDescriptionsChanged: sum(changed, (c) => c.paramDescriptionsChanged.length),
    breakingChanges: apisRemoved.length + paramsRemoved + requiredParamsAdded + breakingParamChanges + asyncChanged,
  };
}

export function diffSnapshots(from: DiffSide, to: DiffSide): SnapshotDiff {
  const fromApis = byName(from.apis);
  const toApis = byName(to.apis);
  const sorted = (apis: readonly RawApi[]) => [...apis].sort((a, b) => compareNames(a.name, b.name));
  const apisAdded = sorted(to.apis).filter((api) => !fromApis.has(api.name)).map(apiSummary);
  const apisRemoved = sorted(from.apis).filter((api) => !toApis.has(api.name)).map(apiSummary);
  const apisChanged = sorted(to.apis)
    .filter((api) => fromApis.has(api.name))
    .map((api) => diffApi(fromApis.get(api.name)!, api))
    .filter(hasChanges);
  return {
    kind: 'snapshot-diff',
    from: from.info,
    to: to.info,
    summary: summarize(apisAdded, apisRemoved, apisChanged),
    apisAdded,
    apisRemoved,
    apisChanged,
  };
}
