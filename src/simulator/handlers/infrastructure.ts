/** Zones, pods, clusters and hosts: the physical cloud, admin-managed and unowned. */
import { clusterData, hostData, podData, zoneData } from '../state/builders.ts';
import { invalidParameterValue, resourceInUse } from '../errors.ts';
import { applyUpdates, objectAnswer, optionalEntity, param, removeWithTags, requireEntity, requireParam, success } from './common.ts';
import { listAnswer } from './listing.ts';
import type { CallContext, HandlerTable } from './types.ts';
import type { Entity } from '../state/store.ts';

function assertUnused(context: CallContext, entity: Entity, childKinds: string[], field: string): void {
  for (const kind of childKinds) {
    if (context.state.store.all(kind).some((child) => child.data[field] === entity.id)) {
      throw resourceInUse(`The ${entity.kind} ${String(entity.data.name)} (${entity.id}) is in use by one or more ${kind}s`);
    }
  }
}

export const infrastructureHandlers: HandlerTable = {
  listZones: (context) => listAnswer(context, { kind: 'zone', ignore: ['available'] }),
  createZone(context) {
    const zone = context.state.store.add(
      'zone',
      zoneData(requireParam(context, 'name'), {
        networktype: param(context, 'networktype') ?? 'Advanced',
        dns1: requireParam(context, 'dns1'),
        internaldns1: requireParam(context, 'internaldns1'),
        ...(param(context, 'guestcidraddress') ? { guestcidraddress: param(context, 'guestcidraddress') } : {}),
        allocationstate: param(context, 'allocationstate') ?? 'Enabled',
      }),
    );
    return objectAnswer(context, zone);
  },
  updateZone(context) {
    const zone = requireEntity(context, 'zone', 'id');
    applyUpdates(context, zone, ['name', 'dns1', 'dns2', 'internaldns1', 'internaldns2', 'allocationstate', 'guestcidraddress', 'domain']);
    return objectAnswer(context, zone);
  },
  deleteZone(context) {
    const zone = requireEntity(context, 'zone', 'id');
    assertUnused(context, zone, ['pod', 'network', 'virtualmachine'], 'zoneid');
    removeWithTags(context, zone);
    return success();
  },

  listPods: (context) => listAnswer(context, { kind: 'pod' }),
  createPod(context) {
    const zone = requireEntity(context, 'zone', 'zoneid');
    const pod = context.state.store.add(
      'pod',
      podData(requireParam(context, 'name'), zone, {
        gateway: param(context, 'gateway') ?? '192.168.20.1',
        netmask: param(context, 'netmask') ?? '255.255.255.0',
        ...(param(context, 'startip') ? { startip: [param(context, 'startip')] } : {}),
        ...(param(context, 'endip') ? { endip: [param(context, 'endip')] } : {}),
        allocationstate: param(context, 'allocationstate') ?? 'Enabled',
      }),
    );
    return objectAnswer(context, pod);
  },
  updatePod(context) {
    const pod = requireEntity(context, 'pod', 'id');
    applyUpdates(context, pod, ['name', 'gateway', 'netmask', 'allocationstate']);
    return objectAnswer(context, pod);
  },
  deletePod(context) {
    const pod = requireEntity(context, 'pod', 'id');
    assertUnused(context, pod, ['cluster', 'host'], 'podid');
    removeWithTags(context, pod);
    return success();
  },

  listClusters: (context) => listAnswer(context, { kind: 'cluster', fieldFor: { hypervisor: 'hypervisortype' } }),
  addCluster(context) {
    const pod = requireEntity(context, 'pod', 'podid');
    const cluster = context.state.store.add(
      'cluster',
      clusterData(requireParam(context, 'clustername'), pod, {
        hypervisortype: requireParam(context, 'hypervisor'),
        clustertype: requireParam(context, 'clustertype'),
        allocationstate: param(context, 'allocationstate') ?? 'Enabled',
      }),
    );
    // addCluster answers with a list of the clusters it added.
    return { kind: 'list', key: context.api.responseKey ?? 'cluster', count: 1, items: [structuredClone(cluster.data)] };
  },
  updateCluster(context) {
    const cluster = requireEntity(context, 'cluster', 'id');
    applyUpdates(context, cluster, ['clustername', 'allocationstate', 'managedstate']);
    if (param(context, 'clustername')) cluster.data.name = param(context, 'clustername');
    delete cluster.data.clustername;
    return objectAnswer(context, cluster);
  },
  deleteCluster(context) {
    const cluster = requireEntity(context, 'cluster', 'id');
    assertUnused(context, cluster, ['host'], 'clusterid');
    removeWithTags(context, cluster);
    return success();
  },

  listHosts: (context) =>
    listAnswer(context, { kind: 'host', fieldFor: { hypervisor: 'hypervisor' }, ignore: ['virtualmachineid', 'outofbandmanagementenabled', 'outofbandmanagementpowerstate', 'hahost'] }),
  addHost(context) {
    const pod = requireEntity(context, 'pod', 'podid');
    const cluster = optionalEntity(context, 'cluster', 'clusterid') ?? context.state.store.all('cluster').find((c) => c.data.podid === pod.id);
    if (!cluster) throw invalidParameterValue(`Pod ${pod.id} has no cluster: specify clusterid or clustername`);
    const url = requireParam(context, 'url');
    const name = url.replace(/^[a-z]+:\/\//, '').replace(/[/:].*$/, '') || 'host';
    const host = context.state.store.add(
      'host',
      hostData(name, cluster, context.state.store.all('host').length + 1, { hypervisor: requireParam(context, 'hypervisor') }),
    );
    return { kind: 'list', key: context.api.responseKey ?? 'host', count: 1, items: [structuredClone(host.data)] };
  },
  updateHost(context) {
    const host = requireEntity(context, 'host', 'id');
    applyUpdates(context, host, ['name', 'hosttags', 'allocationstate']);
    const allocation = param(context, 'allocationstate');
    if (allocation) host.data.resourcestate = allocation === 'Disable' ? 'Disabled' : 'Enabled';
    delete host.data.allocationstate;
    return objectAnswer(context, host);
  },
  deleteHost(context) {
    const host = requireEntity(context, 'host', 'id');
    if (context.state.store.all('virtualmachine').some((vm) => vm.data.hostid === host.id)) {
      throw resourceInUse(`Unable to delete host ${host.id}: it has running virtual machines`);
    }
    removeWithTags(context, host);
    return success();
  },
};
