/**
 * The simulator answers with CloudStack's envelopes and keys, as the meta files trace them in
 * CloudStack's source (issue 10: the keys the old rules got wrong). The walk (walk.test.ts) checks
 * every API; these are the named cases, read as a real client would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSnapshotPath } from '../../src/simulator/catalog.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { call, waitForJob } from '../support/simulator.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 0, snapshotPath: defaultSnapshotPath() });
});
afterAll(() => sim.close());

const uuid = () => sim.state.first('zone').id;

describe('response keys and envelopes', () => {
  it('listVMSnapshot answers {count, vmSnapshot: [...]}', async () => {
    const answer = await call(sim, { command: 'listVMSnapshot' });
    expect(Object.keys(answer.body!)).toEqual(['listvmsnapshotresponse']);
    expect(Object.keys(answer.body!.listvmsnapshotresponse)).toEqual(['count', 'vmSnapshot']);
  });

  it.each([
    ['getKubernetesClusterConfig', {}, 'clusterconfig'],
    ['dedicateGuestVlanRange', { physicalnetworkid: 'PN', vlanrange: '100-110' }, 'dedicatedguestvlanrange'],
  ])('%s answers under its traced key', async (command, params, key) => {
    const filled = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, value === 'PN' ? uuid() : value]));
    const answer = await call(sim, { command, ...filled });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body![`${command.toLowerCase()}response`])).toEqual([key]);
  });

  it.each([
    ['dedicateCluster', { clusterid: 'C', domainid: 'D' }, 'dedicatedcluster'],
    ['scaleVirtualMachine', { id: 'V', serviceofferingid: 'S' }, 'virtualmachine'],
    ['updateNetworkACLList', { id: 'A' }, 'networkacllist'],
  ])('%s: the job result is the object under its traced key, not {success}', async (command, params, key) => {
    const ids: Record<string, () => string> = {
      C: () => sim.state.first('cluster').id,
      D: () => sim.state.first('domain').id,
      V: () => sim.state.seed('virtualmachine', 1, { namePrefix: 'keys' })[0].id,
      S: () => sim.state.first('serviceoffering').id,
      A: () => uuid(),
    };
    const filled = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, ids[value]()]));
    const answer = await call(sim, { command, ...filled });
    expect(answer.status, answer.text).toBe(200);
    const job = await waitForJob(sim, answer.body![`${command.toLowerCase()}response`].jobid);
    expect(job.jobstatus, JSON.stringify(job.jobresult)).toBe(1);
    expect(Object.keys(job.jobresult)).toEqual([key]);
  });

  it('answers dedicateHost\'s job with the ListResponse as CloudStack stores it: {"null": {responses: [...]}}', async () => {
    const answer = await call(sim, { command: 'dedicateHost', hostid: sim.state.first('host').id, domainid: sim.state.first('domain').id });
    expect(answer.status, answer.text).toBe(200);
    expect(Object.keys(answer.body!.dedicatehostresponse)).toEqual(['jobid']);
    const job = await waitForJob(sim, answer.body!.dedicatehostresponse.jobid);
    expect(job.jobstatus, JSON.stringify(job.jobresult)).toBe(1);
    expect(Object.keys(job.jobresult)).toEqual(['null']);
    const [item] = job.jobresult.null.responses as Array<Record<string, unknown>>;
    // The items are DedicateHostResponse fields, without the "dedicatedhost" wrapper a sync list would have.
    expect(item).toHaveProperty('hostid');
    expect(item).not.toHaveProperty('dedicatedhost');
  });

  it('uses the envelope CloudStack names (enableStorageMaintenance → prepareprimarystorageformaintenanceresponse)', async () => {
    const answer = await call(sim, { command: 'enableStorageMaintenance', id: uuid() });
    expect(Object.keys(answer.body!)).toEqual(['prepareprimarystorageformaintenanceresponse']);
    const refused = await call(sim, { command: 'enableStorageMaintenance' });
    expect(Object.keys(refused.body!)).toEqual(['prepareprimarystorageformaintenanceresponse']);
  });

  it('fails updateImageStore under its getCommandName() "updateImageStore", answers it under "updateImageStoreresponse"', async () => {
    const answer = await call(sim, { command: 'updateImageStore', id: uuid(), name: 'keys' });
    expect(answer.status, answer.text).toBe(200);
    expect(Object.keys(answer.body!)).toEqual(['updateImageStoreresponse']);
    expect(Object.keys(answer.body!.updateImageStoreresponse)).toEqual(['imagestore']);
    const refused = await call(sim, { command: 'updateImageStore' });
    expect(refused.status).toBe(431);
    expect(Object.keys(refused.body!)).toEqual(['updateImageStore']);
    expect(refused.body!.updateImageStore.errortext).toMatch(/missing parameter id/);
  });

  it.each([
    ['createVPCOffering', { name: 'keys', displaytext: 'keys', supportedservices: 'Dns' }, ['id', 'jobid']],
    ['updateTungstenFabricLBHealthMonitor', { lbruleid: 'U', type: 'PING', retry: '1', timeout: '1', interval: '1', zoneid: 'U' }, ['id', 'jobid']],
    ['createTags', { resourceids: 'U', resourcetype: 'UserVm', 'tags[0].key': 'k', 'tags[0].value': 'v' }, ['jobid']],
    ['createStorageNetworkIpRange', { podid: 'U', gateway: '10.0.0.1', netmask: '255.255.255.0', startip: '10.0.0.2' }, ['jobid']],
  ])('%s answers with the immediate keys CloudStack does (not by its verb)', async (command, params, keys) => {
    const filled = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, value === 'U' ? uuid() : value]));
    const answer = await call(sim, { command, ...filled });
    expect(answer.status, answer.text).toBe(200);
    const content = answer.body![`${command.toLowerCase()}response`];
    expect(Object.keys(content)).toEqual(keys);
    const job = await waitForJob(sim, content.jobid);
    expect(job.jobstatus, JSON.stringify(job.jobresult)).toBe(1);
    // The id is the entity's: the one the job result carries (where its id is a UUID; TungstenFabricLBHealthMonitorResponse's is a long).
    const resultId = (Object.values(job.jobresult)[0] as { id?: unknown }).id;
    if (content.id !== undefined && typeof resultId === 'string') expect(resultId).toBe(content.id);
    if (command === 'createVPCOffering') expect(resultId).toBe(content.id);
  });

  it('answers a succeeded async success job with {success, details?}, never displaytext', async () => {
    const answer = await call(sim, { command: 'deleteNetworkACLList', id: uuid() });
    const job = await waitForJob(sim, answer.body!.deletenetworkacllistresponse.jobid);
    expect(job.jobresult.success).toBe(true);
    expect(Object.keys(job.jobresult).every((key) => key === 'success' || key === 'details')).toBe(true);
  });
});
