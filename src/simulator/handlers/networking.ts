/**
 * Guest networks, VPCs, public IP addresses and the rules on them (firewall, port forwarding,
 * egress). Rules need an IP or network the caller owns; deleting a network with VMs is refused.
 */
import { invalidParameterValue, resourceInUse } from '../errors.ts';
import { networkData } from '../state/builders.ts';
import type { Entity } from '../state/store.ts';
import type { JsonObject } from '../envelope.ts';
import { applyUpdates, objectAnswer, optionalEntity, ownerForNew, param, removeWithTags, requireEntity, requireParam, success } from './common.ts';
import { listAnswer } from './listing.ts';
import type { CallContext, DeferredWork, HandlerTable } from './types.ts';

function deferredCreate(context: CallContext, entity: Entity, instanceType: string, ready: () => void): DeferredWork {
  return {
    deferred: true,
    id: entity.id,
    instanceType,
    instanceId: entity.id,
    work: () => {
      ready();
      return objectAnswer(context, entity);
    },
    onFailure: () => removeWithTags(context, entity),
  };
}

function deferredDelete(context: CallContext, entity: Entity, instanceType: string, check: () => void = () => {}): DeferredWork {
  return {
    deferred: true,
    instanceType,
    instanceId: entity.id,
    work: () => {
      check();
      removeWithTags(context, entity);
      return success();
    },
  };
}

function nextPublicIp(context: CallContext): string {
  const used = new Set(context.state.store.all('publicipaddress').map((ip) => ip.data.ipaddress));
  for (let i = 10; i < 250; i++) {
    const candidate = `203.0.113.${i}`;
    if (!used.has(candidate)) return candidate;
  }
  throw new Error('no free public IP address left in 203.0.113.0/24');
}

function cidrList(context: CallContext): string {
  return param(context, 'cidrlist') ?? '0.0.0.0/0';
}

function ruleData(context: CallContext, extra: JsonObject): JsonObject {
  const protocol = requireParam(context, 'protocol').toLowerCase();
  return {
    protocol,
    ...(param(context, 'startport') ? { startport: Number(param(context, 'startport')) } : {}),
    ...(param(context, 'endport') ? { endport: Number(param(context, 'endport') ?? param(context, 'startport')) } : {}),
    ...(param(context, 'icmptype') ? { icmptype: Number(param(context, 'icmptype')) } : {}),
    ...(param(context, 'icmpcode') ? { icmpcode: Number(param(context, 'icmpcode')) } : {}),
    cidrlist: cidrList(context),
    state: 'Add',
    fordisplay: true,
    tags: [],
    ...extra,
  };
}

const ACTIVE = () => 'Active';

export const networkingHandlers: HandlerTable = {
  listNetworks: (context) =>
    listAnswer(context, {
      kind: 'network',
      ignore: ['networkfilter', 'supportedservices', 'physicalnetworkid', 'issystem', 'forvpc', 'displaynetwork', 'associatednetworkid'],
      extraFilter: (network, ctx) => {
        const forVpc = ctx.params.values.get('forvpc');
        return forVpc === undefined || (forVpc.toLowerCase() === 'true') === (network.data.vpcid !== undefined);
      },
    }),
  createNetwork(context) {
    const { state } = context;
    const zone = requireEntity(context, 'zone', 'zoneid');
    const offering = requireEntity(context, 'networkoffering', 'networkofferingid');
    const vpc = optionalEntity(context, 'vpc', 'vpcid');
    const index = state.store.all('network').length + 1;
    const data = networkData(requireParam(context, 'name'), zone, offering, index, {
      displaytext: param(context, 'displaytext') ?? requireParam(context, 'name'),
      state: 'Allocated',
      ...(vpc ? { vpcid: vpc.id, vpcname: vpc.data.name } : {}),
    });
    if (param(context, 'gateway')) data.gateway = param(context, 'gateway');
    if (param(context, 'netmask')) data.netmask = param(context, 'netmask');
    const network = state.store.add('network', data, ownerForNew(context));
    return objectAnswer(context, network);
  },
  updateNetwork(context) {
    const network = requireEntity(context, 'network', 'id');
    return {
      deferred: true,
      instanceType: 'Network',
      instanceId: network.id,
      work: () => {
        applyUpdates(context, network, ['name', 'displaytext', 'networkdomain', 'dns1', 'dns2']);
        return objectAnswer(context, network);
      },
    };
  },
  deleteNetwork(context) {
    const network = requireEntity(context, 'network', 'id');
    return deferredDelete(context, network, 'Network', () => {
      const inUse = context.state.store
        .all('virtualmachine')
        .some((vm) => (vm.data.nic as JsonObject[]).some((nic) => nic.networkid === network.id));
      if (inUse && param(context, 'forced') !== 'true') {
        throw resourceInUse(`Can't delete the network, not all user vms are expunged. Vm ${network.data.name} is in use`);
      }
    });
  },
  restartNetwork(context) {
    const network = requireEntity(context, 'network', 'id');
    return { deferred: true, instanceType: 'Network', instanceId: network.id, work: () => success() };
  },

  listVPCs: (context) => listAnswer(context, { kind: 'vpc', ignore: ['supportedservices', 'fordisplay'] }),
  createVPC(context) {
    const zone = requireEntity(context, 'zone', 'zoneid');
    const offering = requireEntity(context, 'vpcoffering', 'vpcofferingid');
    const name = requireParam(context, 'name');
    const vpc = context.state.store.add(
      'vpc',
      {
        name,
        displaytext: param(context, 'displaytext') ?? name,
        zoneid: zone.id,
        zonename: zone.data.name,
        vpcofferingid: offering.id,
        vpcofferingname: offering.data.name,
        cidr: param(context, 'cidr') ?? '10.10.0.0/16',
        state: 'Enabled',
        restartrequired: false,
        redundantvpcrouter: false,
        regionlevelvpc: false,
        distributedvpcrouter: false,
        fordisplay: true,
        network: [],
        service: [],
        tags: [],
      },
      ownerForNew(context),
    );
    return deferredCreate(context, vpc, 'Vpc', () => {});
  },
  updateVPC(context) {
    const vpc = requireEntity(context, 'vpc', 'id');
    return {
      deferred: true,
      instanceType: 'Vpc',
      instanceId: vpc.id,
      work: () => {
        applyUpdates(context, vpc, ['name', 'displaytext']);
        return objectAnswer(context, vpc);
      },
    };
  },
  deleteVPC(context) {
    const vpc = requireEntity(context, 'vpc', 'id');
    return deferredDelete(context, vpc, 'Vpc', () => {
      if (context.state.store.all('network').some((n) => n.data.vpcid === vpc.id)) {
        throw resourceInUse(`Unable to delete VPC ${String(vpc.data.name)}: it still has networks`);
      }
    });
  },

  listPublicIpAddresses: (context) =>
    listAnswer(context, {
      kind: 'publicipaddress',
      fieldFor: { networkid: 'associatednetworkid' },
      ignore: ['allocatedonly', 'forloadbalancing', 'forsystemvms', 'physicalnetworkid', 'fordisplay', 'vlanid'],
    }),
  associateIpAddress(context) {
    const network = optionalEntity(context, 'network', 'networkid');
    const vpc = optionalEntity(context, 'vpc', 'vpcid');
    const zone = optionalEntity(context, 'zone', 'zoneid') ?? (network ? context.state.store.get('zone', String(network.data.zoneid)) : undefined);
    if (!network && !vpc && !zone) throw invalidParameterValue('Either networkId, vpcId or zoneId has to be specified');
    const requested = param(context, 'ipaddress');
    if (requested && context.state.store.all('publicipaddress').some((ip) => ip.data.ipaddress === requested)) {
      throw invalidParameterValue(`IP address ${requested} is already in use`);
    }
    const ip = context.state.store.add(
      'publicipaddress',
      {
        ipaddress: requested ?? nextPublicIp(context),
        allocated: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'),
        zoneid: zone?.id ?? network?.data.zoneid,
        zonename: zone?.data.name ?? network?.data.zonename,
        issourcenat: false,
        isstaticnat: false,
        issystem: false,
        isportable: false,
        forvirtualnetwork: true,
        state: 'Allocating',
        ...(network ? { associatednetworkid: network.id, associatednetworkname: network.data.name } : {}),
        ...(vpc ? { vpcid: vpc.id, vpcname: vpc.data.name } : {}),
        fordisplay: true,
        tags: [],
      },
      ownerForNew(context),
    );
    return deferredCreate(context, ip, 'IpAddress', () => {
      ip.data.state = 'Allocated';
    });
  },
  disassociateIpAddress(context) {
    if (param(context, 'id') === undefined && param(context, 'ipaddress') === undefined) {
      throw invalidParameterValue('Either IP address or IP address ID is required');
    }
    const ip = param(context, 'id')
      ? requireEntity(context, 'publicipaddress', 'id')
      : context.state.store.all('publicipaddress').find((candidate) => candidate.data.ipaddress === param(context, 'ipaddress'));
    if (!ip) throw invalidParameterValue(`Unable to find IP address ${param(context, 'ipaddress') ?? ''}`);
    return deferredDelete(context, ip, 'IpAddress', () => {
      for (const kind of ['firewallrule', 'portforwardingrule']) {
        for (const rule of context.state.store.all(kind)) if (rule.data.ipaddressid === ip.id) removeWithTags(context, rule);
      }
    });
  },

  listFirewallRules: (context) => listAnswer(context, { kind: 'firewallrule', ignore: ['fordisplay'] }),
  createFirewallRule(context) {
    const ip = requireEntity(context, 'publicipaddress', 'ipaddressid');
    const rule = context.state.store.add(
      'firewallrule',
      ruleData(context, { ipaddressid: ip.id, ipaddress: ip.data.ipaddress, networkid: ip.data.associatednetworkid }),
      ip.owner,
    );
    return deferredCreate(context, rule, 'FirewallRule', () => {
      rule.data.state = ACTIVE();
    });
  },
  deleteFirewallRule(context) {
    return deferredDelete(context, requireEntity(context, 'firewallrule', 'id'), 'FirewallRule');
  },

  listPortForwardingRules: (context) => listAnswer(context, { kind: 'portforwardingrule', ignore: ['fordisplay'] }),
  createPortForwardingRule(context) {
    const ip = requireEntity(context, 'publicipaddress', 'ipaddressid');
    const vm = requireEntity(context, 'virtualmachine', 'virtualmachineid');
    const publicPort = Number(requireParam(context, 'publicport'));
    const protocol = requireParam(context, 'protocol').toLowerCase();
    const conflict = context.state.store
      .all('portforwardingrule')
      .find((r) => r.data.ipaddressid === ip.id && r.data.protocol === protocol && Number(r.data.publicport) === publicPort);
    if (conflict) {
      throw invalidParameterValue(`The range specified, ${publicPort}-${publicPort}, conflicts with rule ${conflict.id} which has ${publicPort}-${publicPort}`);
    }
    const nic = (vm.data.nic as JsonObject[])[0];
    const rule = context.state.store.add(
      'portforwardingrule',
      {
        ipaddressid: ip.id,
        ipaddress: ip.data.ipaddress,
        protocol,
        publicport: String(publicPort),
        publicendport: param(context, 'publicendport') ?? String(publicPort),
        privateport: requireParam(context, 'privateport'),
        privateendport: param(context, 'privateendport') ?? requireParam(context, 'privateport'),
        virtualmachineid: vm.id,
        virtualmachinename: vm.data.name,
        virtualmachinedisplayname: vm.data.displayname,
        vmguestip: param(context, 'vmguestip') ?? nic?.ipaddress ?? '10.1.1.10',
        networkid: param(context, 'networkid') ?? nic?.networkid ?? ip.data.associatednetworkid,
        cidrlist: cidrList(context),
        state: 'Add',
        fordisplay: true,
        tags: [],
      },
      ip.owner,
    );
    return deferredCreate(context, rule, 'FirewallRule', () => {
      rule.data.state = ACTIVE();
    });
  },
  deletePortForwardingRule(context) {
    return deferredDelete(context, requireEntity(context, 'portforwardingrule', 'id'), 'FirewallRule');
  },

  listEgressFirewallRules: (context) => listAnswer(context, { kind: 'egressfirewallrule', key: 'firewallrule', ignore: ['fordisplay'] }),
  createEgressFirewallRule(context) {
    const network = requireEntity(context, 'network', 'networkid');
    const rule = context.state.store.add(
      'egressfirewallrule',
      ruleData(context, { networkid: network.id, traffictype: 'Egress', destcidrlist: param(context, 'destcidrlist') ?? '' }),
      network.owner,
    );
    return deferredCreate(context, rule, 'FirewallRule', () => {
      rule.data.state = ACTIVE();
    });
  },
  deleteEgressFirewallRule(context) {
    return deferredDelete(context, requireEntity(context, 'egressfirewallrule', 'id'), 'FirewallRule');
  },
};
