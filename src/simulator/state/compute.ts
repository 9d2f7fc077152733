/**
 * Virtual machines and their volumes: the response objects and the state machine CloudStack's
 * VirtualMachine.State follows for the operations the simulator models.
 */
import type { JsonObject } from '../envelope.ts';
import { invalidParameterValue } from '../errors.ts';
import type { Entity, EntityStore, Owner } from './store.ts';

export type VmState = 'Starting' | 'Running' | 'Stopping' | 'Stopped' | 'Destroyed' | 'Expunging' | 'Error';

export type VmOperation = 'start' | 'stop' | 'reboot' | 'destroy' | 'recover' | 'expunge';

/**
 * Per operation: the states it runs from, and the states in which CloudStack treats it as already
 * done (VirtualMachineManagerImpl: "VM is already started/stopped", destroy of a destroyed VM).
 * Any other state is refused with an InvalidParameterValueException (431).
 */
const TRANSITIONS: Record<VmOperation, { from: VmState[]; alreadyDone: VmState[] }> = {
  start: { from: ['Stopped'], alreadyDone: ['Running', 'Starting'] },
  stop: { from: ['Running'], alreadyDone: ['Stopped', 'Stopping'] },
  reboot: { from: ['Running'], alreadyDone: [] },
  destroy: { from: ['Running', 'Stopped', 'Error'], alreadyDone: ['Destroyed'] },
  recover: { from: ['Destroyed'], alreadyDone: [] },
  expunge: { from: ['Destroyed'], alreadyDone: [] },
};

/** `run`: do the transition; `noop`: already in the target state. Throws on an illegal transition. */
export function checkVmTransition(vm: Entity, operation: VmOperation): 'run' | 'noop' {
  const state = vm.data.state as VmState;
  const rule = TRANSITIONS[operation];
  if (rule.from.includes(state)) return 'run';
  if (rule.alreadyDone.includes(state)) return 'noop';
  throw invalidParameterValue(
    `Unable to ${operation} VM ${String(vm.data.name)} (${vm.id}): it is in state ${state}; ` +
      `${operation} needs state ${rule.from.join(' or ')}`,
  );
}

export interface VmSpec {
  name: string;
  displayname?: string;
  zone: Entity;
  serviceOffering: Entity;
  template: Entity;
  network?: Entity;
  host?: Entity;
  state: VmState;
  ipIndex: number;
  keypair?: string;
  group?: string;
}

export function vmData(spec: VmSpec): JsonObject {
  const ip = `10.1.1.${10 + (spec.ipIndex % 240)}`;
  const nic: JsonObject[] = spec.network
    ? [
        {
          id: crypto.randomUUID(),
          networkid: spec.network.id,
          networkname: spec.network.data.name,
          ipaddress: ip,
          netmask: '255.255.255.0',
          gateway: '10.1.1.1',
          isdefault: true,
          traffictype: 'Guest',
          type: 'Isolated',
          macaddress: `02:00:4c:${hex(spec.ipIndex >> 16)}:${hex(spec.ipIndex >> 8)}:${hex(spec.ipIndex)}`,
        },
      ]
    : [];
  return {
    name: spec.name,
    displayname: spec.displayname ?? spec.name,
    instancename: `i-2-${spec.ipIndex + 100}-VM`,
    state: spec.state,
    haenable: false,
    zoneid: spec.zone.id,
    zonename: spec.zone.data.name,
    templateid: spec.template.id,
    templatename: spec.template.data.name,
    templatedisplaytext: spec.template.data.displaytext,
    passwordenabled: spec.template.data.passwordenabled === true,
    serviceofferingid: spec.serviceOffering.id,
    serviceofferingname: spec.serviceOffering.data.name,
    cpunumber: spec.serviceOffering.data.cpunumber,
    cpuspeed: spec.serviceOffering.data.cpuspeed,
    memory: spec.serviceOffering.data.memory,
    guestosid: spec.template.data.ostypeid,
    ostypename: spec.template.data.ostypename,
    hypervisor: 'KVM',
    rootdevicetype: 'ROOT',
    rootdeviceid: 0,
    isdynamicallyscalable: false,
    ...(spec.keypair ? { keypairs: spec.keypair } : {}),
    ...(spec.group ? { group: spec.group } : {}),
    ...(spec.state === 'Running' && spec.host ? hostFields(spec.host) : {}),
    nic,
    ...(spec.network ? { ipaddress: ip } : {}),
    securitygroup: [],
    affinitygroup: [],
    tags: [],
  };
}

function hex(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

export function hostFields(host: Entity): JsonObject {
  return { hostid: host.id, hostname: host.data.name };
}

export function volumeData(
  name: string,
  zone: Entity,
  type: 'ROOT' | 'DATADISK',
  sizeBytes: number,
  extra: JsonObject = {},
): JsonObject {
  return {
    name,
    zoneid: zone.id,
    zonename: zone.data.name,
    type,
    size: sizeBytes,
    state: 'Ready',
    storagetype: 'shared',
    provisioningtype: 'thin',
    hypervisor: 'KVM',
    destroyed: false,
    isextractable: false,
    storage: 'Primary1',
    tags: [],
    ...extra,
  };
}

export function attachVolume(volume: Entity, vm: Entity, deviceId: number): void {
  Object.assign(volume.data, {
    virtualmachineid: vm.id,
    vmname: vm.data.name,
    vmdisplayname: vm.data.displayname,
    vmstate: vm.data.state,
    deviceid: deviceId,
    attached: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'),
  });
}

export function detachVolume(volume: Entity): void {
  for (const key of ['virtualmachineid', 'vmname', 'vmdisplayname', 'vmstate', 'deviceid', 'attached']) {
    delete volume.data[key];
  }
}

/** Volumes attached to a VM see its state (`vmstate`); keep them in step. */
export function syncVmVolumes(store: EntityStore, vm: Entity): void {
  for (const volume of store.all('volume')) {
    if (volume.data.virtualmachineid === vm.id) volume.data.vmstate = vm.data.state;
  }
}

export function nextDeviceId(store: EntityStore, vm: Entity): number {
  const used = new Set(
    store
      .all('volume')
      .filter((v) => v.data.virtualmachineid === vm.id)
      .map((v) => Number(v.data.deviceid)),
  );
  let id = 1;
  while (used.has(id) || id === 3) id++; // device 3 is the CD-ROM on KVM
  return id;
}

export function createRootVolume(store: EntityStore, vm: Entity, zone: Entity, template: Entity, owner: Owner): Entity {
  const volume = store.add(
    'volume',
    volumeData(`ROOT-${vm.internalId}`, zone, 'ROOT', Number(template.data.size ?? 10737418240), {
      templateid: template.id,
      templatename: template.data.name,
    }),
    owner,
  );
  attachVolume(volume, vm, 0);
  return volume;
}
