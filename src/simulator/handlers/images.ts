/** Templates and ISOs: public ones are visible to every account, private ones to their owner. */
import { invalidParameterValue } from '../errors.ts';
import { isoData, templateData } from '../state/builders.ts';
import type { Entity } from '../state/store.ts';
import { applyUpdates, flag, objectAnswer, ownerForNew, param, removeWithTags, requireEntity, requireParam, success } from './common.ts';
import { listAnswer, visibleTo } from './listing.ts';
import type { CallContext, HandlerTable } from './types.ts';

/** `templatefilter`/`isofilter` (TemplateFilter): which images a list shows. */
function imageFilter(filterParam: string) {
  return (image: Entity, context: CallContext, explicitId: boolean): boolean => {
    const filter = (context.params.values.get(filterParam) ?? 'executable').toLowerCase();
    const own = image.owner?.accountId === context.caller.owner.accountId;
    const isPublic = image.data.ispublic === true;
    switch (filter) {
      case 'featured':
        return isPublic && image.data.isfeatured === true;
      case 'community':
        return isPublic && image.data.isfeatured !== true;
      case 'self':
        return own || (context.caller.role !== 'User' && visibleTo(image, context, explicitId) && explicitId);
      case 'all':
        return context.caller.role === 'Admin' || isPublic || visibleTo(image, context, explicitId);
      default: // executable, selfexecutable, sharedexecutable
        return isPublic || own || visibleTo(image, context, explicitId);
    }
  };
}

function register(context: CallContext, kind: 'template' | 'iso') {
  const owner = ownerForNew(context);
  const zoneId = param(context, 'zoneid');
  const zone = zoneId && zoneId !== '-1' ? requireEntity(context, 'zone', 'zoneid') : context.state.seeded.zone;
  const name = requireParam(context, 'name');
  const common = {
    displaytext: param(context, 'displaytext') ?? name,
    ispublic: flag(context, 'ispublic'),
    isfeatured: flag(context, 'isfeatured'),
    isextractable: flag(context, 'isextractable'),
    passwordenabled: flag(context, 'passwordenabled'),
    isready: true,
    ...(zoneId === '-1' ? { crossZones: true } : {}),
  };
  const data =
    kind === 'template'
      ? templateData(name, zone, { ...common, format: requireParam(context, 'format'), hypervisor: requireParam(context, 'hypervisor') })
      : isoData(name, zone, { ...common, bootable: flag(context, 'bootable', true) });
  const image = context.state.store.add(kind, data, owner);
  // register* answers in list shape (a list of the per-zone copies).
  return { kind: 'list' as const, key: kind, count: 1, items: [structuredClone(image.data)] };
}

function deleteImage(kind: 'template' | 'iso') {
  return (context: CallContext) => {
    const image = requireEntity(context, kind, 'id');
    if (context.caller.role === 'User' && image.owner?.accountId !== context.caller.owner.accountId) {
      throw invalidParameterValue(`Unable to delete ${kind} ${image.id}: it belongs to another account`);
    }
    return { deferred: true as const, instanceType: kind === 'iso' ? 'Iso' : 'Template', instanceId: image.id, work: () => {
      removeWithTags(context, image);
      return success();
    } };
  };
}

export const imageHandlers: HandlerTable = {
  listTemplates: (context) =>
    listAnswer(context, {
      kind: 'template',
      ignore: ['templatefilter', 'hypervisor', 'showremoved', 'showunique', 'imagestoreid', 'storageid', 'isvnf', 'arch', 'parenttemplateid'],
      visibility: imageFilter('templatefilter'),
    }),
  registerTemplate: (context) => register(context, 'template'),
  updateTemplate(context) {
    const template = requireEntity(context, 'template', 'id');
    applyUpdates(context, template, ['name', 'displaytext', 'format', 'ostypeid', 'templatetype'], ['passwordenabled', 'bootable', 'sshkeyenabled', 'requireshvm', 'isdynamicallyscalable']);
    return objectAnswer(context, template);
  },
  deleteTemplate: deleteImage('template'),

  listIsos: (context) =>
    listAnswer(context, {
      kind: 'iso',
      ignore: ['isofilter', 'hypervisor', 'showremoved', 'showunique', 'imagestoreid', 'storageid', 'arch'],
      visibility: imageFilter('isofilter'),
    }),
  registerIso: (context) => register(context, 'iso'),
  updateIso(context) {
    const iso = requireEntity(context, 'iso', 'id');
    applyUpdates(context, iso, ['name', 'displaytext', 'ostypeid'], ['bootable']);
    return objectAnswer(context, iso);
  },
  deleteIso: deleteImage('iso'),
  attachIso(context) {
    const iso = requireEntity(context, 'iso', 'id');
    const vm = requireEntity(context, 'virtualmachine', 'virtualmachineid');
    return {
      deferred: true,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      work: () => {
        if (vm.data.isoid) throw invalidParameterValue(`An ISO is already attached to VM ${String(vm.data.name)}`);
        Object.assign(vm.data, { isoid: iso.id, isoname: iso.data.name, isodisplaytext: iso.data.displaytext });
        return objectAnswer(context, vm);
      },
    };
  },
  detachIso(context) {
    const vm = requireEntity(context, 'virtualmachine', 'virtualmachineid');
    return {
      deferred: true,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      work: () => {
        if (!vm.data.isoid) throw invalidParameterValue(`No ISO is attached to VM ${String(vm.data.name)}`);
        for (const key of ['isoid', 'isoname', 'isodisplaytext']) delete vm.data[key];
        return objectAnswer(context, vm);
      },
    };
  },
};

