import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalog } from '../../src/simulator/catalog.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { call, callAndWait, inner } from '../support/simulator.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 5 });
});
afterAll(() => sim.close());

async function deploy(as = sim.accounts.user, extra: Record<string, string> = {}) {
  const { job } = await callAndWait(
    sim,
    {
      command: 'deployVirtualMachine',
      zoneid: sim.state.first('zone').id,
      serviceofferingid: sim.state.first('serviceoffering').id,
      templateid: sim.state.first('template').id,
      ...extra,
    },
    { as },
  );
  expect(job.jobstatus, JSON.stringify(job.jobresult)).toBe(1);
  return job.jobresult.virtualmachine as Record<string, any>;
}

describe('virtual machine lifecycle', () => {
  it('deploys, stops, starts, reboots, destroys, recovers and expunges, refusing an illegal transition', async () => {
    const as = sim.accounts.user;
    const vm = await deploy(as, { name: 'life-1' });
    expect(vm.state).toBe('Running');
    const step = async (command: string, expected: number) => {
      const { job } = await callAndWait(sim, { command, id: vm.id }, { as });
      expect(job.jobstatus, `${command}: ${JSON.stringify(job.jobresult)}`).toBe(expected);
      return job;
    };
    expect((await step('stopVirtualMachine', 1)).jobresult.virtualmachine.state).toBe('Stopped');
    // Rebooting a stopped VM is illegal: the job fails with CloudStack's 431.
    const refused = await step('rebootVirtualMachine', 2);
    expect(refused.jobresultcode).toBe(431);
    expect(refused.jobresult).toEqual({
      errorcode: 431,
      errortext: `Unable to reboot VM life-1 (${vm.id}): it is in state Stopped; reboot needs state Running`,
    });
    expect((await step('startVirtualMachine', 1)).jobresult.virtualmachine.state).toBe('Running');
    expect((await step('rebootVirtualMachine', 1)).jobresult.virtualmachine.state).toBe('Running');
    expect((await step('destroyVirtualMachine', 1)).jobresult.virtualmachine.state).toBe('Destroyed');
    // Users do not see destroyed VMs; the admin does.
    expect(inner(await call(sim, { command: 'listVirtualMachines', id: vm.id }, { as }))).toEqual({});
    expect(inner(await call(sim, { command: 'listVirtualMachines', id: vm.id })).virtualmachine[0].state).toBe('Destroyed');
    // recover is synchronous: an illegal recover is a 431 at once.
    const recovered = await call(sim, { command: 'recoverVirtualMachine', id: vm.id });
    expect(inner(recovered).virtualmachine.state).toBe('Stopped');
    const again = await call(sim, { command: 'recoverVirtualMachine', id: vm.id });
    expect(again.status).toBe(431);
    expect(inner(again).cserrorcode).toBe(4350);
    await step('destroyVirtualMachine', 1);
    await callAndWait(sim, { command: 'expungeVirtualMachine', id: vm.id });
    expect(inner(await call(sim, { command: 'listVirtualMachines', id: vm.id, listall: 'true' })).count).toBeUndefined();
    expect(sim.state.store.all('volume').some((v) => v.data.virtualmachineid === vm.id)).toBe(false);
  });

  it('volumes: create, attach, resize, detach, delete', async () => {
    const as = sim.accounts.user;
    const vm = await deploy(as);
    const offering = sim.state.store.all('diskoffering').find((d) => d.data.name === 'Small')!;
    const created = await callAndWait(sim, { command: 'createVolume', name: 'data-1', diskofferingid: offering.id, zoneid: vm.zoneid }, { as });
    const volume = created.job.jobresult.volume;
    expect(inner(created.answer).id).toBe(volume.id);
    expect(volume).toMatchObject({ name: 'data-1', type: 'DATADISK', state: 'Ready', size: 5 * 1024 ** 3 });
    const attached = await callAndWait(sim, { command: 'attachVolume', id: volume.id, virtualmachineid: vm.id }, { as });
    expect(attached.job.jobresult.volume).toMatchObject({ virtualmachineid: vm.id, deviceid: 1 });
    const listed = inner(await call(sim, { command: 'listVolumes', virtualmachineid: vm.id }, { as }));
    expect(listed.count).toBe(2);
    const busy = await call(sim, { command: 'deleteVolume', id: volume.id }, { as });
    expect(busy.status).toBe(536);
    const resized = await callAndWait(sim, { command: 'resizeVolume', id: volume.id, size: '20' }, { as });
    expect(resized.job.jobresult.volume.size).toBe(20 * 1024 ** 3);
    const shrink = await callAndWait(sim, { command: 'resizeVolume', id: volume.id, size: '10' }, { as });
    expect(shrink.job.jobstatus).toBe(2);
    await callAndWait(sim, { command: 'detachVolume', id: volume.id }, { as });
    expect((await call(sim, { command: 'deleteVolume', id: volume.id }, { as })).body).toEqual({ deletevolumeresponse: { success: true } });
    expect(inner(await call(sim, { command: 'listVolumes', id: volume.id }, { as }))).toEqual({});
  });
});

describe('lists', () => {
  it('pages through 1,200 seeded zones exactly once each', async () => {
    const seeded = sim.state.seed('zone', 1200);
    const seen = new Set<string>();
    let count = 0;
    for (let page = 1; page <= 4; page++) {
      const answer = inner(await call(sim, { command: 'listZones', page: String(page), pagesize: '500' }));
      count = answer.count;
      for (const zone of answer.zone ?? []) {
        expect(seen.has(zone.id)).toBe(false);
        seen.add(zone.id);
      }
    }
    expect(count).toBe(1201);
    expect(seen.size).toBe(1201);
    for (const zone of seeded) expect(seen.has(zone.id)).toBe(true);
    // Without paging the default page size caps the answer; count stays the total.
    const unpaged = inner(await call(sim, { command: 'listZones' }));
    expect(unpaged.zone.length).toBe(500);
    expect(unpaged.count).toBe(1201);
    expect(inner(await call(sim, { command: 'listZones', pagesize: '-1' })).zone.length).toBe(1201);
    // Filters.
    expect(inner(await call(sim, { command: 'listZones', name: 'zone-0042' })).zone[0].id).toBe(seeded[41].id);
    expect(inner(await call(sim, { command: 'listZones', keyword: 'zone-001' })).count).toBe(10);
    expect(inner(await call(sim, { command: 'listZones', ids: `${seeded[0].id},${seeded[1].id}` })).count).toBe(2);
    for (const zone of seeded) sim.state.store.remove('zone', zone.id);
  });

  it('scopes by account: users see their own, admins their own without listall and everything with it', async () => {
    const userVm = await deploy(sim.accounts.user, { name: 'scoped-user' });
    const adminVm = await deploy(sim.accounts.admin, { name: 'scoped-admin' });
    const names = async (as = sim.accounts.admin, extra: Record<string, string> = {}) =>
      ((inner(await call(sim, { command: 'listVirtualMachines', ...extra }, { as })).virtualmachine ?? []) as Array<{ name: string }>).map((v) => v.name);
    expect(await names(sim.accounts.user)).toContain('scoped-user');
    expect(await names(sim.accounts.user)).not.toContain('scoped-admin');
    expect(await names(sim.accounts.user, { listall: 'true' })).not.toContain('scoped-admin');
    expect(await names()).toContain('scoped-admin');
    expect(await names()).not.toContain('scoped-user');
    const all = await names(sim.accounts.admin, { listall: 'true' });
    expect(all).toEqual(expect.arrayContaining(['scoped-user', 'scoped-admin']));
    expect(await names(sim.accounts.admin, { listall: 'true', state: 'Stopped' })).not.toContain('scoped-admin');
    expect(await names(sim.accounts.admin, { listall: 'true', zoneid: userVm.zoneid })).toContain('scoped-user');
    // A user cannot act on another account's VM: PermissionDenied is a 531.
    const foreign = await call(sim, { command: 'stopVirtualMachine', id: adminVm.id }, { as: sim.accounts.user });
    expect(foreign.status).toBe(531);
  });

  it('tags: create, filter by tags[0], list, delete', async () => {
    const vm = await deploy(sim.accounts.user, { name: 'tagged' });
    const as = sim.accounts.user;
    const created = await callAndWait(
      sim,
      { command: 'createTags', resourcetype: 'UserVm', resourceids: vm.id, 'tags[0].key': 'env', 'tags[0].value': 'prod' },
      { as },
    );
    expect(created.job.jobresult).toEqual({ success: true });
    const filtered = inner(await call(sim, { command: 'listVirtualMachines', 'tags[0].key': 'env', 'tags[0].value': 'prod' }, { as }));
    expect(filtered.count).toBe(1);
    expect(filtered.virtualmachine[0].tags).toEqual([expect.objectContaining({ key: 'env', value: 'prod', resourceid: vm.id })]);
    expect(inner(await call(sim, { command: 'listTags', resourceid: vm.id }, { as })).count).toBe(1);
    await callAndWait(sim, { command: 'deleteTags', resourcetype: 'UserVm', resourceids: vm.id }, { as });
    expect(inner(await call(sim, { command: 'listTags', resourceid: vm.id }, { as }))).toEqual({});
  });
});

describe('networking and security', () => {
  it('public IP with firewall, port forwarding and egress rules; deleted things disappear', async () => {
    const as = sim.accounts.user;
    const vm = await deploy(as);
    const network = sim.state.store.all('network').find((n) => n.owner?.account === 'user')!;
    const ip = (await callAndWait(sim, { command: 'associateIpAddress', networkid: network.id }, { as })).job.jobresult.ipaddress;
    expect(ip.ipaddress).toMatch(/^203\.0\.113\.\d+$/);
    expect(inner(await call(sim, { command: 'listPublicIpAddresses', id: ip.id }, { as })).publicipaddress[0].state).toBe('Allocated');
    const fw = (await callAndWait(sim, { command: 'createFirewallRule', ipaddressid: ip.id, protocol: 'tcp', startport: '22', endport: '22' }, { as })).job.jobresult.firewallrule;
    expect(fw).toMatchObject({ protocol: 'tcp', startport: 22, state: 'Active' });
    const pf = (await callAndWait(sim, { command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: '2222', privateport: '22', virtualmachineid: vm.id }, { as })).job.jobresult.portforwardingrule;
    expect(pf.virtualmachineid).toBe(vm.id);
    const egress = (await callAndWait(sim, { command: 'createEgressFirewallRule', networkid: network.id, protocol: 'all' }, { as })).job.jobresult.firewallrule;
    expect(inner(await call(sim, { command: 'listEgressFirewallRules', networkid: network.id }, { as })).firewallrule[0].id).toBe(egress.id);
    await callAndWait(sim, { command: 'deleteFirewallRule', id: fw.id }, { as });
    expect(inner(await call(sim, { command: 'listFirewallRules', ipaddressid: ip.id }, { as }))).toEqual({});
    await callAndWait(sim, { command: 'disassociateIpAddress', id: ip.id }, { as });
    expect(inner(await call(sim, { command: 'listPortForwardingRules', id: pf.id }, { as }))).toEqual({});
  });

  it('security groups with rules, and SSH key pairs whose private key is a known secret', async () => {
    const as = sim.accounts.user;
    const group = inner(await call(sim, { command: 'createSecurityGroup', name: 'web' }, { as })).securitygroup;
    const ingress = await callAndWait(sim, { command: 'authorizeSecurityGroupIngress', securitygroupid: group.id, protocol: 'tcp', startport: '80', endport: '80', cidrlist: '0.0.0.0/0' }, { as });
    const rule = ingress.job.jobresult.securitygroup.ingressrule[0];
    expect(rule).toMatchObject({ protocol: 'tcp', startport: 80, cidr: '0.0.0.0/0' });
    await callAndWait(sim, { command: 'revokeSecurityGroupIngress', id: rule.ruleid }, { as });
    expect(inner(await call(sim, { command: 'listSecurityGroups', id: group.id }, { as })).securitygroup[0].ingressrule).toEqual([]);

    const keyPair = inner(await call(sim, { command: 'createSSHKeyPair', name: 'k1' }, { as })).keypair;
    expect(keyPair.privatekey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(sim.knownSecrets).toContain(keyPair.privatekey);
    const listed = inner(await call(sim, { command: 'listSSHKeyPairs', name: 'k1' }, { as })).sshkeypair[0];
    expect(listed.fingerprint).toBe(keyPair.fingerprint);
    expect(listed).not.toHaveProperty('privatekey');
    expect((await call(sim, { command: 'createSSHKeyPair', name: 'k1' }, { as })).status).toBe(431);
  });
});

describe('identity', () => {
  it('users carry keys: getUserKeys shows the secret, registerUserKeys issues new ones that then work', async () => {
    const user = sim.accounts.user;
    const keys = inner(await call(sim, { command: 'getUserKeys', id: user.userId }, { as: user })).userkeys;
    expect(keys).toMatchObject({ apikey: user.apiKey, secretkey: user.secretKey });
    const listed = inner(await call(sim, { command: 'listUsers', id: user.userId }, { as: user })).user[0];
    expect(listed.apikey).toBe(user.apiKey);
    expect(listed).not.toHaveProperty('secretkey');
    expect((await call(sim, { command: 'getUserKeys', id: sim.accounts.admin.userId }, { as: user })).status).toBe(531);

    const account = inner(await call(sim, { command: 'createAccount', username: 'carol', email: 'c@example.com', firstname: 'C', lastname: 'L', password: 'pw', accounttype: '0' })).account;
    const carolId = account.user[0].id;
    const fresh = inner(await call(sim, { command: 'registerUserKeys', id: carolId })).userkeys;
    expect(fresh.apikey).toHaveLength(86);
    expect(sim.knownSecrets).toContain(fresh.secretkey);
    const carol = { ...user, apiKey: fresh.apikey, secretKey: fresh.secretkey };
    expect((await call(sim, { command: 'listZones' }, { as: carol })).status).toBe(200);
    await callAndWait(sim, { command: 'deleteAccount', id: account.id });
    expect((await call(sim, { command: 'listZones' }, { as: carol })).status).toBe(401);
  });

  it('domain admins see their subtree of domains and accounts', async () => {
    const domains = inner(await call(sim, { command: 'listDomains', listall: 'true' }, { as: sim.accounts.domainadmin }));
    expect(domains.domain.map((d: { name: string }) => d.name)).toEqual(['Sub1']);
    const accounts = inner(await call(sim, { command: 'listAccounts', listall: 'true' }, { as: sim.accounts.domainadmin }));
    expect(accounts.account.map((a: { name: string }) => a.name)).toEqual(['domainadmin']);
  });
});

describe('listApis per role', () => {
  const catalog = bundledCatalog();

  it('reports the snapshot\'s version in listCapabilities, to every role', async () => {
    for (const account of [sim.accounts.admin, sim.accounts.user]) {
      const answer = inner(await call(sim, { command: 'listCapabilities' }, { as: account }));
      expect(answer.capability.cloudstackversion).toBe(catalog.model.cloudstackVersion);
    }
    expect(catalog.model.cloudstackVersion).toBe('4.20.2.0');
  });

  it('gives the root admin every API in the snapshot file shape', async () => {
    const answer = inner(await call(sim, { command: 'listApis' }));
    expect(answer.count).toBe(catalog.model.apis.length);
    const zones = answer.api.find((a: { name: string }) => a.name === 'listZones');
    expect(Object.keys(zones)).toEqual(['name', 'description', 'isasync', 'related', 'params', 'response']);
  });

  it('gives users only their role\'s APIs, without admin-only params', async () => {
    const answer = inner(await call(sim, { command: 'listApis' }, { as: sim.accounts.user }));
    const expected = catalog.model.apis.filter((a) => a.roles.includes('User')).length;
    expect(answer.count).toBe(expected);
    expect(answer.count).toBeLessThan(catalog.model.apis.length);
    const names = new Set(answer.api.map((a: { name: string }) => a.name));
    expect(names.has('listVirtualMachines')).toBe(true);
    expect(names.has('createZone')).toBe(false);
    const associate = inner(await call(sim, { command: 'listApis', name: 'associateIpAddress' }, { as: sim.accounts.user })).api[0];
    expect(associate.params.map((p: { name: string }) => p.name)).not.toContain('fordisplay');
    const adminView = inner(await call(sim, { command: 'listApis', name: 'associateIpAddress' })).api[0];
    expect(adminView.params.map((p: { name: string }) => p.name)).toContain('fordisplay');
    // An API the role may not use is "not found" for it.
    expect((await call(sim, { command: 'listApis', name: 'createZone' }, { as: sim.accounts.user })).status).toBe(530);
  });
});
