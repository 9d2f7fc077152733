/** Volumes (create, attach, detach, resize, delete) and volume snapshots. */
import { invalidParameterValue, resourceInUse } from '../errors.ts';
import { attachVolume, detachVolume, nextDeviceId, volumeData } from '../state/compute.ts';
import type { Entity } from '../state/store.ts';
import { flag, objectAnswer, optionalEntity, ownerForNew, param, removeWithTags, requireEntity, success } from './common.ts';
import { listAnswer } from './listing.ts';
import type { CallContext, DeferredWork, HandlerTable } from './types.ts';

const GIB = 1024 ** 3;

function volumeJob(context: CallContext, volume: Entity, work: () => void): DeferredWork {
  return {
    deferred: true,
    instanceType: 'Volume',
    instanceId: volume.id,
    work: () => {
      work();
      return objectAnswer(context, volume, 'volume');
    },
  };
}

export const storageHandlers: HandlerTable = {
  listVolumes: (context) =>
    listAnswer(context, {
      kind: 'volume',
      ignore: ['hostid', 'podid', 'clusterid', 'storageid', 'serviceofferingid', 'listsystemvms', 'isencrypted', 'displayvolume'],
    }),
  createVolume(context) {
    const { state } = context;
    const snapshot = optionalEntity(context, 'snapshot', 'snapshotid');
    const offering = optionalEntity(context, 'diskoffering', 'diskofferingid');
    if (!snapshot && !offering) {
      throw invalidParameterValue('Either disk Offering Id or snapshot Id must be passed whilst creating volume');
    }
    const vm = optionalEntity(context, 'virtualmachine', 'virtualmachineid');
    const zoneId = param(context, 'zoneid') ?? (vm?.data.zoneid as string | undefined) ?? (snapshot?.data.zoneid as string | undefined);
    const zone = zoneId ? state.store.get('zone', zoneId) : undefined;
    if (!zone) throw invalidParameterValue('Please specify a zone id (zoneid) for the volume');
    let sizeGb = Number(offering?.data.disksize ?? 0);
    if (offering?.data.iscustomized === true) {
      const size = param(context, 'size');
      if (size === undefined) throw invalidParameterValue('This disk offering requires a custom size specified');
      sizeGb = Number(size);
    }
    const sizeBytes = snapshot ? Number(snapshot.data.virtualsize ?? GIB) : sizeGb * GIB;
    const volume = state.store.add(
      'volume',
      volumeData(param(context, 'name') ?? `DATA-${state.store.all('volume').length + 1}`, zone, 'DATADISK', sizeBytes, {
        state: 'Allocated',
        ...(offering ? { diskofferingid: offering.id, diskofferingname: offering.data.name, diskofferingdisplaytext: offering.data.displaytext } : {}),
      }),
      ownerForNew(context),
    );
    return {
      ...volumeJob(context, volume, () => {
        volume.data.state = 'Ready';
        if (vm) attachVolume(volume, vm, nextDeviceId(state.store, vm));
      }),
      id: volume.id,
      onFailure: () => removeWithTags(context, volume),
    };
  },
  attachVolume(context) {
    const volume = requireEntity(context, 'volume', 'id');
    const vm = requireEntity(context, 'virtualmachine', 'virtualmachineid');
    return volumeJob(context, volume, () => {
      if (volume.data.virtualmachineid) {
        throw invalidParameterValue(`Volume ${String(volume.data.name)} is already attached to VM ${String(volume.data.vmname)}`);
      }
      if (!['Running', 'Stopped'].includes(String(vm.data.state))) {
        throw invalidParameterValue(`Please specify a VM that is either running or stopped.`);
      }
      const deviceId = param(context, 'deviceid');
      attachVolume(volume, vm, deviceId !== undefined ? Number(deviceId) : nextDeviceId(context.state.store, vm));
      volume.data.state = 'Ready';
    });
  },
  detachVolume(context) {
    const vmId = param(context, 'virtualmachineid');
    const deviceId = param(context, 'deviceid');
    if (param(context, 'id') === undefined && (vmId === undefined || deviceId === undefined)) {
      throw invalidParameterValue('Please provide either a volume id, or a tuple(device id, instance id)');
    }
    const volume = param(context, 'id')
      ? requireEntity(context, 'volume', 'id')
      : context.state.store.all('volume').find((v) => v.data.virtualmachineid === vmId && String(v.data.deviceid) === deviceId);
    if (!volume) throw invalidParameterValue('Unable to find volume with the given virtual machine id and device id');
    return volumeJob(context, volume, () => {
      if (!volume.data.virtualmachineid) throw invalidParameterValue('Please specify a volume that is attached to a VM.');
      if (volume.data.type === 'ROOT') throw invalidParameterValue('Please specify a VM that is not a root disk (ROOT volumes cannot be detached)');
      detachVolume(volume);
    });
  },
  resizeVolume(context) {
    const volume = requireEntity(context, 'volume', 'id');
    const offering = optionalEntity(context, 'diskoffering', 'diskofferingid');
    const size = param(context, 'size');
    return volumeJob(context, volume, () => {
      const newBytes = size !== undefined ? Number(size) * GIB : Number(offering?.data.disksize ?? 0) * GIB;
      if (newBytes <= 0) throw invalidParameterValue('Please specify a new size (size) or a disk offering with a size');
      if (newBytes < Number(volume.data.size) && !flag(context, 'shrinkok')) {
        throw invalidParameterValue(`Going from existing size of ${String(volume.data.size)} to size of ${newBytes} would shrink the volume. Need to sign off by supplying the shrinkok parameter with value of true.`);
      }
      volume.data.size = newBytes;
      if (offering) Object.assign(volume.data, { diskofferingid: offering.id, diskofferingname: offering.data.name });
    });
  },
  deleteVolume(context) {
    const volume = requireEntity(context, 'volume', 'id');
    if (volume.data.virtualmachineid) {
      throw resourceInUse(`Unable to delete volume ${String(volume.data.name)}: it is attached to VM ${String(volume.data.vmname)}; please detach it first`);
    }
    removeWithTags(context, volume);
    return success();
  },

  listSnapshots: (context) =>
    listAnswer(context, { kind: 'snapshot', ignore: ['imagestoreid', 'storageid', 'showunique', 'locationtype', 'zoneid'] }),
  createSnapshot(context) {
    const volume = requireEntity(context, 'volume', 'volumeid');
    const snapshot = context.state.store.add(
      'snapshot',
      {
        name: param(context, 'name') ?? `${String(volume.data.vmname ?? 'detached')}_${String(volume.data.name)}_${Date.now()}`,
        volumeid: volume.id,
        volumename: volume.data.name,
        volumetype: volume.data.type,
        zoneid: volume.data.zoneid,
        zonename: volume.data.zonename,
        snapshottype: 'MANUAL',
        intervaltype: 'MANUAL',
        state: 'Creating',
        locationtype: 'PRIMARY',
        physicalsize: volume.data.size,
        virtualsize: volume.data.size,
        revertable: true,
        tags: [],
      },
      ownerForNew(context),
    );
    return {
      deferred: true,
      id: snapshot.id,
      instanceType: 'Snapshot',
      instanceId: snapshot.id,
      work: () => {
        snapshot.data.state = 'BackedUp';
        return objectAnswer(context, snapshot, 'snapshot');
      },
      onFailure: () => {
        snapshot.data.state = 'Error';
      },
    };
  },
  deleteSnapshot(context) {
    const snapshot = requireEntity(context, 'snapshot', 'id');
    return {
      deferred: true,
      instanceType: 'Snapshot',
      instanceId: snapshot.id,
      work: () => {
        removeWithTags(context, snapshot);
        return success();
      },
    };
  },
};
