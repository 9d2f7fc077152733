/** Look-ups and checks the stateful handlers share. */
import type { Answer, JsonObject } from '../envelope.ts';
import { invalidParameterValue, invalidUuidError, missingParameterError, permissionDenied } from '../errors.ts';
import { isDomainWithin, ownerFor } from '../state/identity.ts';
import type { Entity, Owner } from '../state/store.ts';
import type { CallContext } from './types.ts';

export function param(context: CallContext, name: string): string | undefined {
  return context.params.values.get(name);
}

export function requireParam(context: CallContext, name: string): string {
  const value = param(context, name);
  if (value === undefined || value === '') throw missingParameterError(context.api.name, name);
  return value;
}

export function flag(context: CallContext, name: string, fallback = false): boolean {
  const value = param(context, name);
  return value === undefined ? fallback : value.toLowerCase() === 'true';
}

/** The entity a UUID parameter names; the wrong kind is as unknown as no entity (UUID translation). */
export function requireEntity(context: CallContext, kind: string, name: string): Entity {
  const id = requireParam(context, name);
  const entity = context.state.store.get(kind, id);
  if (!entity) throw invalidUuidError(context.api.name, name, id);
  assertAccess(context, entity);
  return entity;
}

export function optionalEntity(context: CallContext, kind: string, name: string): Entity | undefined {
  return param(context, name) === undefined ? undefined : requireEntity(context, kind, name);
}

/** AccountManager.checkAccess: users reach their own account's things, domain admins their subtree. */
export function assertAccess(context: CallContext, entity: Entity): void {
  const owner = entity.owner;
  const { caller, state } = context;
  if (!owner || caller.role === 'Admin') return;
  const allowed =
    caller.role === 'User'
      ? owner.accountId === caller.owner.accountId
      : isDomainWithin(state.store, owner.domainId, caller.owner.domainId);
  // Public templates and ISOs are usable by everyone; changing them stays with their owner.
  const publicUse = entity.data.ispublic === true && !/^(update|delete)/.test(context.api.name);
  if (!allowed && !publicUse) {
    throw permissionDenied(`Account ${caller.owner.account} does not have permission to access ${entity.kind} ${entity.id}`);
  }
}

/**
 * The owner of a new resource: the caller, or for admins `account` + `domainid` (CloudStack's
 * finalizeOwner).
 */
export function ownerForNew(context: CallContext): Owner {
  const account = param(context, 'account');
  const domainId = param(context, 'domainid');
  const { caller, state } = context;
  if (account === undefined || caller.role === 'User') return caller.owner;
  const domain = state.store.get('domain', domainId ?? caller.owner.domainId);
  const found = state.store.all('account').find((a) => a.data.name === account && a.data.domainid === domain?.id);
  if (!domain || !found) {
    throw invalidParameterValue(`Unable to find account ${account} in domain id=${domainId ?? caller.owner.domainId}`);
  }
  if (caller.role === 'DomainAdmin' && !isDomainWithin(state.store, domain.id, caller.owner.domainId)) {
    throw permissionDenied(`Account ${caller.owner.account} does not have permission to operate within domain id=${domain.id}`);
  }
  return ownerFor(found, domain);
}

export function objectAnswer(context: CallContext, entity: Entity | JsonObject, key?: string): Answer {
  const object = 'data' in entity && 'kind' in entity ? (entity as Entity).data : (entity as JsonObject);
  return { kind: 'object', key: key ?? context.api.responseKey ?? 'object', object: structuredClone(object) };
}

export function success(displaytext?: string): Answer {
  return displaytext === undefined ? { kind: 'success' } : { kind: 'success', displaytext };
}

/** Copies the listed request parameters onto an entity's fields (update* APIs). */
export function applyUpdates(context: CallContext, entity: Entity, names: string[], booleans: string[] = []): void {
  for (const name of names) {
    const value = param(context, name);
    if (value !== undefined) entity.data[name] = value;
  }
  for (const name of booleans) {
    const value = param(context, name);
    if (value !== undefined) entity.data[name] = value.toLowerCase() === 'true';
  }
}

export function removeWithTags(context: CallContext, entity: Entity): void {
  context.state.store.remove(entity.kind, entity.id);
  for (const tag of context.state.store.all('tag')) {
    if (tag.data.resourceid === entity.id) context.state.store.remove('tag', tag.id);
  }
}
