/**
 * List calls over the entity store with the filters people use: `id`, `ids`, `name`, `keyword`,
 * any parameter named like a field of the entity (`zoneid`, `state`, `virtualmachineid`, ...),
 * `tags[i].key/value`, ownership scoping (`listall`, `account`, `domainid`, `isrecursive`) and
 * paging (`page`, `pagesize`, `count` = total across pages).
 */
import type { Answer, JsonObject } from '../envelope.ts';
import { permissionDenied } from '../errors.ts';
import { isDomainWithin } from '../state/identity.ts';
import type { Entity } from '../state/store.ts';
import type { CallContext } from './types.ts';

export interface ListSpec {
  kind: string;
  /** Item key; default: the model's responseKey. */
  key?: string;
  /** Request parameter → entity field, where the names differ (e.g. `vpcid` filters `vpcid`). */
  fieldFor?: Record<string, string>;
  /** Parameters that are not filters for this list (handled by `extraFilter`, or meaningless here). */
  ignore?: string[];
  keywordFields?: string[];
  extraFilter?: (entity: Entity, context: CallContext) => boolean;
  view?: (entity: Entity, context: CallContext) => JsonObject;
  /** Replaces the ownership scoping (e.g. public templates are visible to everyone). */
  visibility?: (entity: Entity, context: CallContext, explicitId: boolean) => boolean;
}

/** Parameters with their own meaning: never field-equality filters. */
const RESERVED = new Set([
  'id', 'ids', 'name', 'keyword', 'page', 'pagesize', 'listall', 'isrecursive', 'account', 'domainid',
  'projectid', 'apikey', 'signature', 'signatureversion', 'expires', 'response', 'command', 'showicon',
  'details', 'fordisplay', 'showcapacities', 'retrieveonlyresourcecount', 'sessionkey', '_',
]);

/** Whether the caller may see an owned entity under CloudStack's scoping rules. */
export function visibleTo(entity: Entity, context: CallContext, explicitId: boolean): boolean {
  const owner = entity.owner;
  if (!owner) return true;
  const { caller, params, state } = context;
  if (caller.role === 'User') return owner.accountId === caller.owner.accountId;
  const mayReach = (domainId: string) =>
    caller.role === 'Admin' || isDomainWithin(state.store, domainId, caller.owner.domainId);
  const account = params.values.get('account');
  const domainId = params.values.get('domainid');
  const recursive = params.values.get('isrecursive')?.toLowerCase() === 'true';
  const listAll = params.values.get('listall')?.toLowerCase() === 'true';
  if (domainId !== undefined && !mayReach(domainId)) {
    throw permissionDenied(`Account ${caller.owner.account} does not have permission to access domain ${domainId}`);
  }
  if (account !== undefined) {
    return owner.account === account && owner.domainId === (domainId ?? caller.owner.domainId);
  }
  if (domainId !== undefined) {
    return recursive || listAll ? isDomainWithin(state.store, owner.domainId, domainId) : owner.domainId === domainId;
  }
  if (explicitId || listAll) return mayReach(owner.domainId);
  return owner.accountId === caller.owner.accountId;
}

function matchesKeyword(entity: Entity, keyword: string, fields: string[]): boolean {
  const needle = keyword.toLowerCase();
  return fields.some((field) => {
    const value = entity.data[field];
    return typeof value === 'string' && value.toLowerCase().includes(needle);
  });
}

function matchesTags(entity: Entity, tags: Array<Record<string, string>> | undefined): boolean {
  if (!tags) return true;
  return tags.every((tag) => {
    const value = entity.tags.get(tag.key ?? '');
    return value !== undefined && (tag.value === undefined || tag.value === value);
  });
}

function scalarEquals(actual: unknown, wanted: string): boolean {
  if (typeof actual === 'string') return actual.toLowerCase() === wanted.toLowerCase();
  if (typeof actual === 'boolean') return String(actual) === wanted.toLowerCase();
  if (typeof actual === 'number') return String(actual) === wanted;
  return true; // not a scalar field: not filterable by equality
}

export function filterEntities(context: CallContext, spec: ListSpec): Entity[] {
  const { params, state } = context;
  const values = params.values;
  const id = values.get('id');
  const ids = values.get('ids')?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const name = values.get('name');
  const keyword = values.get('keyword');
  const ignore = new Set(spec.ignore ?? []);
  const fieldFilters: Array<[string, string]> = [];
  for (const [param, value] of values) {
    if (RESERVED.has(param) || ignore.has(param)) continue;
    fieldFilters.push([spec.fieldFor?.[param] ?? param, value]);
  }
  const explicitId = id !== undefined || ids !== undefined;
  return state.store.all(spec.kind).filter((entity) => {
    if (id !== undefined && id !== '-1' && entity.id !== id) return false;
    if (ids && !ids.includes(entity.id)) return false;
    if (name !== undefined && String(entity.data.name ?? '').toLowerCase() !== name.toLowerCase()) return false;
    if (keyword !== undefined && !matchesKeyword(entity, keyword, spec.keywordFields ?? ['name', 'displaytext', 'displayname'])) {
      return false;
    }
    for (const [field, value] of fieldFilters) {
      if (field in entity.data && !scalarEquals(entity.data[field], value)) return false;
    }
    if (!matchesTags(entity, params.maps.get('tags'))) return false;
    if (spec.extraFilter && !spec.extraFilter(entity, context)) return false;
    return (spec.visibility ?? visibleTo)(entity, context, explicitId);
  });
}

/** `page`/`pagesize` applied (validated already); without them the default page size caps the answer. */
export function pageOf<T>(items: T[], context: CallContext): T[] {
  const pageSize = Number(context.params.values.get('pagesize') ?? context.maxPageSize);
  if (pageSize === -1) return items;
  const page = Math.max(1, Number(context.params.values.get('page') ?? 1));
  return items.slice((page - 1) * pageSize, page * pageSize);
}

export function listAnswer(context: CallContext, spec: ListSpec): Answer {
  const matches = filterEntities(context, spec);
  const view = spec.view ?? ((entity: Entity) => entity.data);
  return {
    kind: 'list',
    key: spec.key ?? context.api.responseKey ?? spec.kind,
    count: matches.length,
    items: pageOf(matches, context).map((entity) => structuredClone(view(entity, context))),
  };
}
