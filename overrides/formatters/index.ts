/**
 * Custom formatters: how the entities operators look at most are rendered as text. A key is an API
 * name (`queryAsyncJobResult`) or a response type, the entity's key in the answer (`virtualmachine`,
 * `volume`; matched without regard to case, so `vmSnapshot` finds `vmsnapshot`). The API name wins.
 * Answers no entry covers get the default rendering (src/format/render.ts). How to write one:
 * docs/formatters.md. test/format/formatters.test.ts checks every key and renders every template.
 */

/** A list column: a field shown as is, or a header with a one-line handlebars cell template. */
export type FormatterColumn = string | { readonly header: string; readonly cell: string };

export interface EntityFormatter {
  /** A list's table, in order; columns no row has a value for are left out. */
  readonly columns: readonly FormatterColumn[];
  /** A single entity: a handlebars file of this folder writing `label: value` lines (empty values are dropped). */
  readonly template: string;
}

const cell = (header: string, template: string): FormatterColumn => ({ header, cell: template });

const virtualMachine: EntityFormatter = {
  columns: ['name', 'state', cell('ip', '{{nicAddresses nic}}'), 'hostname', 'serviceofferingname', 'zonename', 'id'],
  template: 'virtualmachine.hbs',
};
const volume: EntityFormatter = {
  columns: ['name', 'state', 'type', cell('size', '{{bytes size}}'), 'vmname', 'storage', 'zonename', 'id'],
  template: 'volume.hbs',
};
const snapshot: EntityFormatter = {
  columns: ['name', 'state', 'snapshottype', 'volumename', cell('size', '{{bytes physicalsize}}'), cell('created', '{{date created}}'), 'id'],
  template: 'snapshot.hbs',
};
const vmSnapshot: EntityFormatter = {
  columns: ['displayname', 'state', 'type', 'virtualmachinename', 'current', cell('created', '{{date created}}'), 'id'],
  template: 'vmsnapshot.hbs',
};
const template: EntityFormatter = {
  columns: ['name', cell('ready', '{{isready}}'), 'status', 'format', 'hypervisor', 'ostypename', cell('size', '{{bytes size}}'), 'zonename', 'id'],
  template: 'template.hbs',
};
const network: EntityFormatter = {
  columns: ['name', 'state', 'type', 'cidr', 'vpcname', 'networkofferingname', 'zonename', 'id'],
  template: 'network.hbs',
};
const vpc: EntityFormatter = {
  columns: ['name', 'state', 'cidr', 'vpcofferingname', 'zonename', 'id'],
  template: 'vpc.hbs',
};
const publicIp: EntityFormatter = {
  columns: ['ipaddress', 'state', cell('source nat', '{{issourcenat}}'), cell('static nat', '{{isstaticnat}}'), 'virtualmachinename', 'associatednetworkname', 'zonename', 'id'],
  template: 'publicipaddress.hbs',
};
const firewallRule: EntityFormatter = {
  columns: ['ipaddress', 'state', 'protocol', cell('ports', '{{ports startport endport}}'), 'cidrlist', 'traffictype', 'id'],
  template: 'firewallrule.hbs',
};
const portForwardingRule: EntityFormatter = {
  columns: ['ipaddress', 'state', 'protocol', cell('public', '{{ports publicport publicendport}}'), cell('private', '{{ports privateport privateendport}}'), 'virtualmachinename', 'vmguestip', 'id'],
  template: 'portforwardingrule.hbs',
};
const loadBalancerRule: EntityFormatter = {
  columns: ['name', 'state', 'publicip', 'publicport', 'privateport', 'protocol', 'algorithm', 'id'],
  template: 'loadbalancerrule.hbs',
};
const securityGroup: EntityFormatter = {
  columns: ['name', cell('ingress', '{{count ingressrule}}'), cell('egress', '{{count egressrule}}'), 'virtualmachinecount', 'account', 'id'],
  template: 'securitygroup.hbs',
};
const host: EntityFormatter = {
  columns: ['name', 'state', 'resourcestate', 'type', 'hypervisor', 'ipaddress', 'clustername', 'id'],
  template: 'host.hbs',
};
const cluster: EntityFormatter = {
  columns: ['name', 'allocationstate', 'managedstate', 'hypervisortype', 'podname', 'zonename', 'id'],
  template: 'cluster.hbs',
};
const pod: EntityFormatter = {
  columns: ['name', 'allocationstate', 'gateway', 'netmask', cell('ips', '{{range startip endip}}'), 'zonename', 'id'],
  template: 'pod.hbs',
};
const zone: EntityFormatter = {
  columns: ['name', 'allocationstate', 'networktype', 'securitygroupsenabled', 'dns1', 'id'],
  template: 'zone.hbs',
};
const storagePool: EntityFormatter = {
  columns: ['name', 'state', 'type', 'scope', cell('used', '{{bytes disksizeused}}'), cell('total', '{{bytes disksizetotal}}'), 'clustername', 'id'],
  template: 'storagepool.hbs',
};
const imageStore: EntityFormatter = {
  columns: ['name', 'providername', 'protocol', 'scope', cell('used', '{{bytes disksizeused}}'), cell('total', '{{bytes disksizetotal}}'), 'zonename', 'id'],
  template: 'imagestore.hbs',
};
const systemVm: EntityFormatter = {
  columns: ['name', 'state', 'agentstate', 'systemvmtype', 'publicip', 'privateip', 'hostname', 'id'],
  template: 'systemvm.hbs',
};
const router: EntityFormatter = {
  columns: ['name', 'state', 'redundantstate', 'publicip', 'guestipaddress', 'guestnetworkname', 'hostname', 'id'],
  template: 'router.hbs',
};
const serviceOffering: EntityFormatter = {
  columns: ['name', 'cpunumber', cell('cpu speed', '{{mhz cpuspeed}}'), cell('memory', '{{mib memory}}'), 'storagetype', 'state', 'id'],
  template: 'serviceoffering.hbs',
};
const diskOffering: EntityFormatter = {
  columns: ['name', cell('size', '{{gib disksize}}'), 'iscustomized', 'storagetype', 'provisioningtype', 'state', 'id'],
  template: 'diskoffering.hbs',
};
const networkOffering: EntityFormatter = {
  columns: ['name', 'state', 'guestiptype', 'traffictype', 'forvpc', 'isdefault', 'id'],
  template: 'networkoffering.hbs',
};
const account: EntityFormatter = {
  columns: ['name', 'state', 'rolename', 'domain', 'vmtotal', cell('users', '{{names user "username"}}'), 'id'],
  template: 'account.hbs',
};
const user: EntityFormatter = {
  columns: ['username', 'state', 'account', 'rolename', 'domain', 'email', 'id'],
  template: 'user.hbs',
};
const domain: EntityFormatter = {
  columns: ['name', 'state', 'path', 'level', 'haschild', 'id'],
  template: 'domain.hbs',
};
const asyncJob: EntityFormatter = {
  columns: ['jobid', cell('status', '{{jobStatus jobstatus}}'), cell('command', '{{command cmd}}'), 'jobinstancetype', 'jobinstanceid', cell('created', '{{date created}}')],
  template: 'asyncjob.hbs',
};
const event: EntityFormatter = {
  columns: [cell('created', '{{date created}}'), 'level', 'type', 'state', 'description', 'username'],
  template: 'event.hbs',
};
const alert: EntityFormatter = {
  columns: [cell('sent', '{{date sent}}'), 'name', 'type', 'description', 'id'],
  template: 'alert.hbs',
};
const kubernetesCluster: EntityFormatter = {
  columns: ['name', 'state', 'kubernetesversionname', 'size', 'controlnodes', 'ipaddress', 'zonename', 'id'],
  template: 'kubernetescluster.hbs',
};
const capacity: EntityFormatter = {
  columns: [cell('capacity', '{{capacityName type name}}'), cell('used', '{{capacityAmount type capacityused}}'), cell('total', '{{capacityAmount type capacitytotal}}'), cell('used %', '{{percent percentused}}'), 'zonename', 'podname', 'clustername'],
  template: 'capacity.hbs',
};
const hypervisorCapabilities: EntityFormatter = {
  columns: ['hypervisor', 'hypervisorversion', 'maxguestslimit', 'maxdatavolumeslimit', 'maxhostspercluster', 'storagemotionenabled', 'vmsnapshotenabled', 'id'],
  template: 'hypervisorcapabilities.hbs',
};

export const entityFormatters: Readonly<Record<string, EntityFormatter>> = {
  virtualmachine: virtualMachine,
  volume,
  snapshot,
  vmsnapshot: vmSnapshot,
  template,
  iso: template,
  network,
  vpc,
  publicipaddress: publicIp,
  ipaddress: publicIp,
  firewallrule: firewallRule,
  portforwardingrule: portForwardingRule,
  loadbalancerrule: loadBalancerRule,
  loadbalancer: loadBalancerRule,
  securitygroup: securityGroup,
  host,
  cluster,
  pod,
  zone,
  storagepool: storagePool,
  imagestore: imageStore,
  systemvm: systemVm,
  router,
  serviceoffering: serviceOffering,
  diskoffering: diskOffering,
  networkoffering: networkOffering,
  account,
  user,
  domain,
  asyncjobs: asyncJob,
  queryAsyncJobResult: asyncJob,
  event,
  alert,
  kubernetescluster: kubernetesCluster,
  capacity,
  hypervisorcapabilities: hypervisorCapabilities,
};
