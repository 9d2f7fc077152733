/**
 * The client against the simulator (`startSimulator`), which verifies signatures the way
 * CloudStack's ApiServer does and answers with CloudStack's envelopes, jobs and errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, loadSnapshotFile } from '../../src/model/build.ts';
import type { ApiModelDocument } from '../../src/model/types.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { CloudStackClient, type CloudStackClientOptions } from '../../src/cloudstack/client.ts';
import { isJsonObject, type JsonObject } from '../../src/cloudstack/envelope.ts';
import {
  CloudStackApiError,
  CloudStackJobAbortedError,
  CloudStackJobError,
  CloudStackJobTimeoutError,
  CloudStackNetworkError,
} from '../../src/cloudstack/errors.ts';
import { startCountingProxy, type CountingProxy } from '../support/http-server.ts';
import { overrides } from '../../overrides/index.ts';

const snapshot = loadSnapshotFile(new URL('../../api-snapshots/cloudstack-4.20.2.0.json', import.meta.url).pathname);
const model: ApiModelDocument = buildModel(snapshot.doc, { overrides, meta: snapshot.meta, snapshotName: snapshot.snapshotName });

/** Every character the issue lists, plus both quotes, a backtick, CJK and an astral-plane emoji. */
const AWKWARD = `a b+c*d~e!f'g(h)i=j&k/l%m@n"o\`p ü é 日本 😀 %20 + end`;

let sim: RunningSimulator;
const clients: CloudStackClient[] = [];

beforeAll(async () => {
  sim = await startSimulator({ model, jobDelayMs: 50 });
});

afterAll(async () => {
  await sim?.close();
});

afterEach(async () => {
  sim.faults.latencyMs = 0;
  sim.faults.errorRate = 0;
  sim.faults.failJobs = false;
  sim.faults.neverFinishJobs = false;
  sim.faults.malformedJson = false;
  sim.faults.dropConnections = false;
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function clientFor(role: 'admin' | 'domainadmin' | 'user' = 'admin', options: Partial<CloudStackClientOptions> = {}) {
  const account = sim.accounts[role];
  const client = new CloudStackClient({
    url: sim.url,
    apiKey: account.apiKey,
    secretKey: account.secretKey,
    model,
    retryDelay: { baseDelayMs: 5, maxDelayMs: 20 },
    jobPolling: { initialDelayMs: 20, multiplier: 1.5, maxDelayMs: 100 },
    logger: { warn: () => {} },
    ...options,
  });
  clients.push(client);
  return client;
}

function requestsFor(command: string) {
  return sim.requests.filter((r) => r.command.toLowerCase() === command.toLowerCase());
}

function lastRequest(command: string) {
  const found = requestsFor(command);
  return found[found.length - 1];
}

/** What an error shows to anyone, all of it. */
function visibleText(error: unknown): string {
  return `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
}

function expectNoCredentials(error: unknown, role: 'admin' | 'domainadmin' | 'user' = 'admin') {
  const text = visibleText(error);
  expect(text).not.toContain(sim.accounts[role].secretKey);
  expect(text).not.toContain(sim.accounts[role].apiKey);
  for (const request of sim.requests.slice(-10)) {
    if (request.params.signature) expect(text).not.toContain(request.params.signature);
  }
}

function seededIds() {
  const zone = sim.state.store.all('zone')[0];
  const offering = sim.state.store.all('serviceoffering')[0];
  const template = sim.state.store.all('template')[0];
  return { zoneid: zone.id, serviceofferingid: offering.id, templateid: template.id };
}

describe('signing round trip through the simulator', () => {
  for (const method of ['GET', 'POST'] as const) {
    it(`keeps awkward characters exact over ${method}: create, then read back by id and by name`, async () => {
      const client = clientFor();
      const name = `${AWKWARD} ${method}`;
      const created = (await client.callApi(
        'createZone',
        { name, dns1: '8.8.8.8', internaldns1: '10.0.0.1', networktype: 'Advanced' },
        { method },
      )) as { zone: JsonObject };
      expect(created.zone.name).toBe(name);

      const received = lastRequest('createZone');
      expect(received.method).toBe(method);
      expect(received.status).toBe(200);
      expect(received.params.name).toBe(name);

      const byId = (await client.callApi('listZones', { id: created.zone.id }, { method })) as { zone: JsonObject[] };
      expect(byId.zone.map((z) => z.name)).toEqual([name]);
      const byName = (await client.callApi('listZones', { name }, { method })) as { count: number; zone: JsonObject[] };
      expect(byName.zone.map((z) => z.id)).toEqual([created.zone.id]);
      expect(lastRequest('listZones').params.name).toBe(name);
    });
  }

  it('keeps awkward characters in map fields and in async job parameters', async () => {
    const client = clientFor();
    const displayname = `${AWKWARD} vm`;
    const result = (await client.callApi('deployVirtualMachine', {
      ...seededIds(),
      displayname,
      details: { 'key.with=odd&chars': AWKWARD },
    })) as { virtualmachine: JsonObject };
    expect(result.virtualmachine.displayname).toBe(displayname);
    const received = lastRequest('deployVirtualMachine').params;
    expect(received.displayname).toBe(displayname);
    expect(received['details[0].key.with=odd&chars']).toBe(AWKWARD);
  });

  it('sends secrets by POST without being asked', async () => {
    const client = clientFor();
    await client
      .callApi('createUser', {
        username: `u${Date.now()}`,
        password: `p@ss ${AWKWARD}`,
        email: 'u@example.com',
        firstname: 'F',
        lastname: 'L',
        account: sim.accounts.user.account,
        domainid: sim.accounts.user.domainId,
      })
      .catch(() => undefined);
    expect(lastRequest('createUser').method).toBe('POST');
    expect(lastRequest('createUser').params.password).toBe(`p@ss ${AWKWARD}`);
  });

  it('signs version 2 requests the server accepts', async () => {
    const client = clientFor('admin', { signatureVersion: 2 });
    await expect(client.callApi('listZones', {})).resolves.toMatchObject({ count: expect.any(Number) });
    expect(lastRequest('listZones').params.expires).toBeUndefined();
  });
});

describe('authentication failures', () => {
  it('an expired request is refused with 401 and CloudStack text, and no credentials in the error', async () => {
    const client = clientFor('admin', { expiresInSeconds: -60 });
    const error = (await client.callApi('listZones', {}).catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.httpStatus).toBe(401);
    expect(error.errorCode).toBe(401);
    expect(error.errorText).toBe('unable to verify user credentials and/or request signature');
    expect(lastRequest('listZones').status).toBe(401);
    expectNoCredentials(error);
  });

  it('a client clock in the past gives the same refusal', async () => {
    const client = clientFor('admin', { now: () => new Date(Date.now() - 3_600_000) });
    await expect(client.callApi('listZones', {})).rejects.toMatchObject({ httpStatus: 401 });
  });

  it('a wrong secret is refused', async () => {
    const client = clientFor('admin', { secretKey: `${sim.accounts.admin.secretKey}x` });
    const error = await client.callApi('listZones', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 401 });
    expect(visibleText(error)).not.toContain(sim.accounts.admin.secretKey);
  });

  it('a role denial is a 432 CloudStackApiError with the server text', async () => {
    const client = clientFor('user');
    const error = (await client
      .callApi('createZone', { name: 'z', dns1: '8.8.8.8', internaldns1: '10.0.0.1', networktype: 'Advanced' })
      .catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.errorCode).toBe(432);
    expect(error.errorText).toMatch(/^The API \[createZone\] does not exist or is not available for the account for user id \[/);
  });

  it('a missing required parameter is a 431 with CloudStack text', async () => {
    const client = clientFor();
    const error = (await client.callApi('deployVirtualMachine', { zoneid: seededIds().zoneid }).catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.httpStatus).toBe(431);
    expect(error.errorText).toMatch(/^Unable to execute API command deployvirtualmachine due to missing parameter /);
  });
});

describe('async jobs', () => {
  it('deployVirtualMachine succeeds through the job, and the VM is listed', async () => {
    const client = clientFor();
    const progress: number[] = [];
    const result = (await client.callApi('deployVirtualMachine', { ...seededIds(), name: 'vm-ok' }, { onProgress: (p) => progress.push(p.polls) })) as {
      virtualmachine: JsonObject;
    };
    expect(result.virtualmachine.name).toBe('vm-ok');
    expect(result.virtualmachine.state).toBe('Running');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress).toEqual(progress.map((_, i) => i + 1));
    const listed = (await client.callApi('listVirtualMachines', { id: result.virtualmachine.id })) as { virtualmachine: JsonObject[] };
    expect(listed.virtualmachine.map((vm) => vm.id)).toEqual([result.virtualmachine.id]);
  });

  it('a failing job surfaces the job error text exactly as queryAsyncJobResult has it', async () => {
    sim.faults.failJobs = ['deployVirtualMachine'];
    const client = clientFor();
    const error = (await client.callApi('deployVirtualMachine', { ...seededIds(), name: 'vm-fail' }).catch((e: unknown) => e)) as CloudStackJobError;
    expect(error).toBeInstanceOf(CloudStackJobError);
    const job = await client.request('queryAsyncJobResult', { jobid: error.jobId });
    expect(job.jobstatus).toBe(2);
    const jobResult = job.jobresult as JsonObject;
    expect(error.errorText).toBe(jobResult.errortext);
    expect(error.errorCode).toBe(jobResult.errorcode);
    expect(error.message).toContain(String(jobResult.errortext));
  });

  it('a job that never ends times out cleanly with its id, and is still pending on the server', async () => {
    sim.faults.neverFinishJobs = ['deployVirtualMachine'];
    const client = clientFor();
    const started = Date.now();
    const error = (await client
      .callApi('deployVirtualMachine', { ...seededIds(), name: 'vm-forever' }, { jobTimeoutMs: 400 })
      .catch((e: unknown) => e)) as CloudStackJobTimeoutError;
    expect(error).toBeInstanceOf(CloudStackJobTimeoutError);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.message).toContain(error.jobId);
    expect(error.message).toContain(`queryAsyncJobResult jobid=${error.jobId}`);
    const job = await client.request('queryAsyncJobResult', { jobid: error.jobId });
    expect(job.jobstatus).toBe(0);
  });

  it('cancelling stops the polling and says the job may still run', async () => {
    sim.faults.neverFinishJobs = ['deployVirtualMachine'];
    const client = clientFor();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 250);
    const error = (await client
      .callApi('deployVirtualMachine', { ...seededIds(), name: 'vm-cancel' }, { signal: controller.signal })
      .catch((e: unknown) => e)) as CloudStackJobAbortedError;
    expect(error).toBeInstanceOf(CloudStackJobAbortedError);
    expect(error.message).toMatch(/may still be running/);
    const pollsAtAbort = requestsFor('queryAsyncJobResult').length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requestsFor('queryAsyncJobResult').length).toBe(pollsAtAbort);
  });
});

describe('paging', () => {
  it('reads 1,200 seeded zones exactly once each', async () => {
    const seeded = sim.state.seed('zone', 1200, { namePrefix: 'paged' });
    const client = clientFor();
    const before = requestsFor('listZones').length;
    const result = await client.listAll('listZones', { keyword: 'paged-' });
    const ids = result.items.map((z) => z.id);
    expect(result.count).toBe(1200);
    expect(ids).toHaveLength(1200);
    expect(new Set(ids).size).toBe(1200);
    expect(new Set(ids)).toEqual(new Set(seeded.map((z) => z.id)));
    const pages = requestsFor('listZones').slice(before);
    expect(pages.map((r) => [r.params.page, r.params.pagesize])).toEqual([
      ['1', '500'],
      ['2', '500'],
      ['3', '500'],
    ]);
  });

  it('reads an empty list as zero items', async () => {
    const client = clientFor();
    await expect(client.listAll('listZones', { keyword: 'no-such-zone-anywhere' })).resolves.toEqual({ count: 0, items: [] });
  });
});

describe('faults', () => {
  // The simulator keeps no record of requests it drops, so attempts are counted as connections
  // through a pass-through proxy (each dropped attempt needs a new one).
  let proxy: CountingProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('a dropped connection is retried for a read, and the final error says how often', async () => {
    sim.faults.dropConnections = ['listZones'];
    proxy = await startCountingProxy(sim.url);
    const client = clientFor('admin', { retries: 2, url: proxy.url });
    const error = (await client.callApi('listZones', {}).catch((e: unknown) => e)) as CloudStackNetworkError;
    expect(error).toBeInstanceOf(CloudStackNetworkError);
    expect(error.attempts).toBe(3);
    expect(proxy.connections()).toBe(3);
    expect(error.message).toContain(`at ${proxy.url}`);
    expect(error.message).toContain('after 3 attempts');
    expectNoCredentials(error);
  });

  it('a read whose connection drops once succeeds on the retry', async () => {
    sim.faults.dropConnections = ['listZones'];
    proxy = await startCountingProxy(sim.url);
    const client = clientFor('admin', {
      retries: 2,
      url: proxy.url,
      // Lift the fault after the first drop, from the retry hook the client logs through.
      logger: { warn: () => {}, debug: () => void (sim.faults.dropConnections = false) },
    });
    await expect(client.callApi('listZones', {})).resolves.toMatchObject({ count: expect.any(Number) });
    expect(proxy.connections()).toBe(2);
  });

  it('a dropped connection is never retried for a mutation', async () => {
    sim.faults.dropConnections = ['createZone'];
    proxy = await startCountingProxy(sim.url);
    const client = clientFor('admin', { retries: 5, url: proxy.url });
    const zonesBefore = sim.state.store.all('zone').length;
    const error = (await client
      .callApi('createZone', { name: 'dropped', dns1: '8.8.8.8', internaldns1: '10.0.0.1', networktype: 'Advanced' })
      .catch((e: unknown) => e)) as CloudStackNetworkError;
    expect(error).toBeInstanceOf(CloudStackNetworkError);
    expect(error.attempts).toBe(1);
    expect(error.mayHaveBeenApplied).toBe(true);
    expect(error.message).toMatch(/check the resource before repeating this change/);
    expect(proxy.connections()).toBe(1);
    expect(sim.state.store.all('zone').length).toBe(zonesBefore);
  });

  it('a 530 keeps CloudStack text', async () => {
    sim.faults.errorRate = 1;
    const client = clientFor();
    const error = (await client.callApi('listZones', {}).catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.httpStatus).toBe(530);
    expect(error.errorCode).toBe(530);
    expect(error.errorText).toBe('Simulated internal error in listZones (the errorRate fault is set)');
    expect(error.message).toContain(error.errorText);
  });

  it('a malformed error body still yields CloudStack text, from X-Description, without credentials', async () => {
    // The simulator corrupts bodies that carry a command name; its error answers do.
    sim.faults.malformedJson = ['deployVirtualMachine'];
    const client = clientFor();
    const error = (await client.callApi('deployVirtualMachine', { zoneid: seededIds().zoneid }).catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.httpStatus).toBe(431);
    expect(error.errorText).toMatch(/^Unable to execute API command deployvirtualmachine due to missing parameter /);
    expectNoCredentials(error);
  });

  it('latency within the timeout is only slower', async () => {
    sim.faults.latencyMs = 100;
    const client = clientFor();
    const started = Date.now();
    const answer = await client.callApi('listZones', {});
    expect(isJsonObject(answer)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });
});
