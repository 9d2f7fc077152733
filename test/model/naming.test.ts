import { describe, expect, it } from 'vitest';
import { assignToolNames, NamingError, titleFor, toolNameFor, verbOf } from '../../src/model/naming.ts';

describe('toolNameFor', () => {
  it.each([
    ['listVirtualMachines', 'list_virtual_machines'],
    ['createVPCOffering', 'create_vpc_offering'],
    ['listHostHAProviders', 'list_host_ha_providers'],
    ['addImageStoreS3', 'add_image_store_s3'],
    ['listVMs', 'list_vms'],
    ['listNetworkACLs', 'list_network_acls'],
    ['listVPCs', 'list_vpcs'],
    ['listSSHKeyPairs', 'list_ssh_key_pairs'],
    ['getVMPassword', 'get_vm_password'],
    ['createIpv6FirewallRule', 'create_ipv6_firewall_rule'],
    ['listDedicatedIPv4Subnets', 'list_dedicated_ipv4_subnets'],
    ['addCiscoAsa1000vResource', 'add_cisco_asa1000v_resource'],
    ['verifyOAuthCodeAndGetUser', 'verify_oauth_code_and_get_user'],
    ['getVolumeiScsiName', 'get_volume_iscsi_name'],
    ['login', 'login'],
  ])('%s → %s', (apiName, toolName) => {
    expect(toolNameFor(apiName)).toBe(toolName);
  });

  it('gives titles and verbs', () => {
    expect(titleFor('createVPCOffering')).toBe('Create VPC offering');
    expect(titleFor('listVirtualMachines')).toBe('List virtual machines');
    expect(titleFor('listNetworkACLs')).toBe('List network ACLs');
    expect(verbOf('deployVirtualMachine')).toBe('deploy');
    expect(verbOf('login')).toBe('login');
  });
});

describe('assignToolNames', () => {
  it('names both APIs of a collision', () => {
    expect(() => assignToolNames(['listVMs', 'listVms'])).toThrow(NamingError);
    expect(() => assignToolNames(['listVMs', 'listVms'])).toThrow(/listVMs and listVms: both map to the tool name "list_vms"/);
  });

  it('refuses a name over 64 characters, naming the API', () => {
    const longName = `list${'VeryLong'.repeat(9)}Things`;
    expect(() => assignToolNames([longName])).toThrow(new RegExp(`${longName}: tool name`));
  });

  it('maps unique names', () => {
    expect([...assignToolNames(['listZones', 'createZone']).values()]).toEqual(['list_zones', 'create_zone']);
  });
});
