/**
 * The generated typed client on the real CloudStack client, against the simulator: what a
 * TypeScript program using this package as a library would do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ApiModelDocument } from '../../src/model/types.ts';
import { CloudStackApi } from '../../generated/client/index.ts';
import { CloudStackClient } from '../../src/cloudstack/client.ts';
import { CloudStackApiError } from '../../src/cloudstack/errors.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { BundledModel } from '../../src/model/bundled.ts';

const model = BundledModel.open().decodeAll();

describe('the generated typed client', () => {
  let sim: RunningSimulator;
  let client: CloudStackClient;
  let api: CloudStackApi;
  beforeAll(async () => {
    sim = await startSimulator({ jobDelayMs: 20 });
    client = new CloudStackClient({ url: sim.url, apiKey: sim.accounts.admin.apiKey, secretKey: sim.accounts.admin.secretKey, model, jobPolling: { initialDelayMs: 20 } });
    api = new CloudStackApi(client);
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });

  it('deploys, lists and destroys a VM with typed params and answers', async () => {
    const zone = (await api.zone.listZones()).zone![0];
    const template = (await api.templateIso.listTemplates({ templatefilter: 'featured' })).template![0];
    const offering = (await api.offering.listServiceOfferings()).serviceoffering![0];
    const deployed = await api.virtualMachine.deployVirtualMachine({
      zoneid: zone.id!,
      templateid: template.id!,
      serviceofferingid: offering.id!,
      name: 'typed-vm',
    });
    expect(deployed.virtualmachine?.state).toBe('Running');
    const listed = await api.virtualMachine.listVirtualMachines({ name: 'typed-vm', listall: true });
    expect(listed.count).toBe(1);
    expect(listed.virtualmachine![0].id).toBe(deployed.virtualmachine!.id);
    const destroyed = await api.virtualMachine.destroyVirtualMachine({ id: deployed.virtualmachine!.id!, expunge: true });
    expect(destroyed).toBeDefined();
    expect(await api.virtualMachine.listVirtualMachines({ name: 'typed-vm', listall: true })).toEqual({});
  });

  it('passes call options: wait=false returns the job id', async () => {
    const zone = (await api.zone.listZones()).zone![0];
    const queued = await api.volume.createVolume({ name: 'typed-volume', zoneid: zone.id!, size: 1, diskofferingid: (await api.offering.listDiskOfferings()).diskoffering![0].id! }, { waitForJob: false });
    expect(queued.jobid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('surfaces CloudStack errors as typed errors', async () => {
    await expect(api.zone.deleteZone({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(CloudStackApiError);
  });
});
