/** Resource tags: createTags/deleteTags on any stateful resource, listTags, and `tags[i]` filters. */
import { invalidParameterValue } from '../errors.ts';
import type { Entity } from '../state/store.ts';
import { requireParam, assertAccess, success } from './common.ts';
import { listAnswer } from './listing.ts';
import type { CallContext, HandlerTable } from './types.ts';

function targets(context: CallContext): { resourceType: string; entities: Entity[] } {
  const resourceType = requireParam(context, 'resourcetype');
  const ids = requireParam(context, 'resourceids').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const entities = ids.map((id) => {
    const entity = context.state.store.find(id);
    if (!entity || entity.kind === 'tag') throw invalidParameterValue(`Unable to find resource by id ${id} and type ${resourceType}`);
    assertAccess(context, entity);
    return entity;
  });
  return { resourceType, entities };
}

function syncTagField(entity: Entity, tags: Entity[]): void {
  if (!Array.isArray(entity.data.tags)) return;
  entity.data.tags = tags.filter((t) => t.data.resourceid === entity.id).map((t) => structuredClone(t.data));
}

export const tagHandlers: HandlerTable = {
  listTags: (context) => listAnswer(context, { kind: 'tag', fieldFor: { resourcetype: 'resourcetype' }, keywordFields: ['key', 'value'] }),
  createTags(context) {
    const { resourceType, entities } = targets(context);
    const pairs = context.params.maps.get('tags') ?? [];
    if (pairs.length === 0) throw invalidParameterValue('Unable to execute API command createtags due to missing parameter tags');
    return {
      deferred: true,
      work: () => {
        const { store } = context.state;
        for (const entity of entities) {
          for (const { key, value } of pairs) {
            if (key === undefined) throw invalidParameterValue('Tag key is missing: send tags[i].key and tags[i].value');
            if (entity.tags.has(key)) throw invalidParameterValue(`tag ${key} already on ${resourceType} with id ${entity.id}`);
            entity.tags.set(key, value ?? '');
            store.add(
              'tag',
              { key, value: value ?? '', resourcetype: resourceType, resourceid: entity.id },
              entity.owner ?? context.caller.owner,
            );
          }
          syncTagField(entity, store.all('tag'));
        }
        return success();
      },
    };
  },
  deleteTags(context) {
    const { entities } = targets(context);
    const pairs = context.params.maps.get('tags');
    return {
      deferred: true,
      work: () => {
        const { store } = context.state;
        for (const entity of entities) {
          for (const tag of store.all('tag')) {
            if (tag.data.resourceid !== entity.id) continue;
            const selected = !pairs || pairs.some((p) => p.key === tag.data.key && (p.value === undefined || p.value === tag.data.value));
            if (!selected) continue;
            store.remove('tag', tag.id);
            entity.tags.delete(String(tag.data.key));
          }
          syncTagField(entity, store.all('tag'));
        }
        return success();
      },
    };
  },
};
