/**
 * The entity store: every stateful object the simulator knows, by kind and by UUID, each with the
 * internal numeric id CloudStack also accepts for parameters declared without `since`.
 */
import { formatCloudStackDate } from '../../cloudstack/signer.ts';
import type { JsonObject } from '../envelope.ts';
import { newUuid } from '../ids.ts';

/** Who owns an entity: drives list scoping (`listall`, `account`, `domainid`). */
export interface Owner {
  accountId: string;
  account: string;
  domainId: string;
  domain: string;
  domainPath: string;
}

export interface Entity {
  kind: string;
  id: string;
  internalId: number;
  owner?: Owner;
  /** The response object exactly as list calls and job results show it. */
  data: JsonObject;
  /** Values that are never part of the response object (secret keys, private keys, passwords). */
  hidden: Record<string, string>;
  /** Resource tags attached to this entity (key → value), rendered into `data.tags`. */
  tags: Map<string, string>;
}

export class EntityStore {
  private readonly byKind = new Map<string, Map<string, Entity>>();
  private readonly byId = new Map<string, Entity>();
  private readonly uuidByInternalId = new Map<number, string>();
  /** UUIDs of removed entities: CloudStack's UUID translation still resolves them (lists then find nothing). */
  private readonly removedIds = new Set<string>();
  private nextInternalId = 1;

  add(kind: string, data: JsonObject, owner?: Owner): Entity {
    const id = typeof data.id === 'string' ? data.id : newUuid();
    const entity: Entity = {
      kind,
      id,
      internalId: this.nextInternalId++,
      owner,
      data: { id, ...data },
      hidden: {},
      tags: new Map(),
    };
    if (owner) {
      entity.data.account ??= owner.account;
      entity.data.domainid ??= owner.domainId;
      entity.data.domain ??= owner.domain;
      entity.data.domainpath ??= owner.domainPath;
    }
    entity.data.created ??= formatCloudStackDate(new Date());
    let ofKind = this.byKind.get(kind);
    if (!ofKind) this.byKind.set(kind, (ofKind = new Map()));
    ofKind.set(id, entity);
    this.byId.set(id, entity);
    this.uuidByInternalId.set(entity.internalId, id);
    return entity;
  }

  get(kind: string, id: string): Entity | undefined {
    return this.byKind.get(kind)?.get(id);
  }

  /** Any entity with this UUID, whatever its kind. */
  find(id: string): Entity | undefined {
    return this.byId.get(id);
  }

  /** Whether a UUID names a removed entity. */
  wasRemoved(id: string): boolean {
    return this.removedIds.has(id);
  }

  /** The UUID behind an internal numeric id (CloudStack accepts those for params without `since`). */
  uuidForInternalId(internalId: number): string | undefined {
    return this.uuidByInternalId.get(internalId);
  }

  all(kind: string): Entity[] {
    return [...(this.byKind.get(kind)?.values() ?? [])];
  }

  remove(kind: string, id: string): boolean {
    const entity = this.byKind.get(kind)?.get(id);
    if (!entity) return false;
    this.byKind.get(kind)?.delete(id);
    this.byId.delete(id);
    this.uuidByInternalId.delete(entity.internalId);
    this.removedIds.add(id);
    return true;
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }
}
