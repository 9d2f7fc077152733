/** Response kinds/keys, access classes and categories on the default snapshot, with its meta. */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { assignCategories, CategoryError } from '../../src/model/categories.ts';
import { loadSnapshotFile } from '../../src/model/load.ts';
import { buildModel } from '../../src/model/build.ts';
import { overrides } from '../../overrides/index.ts';

const snapshot = loadSnapshotFile(fileURLToPath(new URL('../../api-snapshots/cloudstack-4.20.2.0.json', import.meta.url)));
const model = buildModel(snapshot.doc, { overrides, meta: snapshot.meta, snapshotName: snapshot.snapshotName });
const api = (name: string) => {
  const found = model.apis.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no API ${name}`);
  return found;
};

describe('response kinds and keys', () => {
  it.each([
    ['listZones', 'list', 'zone'],
    ['listVirtualMachines', 'list', 'virtualmachine'],
    ['deployVirtualMachine', 'object', 'virtualmachine'],
    ['startVirtualMachine', 'object', 'virtualmachine'],
    ['listAsyncJobs', 'list', 'asyncjobs'],
    ['listHypervisorCapabilities', 'list', 'hypervisorCapabilities'],
    ['createSSHKeyPair', 'object', 'keypair'],
    ['listSSHKeyPairs', 'list', 'sshkeypair'],
    ['listVirtualMachinesMetrics', 'list', 'virtualmachine'],
    ['listVolumesMetrics', 'list', 'volume'],
    ['listPublicIpAddresses', 'list', 'publicipaddress'],
    ['associateIpAddress', 'object', 'ipaddress'],
    ['createPortForwardingRule', 'object', 'portforwardingrule'],
    ['createLoadBalancerRule', 'object', 'loadbalancer'],
    ['listLoadBalancerRules', 'list', 'loadbalancerrule'],
    ['createNetworkACL', 'object', 'networkacl'],
    ['getUserKeys', 'object', 'userkeys'],
    ['listCapabilities', 'object', 'capability'],
    ['listTemplatePermissions', 'object', 'templatepermission'],
    ['registerTemplate', 'list', 'template'],
    ['addHost', 'list', 'host'],
    ['createVolume', 'object', 'volume'],
    ['createNetwork', 'object', 'network'],
    ['createServiceOffering', 'object', 'serviceoffering'],
    ['stopRouter', 'object', 'router'],
    ['deleteZone', 'success', undefined],
    ['queryAsyncJobResult', 'fields', undefined],
    ['login', 'fields', undefined],
    // Issue 10: keys CloudStack's source sets, which the old rules got wrong.
    ['listVMSnapshot', 'list', 'vmSnapshot'],
    ['dedicateCluster', 'object', 'dedicatedcluster'],
    ['getKubernetesClusterConfig', 'object', 'clusterconfig'],
    ['dedicateGuestVlanRange', 'object', 'dedicatedguestvlanrange'],
    ['scaleVirtualMachine', 'object', 'virtualmachine'],
    ['updateNetworkACLList', 'object', 'networkacllist'],
    // Decided by override where the source leaves it open (run time, likely, authenticator).
    ['listRouters', 'list', 'router'],
    ['listInternalLoadBalancerVMs', 'list', 'internalloadbalancervm'],
    ['listApis', 'list', 'api'],
    ['listOauthProvider', 'list', 'oauthprovider'],
    ['forgotPassword', 'success', undefined],
  ])('%s → %s %s', (name, kind, key) => {
    expect(api(name).responseKind).toBe(kind);
    expect(api(name).responseKey).toBe(key);
  });

  it('takes envelope names from the meta where CloudStack does not use <api>response', () => {
    expect(api('enableStorageMaintenance').responseEnvelope).toBe('prepareprimarystorageformaintenanceresponse');
    expect(api('activateProject').responseEnvelope).toBe('activaterojectresponse');
    expect(api('listNetworkDevice').responseEnvelope).toBe('listnetworkdevice');
    expect(api('listZones').responseEnvelope).toBeUndefined();
  });

  it('gives every list and every wrapped object a key', () => {
    const listsWithoutKey = model.apis.filter((candidate) => candidate.responseKind === 'list' && !candidate.responseKey);
    expect(listsWithoutKey.map((candidate) => candidate.name)).toEqual([]);
  });
});

describe('access classes and annotations', () => {
  it('classifies reads, mutations and destructive calls', () => {
    expect(api('listZones').access).toBe('read');
    expect(api('listZones').annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
    expect(api('deployVirtualMachine').access).toBe('mutate');
    expect(api('deployVirtualMachine').annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
    expect(api('destroyVirtualMachine').access).toBe('destructive');
    expect(api('destroyVirtualMachine').annotations.destructiveHint).toBe(true);
    expect(api('updateZone').annotations.idempotentHint).toBe(true);
    expect(api('quotaBalance').access).toBe('read');
    expect(api('quotaTariffCreate').access).toBe('mutate');
  });

  it('flags reads that return secrets', () => {
    expect(api('getUserKeys').access).toBe('read');
    expect(api('getUserKeys').returnsSecrets).toBe(true);
    expect(api('listUsers').returnsSecrets).toBe(true);
    expect(api('listZones').returnsSecrets).toBeUndefined();
    // Every API with sensitive response fields, except the overrides that say its answer never carries them.
    const overriddenOff = Object.entries(overrides.access ?? {}).filter(([, o]) => o.returnsSecrets === false).map(([name]) => name);
    expect(overriddenOff).toContain('listVirtualMachines');
    expect(api('listVirtualMachines').returnsSecrets).toBeFalsy();
    for (const candidate of model.apis) {
      if (candidate.sensitiveResponseFields.length > 0 && !overriddenOff.includes(candidate.name)) {
        expect(candidate.returnsSecrets, candidate.name).toBe(true);
      }
    }
  });

  it('copies roles and sensitivity from the meta', () => {
    expect(model.hasMeta).toBe(true);
    expect(api('listZones').roles).toEqual(['Admin', 'ResourceAdmin', 'DomainAdmin', 'User']);
    expect(api('listZones').requestHasSensitiveInfo).toBe(false);
    expect(api('login').authenticator).toBe(true);
    expect(api('addBackupRepository').gateConfigKeys).toEqual(['backup.framework.enabled']);
    expect(api('addGuestOs').paramAuthorized).toEqual({ forDisplay: ['Admin'] });
  });
});

describe('categories', () => {
  it('puts every API in one of 20–45 categories, each with a description', () => {
    expect(model.categories.length).toBeGreaterThanOrEqual(20);
    expect(model.categories.length).toBeLessThanOrEqual(45);
    expect(model.categories.reduce((sum, category) => sum + category.apiCount, 0)).toBe(model.apis.length);
    for (const category of model.categories) {
      expect(category.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(category.description.length).toBeGreaterThan(10);
    }
    const largest = Math.max(...model.categories.map((category) => category.apiCount));
    expect(largest).toBeLessThan(model.apis.length / 10);
    console.log(model.categories.map((category) => `${category.id} ${category.apiCount}`).join('\n'));
  });

  it.each([
    ['listVirtualMachines', 'virtual-machine'],
    ['createVolume', 'volume'],
    ['createSnapshot', 'snapshot'],
    ['registerTemplate', 'template-iso'],
    ['listNetworks', 'network'],
    ['createVPC', 'vpc'],
    ['createFirewallRule', 'firewall'],
    ['createLoadBalancerRule', 'load-balancer'],
    ['addVpnUser', 'vpn'],
    ['listRouters', 'router'],
    ['listSystemVms', 'system-vm'],
    ['addHost', 'host'],
    ['addCluster', 'cluster'],
    ['createPod', 'pod'],
    ['createZone', 'zone'],
    ['createStoragePool', 'storage-pool'],
    ['addImageStore', 'image-store'],
    ['createAccount', 'account-domain-user'],
    ['createProject', 'project'],
    ['createServiceOffering', 'offering'],
    ['updateConfiguration', 'configuration'],
    ['listEvents', 'event-alert'],
    ['createKubernetesCluster', 'kubernetes'],
    ['createBackup', 'backup'],
    ['migrateVirtualMachineWithVolume', 'virtual-machine'],
  ])('%s is in %s', (name, category) => {
    expect(api(name).category).toBe(category);
  });

  it('lists every uncategorised API in one error', () => {
    expect(() => assignCategories(['listZones', 'frobnicate', 'twiddle'])).toThrow(CategoryError);
    expect(() => assignCategories(['listZones', 'frobnicate', 'twiddle'])).toThrow(/2 API\(s\) match no category rule.*frobnicate, twiddle/);
  });
});
