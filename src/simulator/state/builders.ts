/**
 * Response objects for each stateful kind, with the fields CloudStack fills and values that hang
 * together (a host names its zone, pod and cluster). Used by the seed, by `state.seed()` and by the
 * create handlers, so created and seeded things look alike.
 */
import type { JsonObject } from '../envelope.ts';
import type { Entity } from './store.ts';

const ref = (entity: Entity | undefined, idKey: string, nameKey: string): JsonObject =>
  entity ? { [idKey]: entity.id, [nameKey]: entity.data.name } : {};

export function zoneData(name: string, extra: JsonObject = {}): JsonObject {
  return {
    name,
    description: `${name} (simulated)`,
    dns1: '8.8.8.8',
    internaldns1: '10.0.0.2',
    guestcidraddress: '10.1.0.0/16',
    networktype: 'Advanced',
    securitygroupsenabled: false,
    allocationstate: 'Enabled',
    localstorageenabled: false,
    dhcpprovider: 'VirtualRouter',
    type: 'Core',
    tags: [],
    ...extra,
  };
}

export function podData(name: string, zone: Entity | undefined, extra: JsonObject = {}): JsonObject {
  return {
    name,
    ...ref(zone, 'zoneid', 'zonename'),
    gateway: '192.168.10.1',
    netmask: '255.255.255.0',
    startip: ['192.168.10.100'],
    endip: ['192.168.10.200'],
    allocationstate: 'Enabled',
    ...extra,
  };
}

export function clusterData(name: string, pod: Entity | undefined, extra: JsonObject = {}): JsonObject {
  return {
    name,
    ...ref(pod, 'podid', 'podname'),
    zoneid: pod?.data.zoneid,
    zonename: pod?.data.zonename,
    hypervisortype: 'KVM',
    clustertype: 'CloudManaged',
    allocationstate: 'Enabled',
    managedstate: 'Managed',
    cpuovercommitratio: '1.0',
    memoryovercommitratio: '1.0',
    ...extra,
  };
}

export function hostData(name: string, cluster: Entity | undefined, index: number, extra: JsonObject = {}): JsonObject {
  return {
    name,
    state: 'Up',
    type: 'Routing',
    ipaddress: `192.168.10.${10 + (index % 200)}`,
    zoneid: cluster?.data.zoneid,
    zonename: cluster?.data.zonename,
    podid: cluster?.data.podid,
    podname: cluster?.data.podname,
    ...ref(cluster, 'clusterid', 'clustername'),
    clustertype: 'CloudManaged',
    hypervisor: 'KVM',
    cpunumber: 16,
    cpuspeed: 2400,
    cpusockets: 2,
    memorytotal: 68719476736,
    resourcestate: 'Enabled',
    version: '4.20.2.0',
    islocalstorageactive: false,
    haenable: false,
    ...extra,
  };
}

export function serviceOfferingData(name: string, cpu: number, memoryMb: number, extra: JsonObject = {}): JsonObject {
  return {
    name,
    displaytext: `${name}: ${cpu} CPU, ${memoryMb} MB RAM`,
    cpunumber: cpu,
    cpuspeed: 1000,
    memory: memoryMb,
    storagetype: 'shared',
    provisioningtype: 'thin',
    offerha: false,
    limitcpuuse: false,
    isvolatile: false,
    issystem: false,
    iscustomized: false,
    defaultuse: false,
    state: 'Active',
    ...extra,
  };
}

export function diskOfferingData(name: string, sizeGb: number, extra: JsonObject = {}): JsonObject {
  return {
    name,
    displaytext: sizeGb > 0 ? `${name}: ${sizeGb} GB` : `${name}: custom size`,
    disksize: sizeGb,
    iscustomized: sizeGb === 0,
    storagetype: 'shared',
    provisioningtype: 'thin',
    displayoffering: true,
    state: 'Active',
    ...extra,
  };
}

export function templateData(name: string, zone: Entity | undefined, extra: JsonObject = {}): JsonObject {
  return {
    name,
    displaytext: name,
    ispublic: true,
    isready: true,
    isfeatured: true,
    isextractable: false,
    passwordenabled: true,
    format: 'QCOW2',
    hypervisor: 'KVM',
    ostypeid: '1d5e4f62-6c0c-4d4f-9a1e-1b2c3d4e5f60',
    ostypename: 'CentOS 8',
    templatetype: 'USER',
    status: 'Download Complete',
    size: 10737418240,
    ...ref(zone, 'zoneid', 'zonename'),
    crossZones: false,
    requireshvm: true,
    sshkeyenabled: true,
    bootable: true,
    tags: [],
    ...extra,
  };
}

export function isoData(name: string, zone: Entity | undefined, extra: JsonObject = {}): JsonObject {
  return {
    name,
    displaytext: name,
    ispublic: true,
    isready: true,
    isfeatured: false,
    isextractable: true,
    bootable: true,
    format: 'ISO',
    ostypeid: '1d5e4f62-6c0c-4d4f-9a1e-1b2c3d4e5f60',
    ostypename: 'CentOS 8',
    status: 'Successfully Installed',
    size: 1073741824,
    ...ref(zone, 'zoneid', 'zonename'),
    crossZones: false,
    tags: [],
    ...extra,
  };
}

export function networkOfferingData(name: string, extra: JsonObject = {}): JsonObject {
  return {
    name,
    displaytext: name,
    guestiptype: 'Isolated',
    traffictype: 'Guest',
    state: 'Enabled',
    isdefault: true,
    specifyvlan: false,
    specifyipranges: false,
    conservemode: true,
    forvpc: false,
    networkrate: 200,
    availability: 'Optional',
    service: [],
    ...extra,
  };
}

export function vpcOfferingData(name: string, extra: JsonObject = {}): JsonObject {
  return { name, displaytext: name, state: 'Enabled', isdefault: true, service: [], ...extra };
}

export function networkData(name: string, zone: Entity | undefined, offering: Entity | undefined, index: number, extra: JsonObject = {}): JsonObject {
  const octet = 1 + (index % 250);
  return {
    name,
    displaytext: name,
    ...ref(zone, 'zoneid', 'zonename'),
    ...ref(offering, 'networkofferingid', 'networkofferingname'),
    networkofferingdisplaytext: offering?.data.displaytext,
    type: 'Isolated',
    guestiptype: 'Isolated',
    traffictype: 'Guest',
    state: 'Implemented',
    cidr: `10.1.${octet}.0/24`,
    gateway: `10.1.${octet}.1`,
    netmask: '255.255.255.0',
    broadcastdomaintype: 'Vlan',
    dns1: '8.8.8.8',
    acltype: 'Account',
    restartrequired: false,
    specifyipranges: false,
    canusefordeploy: true,
    ispersistent: false,
    redundantrouter: false,
    service: [],
    tags: [],
    ...extra,
  };
}

/** Builds the data of `count` generic entities of a kind, for tests that need many (paging). */
export type SeedBuilder = (index: number, name: string) => JsonObject;
