import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { noFaults } from '../../src/simulator/faults.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { call, callAndWait, inner, sendRaw, waitForJob } from '../support/simulator.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 60 });
});
afterAll(() => sim.close());
beforeEach(() => {
  Object.assign(sim.faults, noFaults());
});

function deployParams(): Record<string, string> {
  return {
    command: 'deployVirtualMachine',
    zoneid: sim.state.first('zone').id,
    serviceofferingid: sim.state.first('serviceoffering').id,
    templateid: sim.state.first('template').id,
  };
}

describe('async jobs', () => {
  it('answers {id, jobid} at once, stays pending for the delay, then finishes with the entity', async () => {
    // A long delay of its own, so that "still pending" cannot race the job on a busy machine.
    const slow = await startSimulator({ jobDelayMs: 1500 });
    try {
      await checkLifecycle(slow);
    } finally {
      await slow.close();
    }
  });

  it('puts success-only texts under details and lists jobs under asyncjobs', async () => {
    const { job } = await callAndWait(sim, { command: 'deleteSnapshot', id: (await makeSnapshot()).id });
    expect(job.jobresult).toEqual({ success: true });
    const jobs = inner(await call(sim, { command: 'listAsyncJobs' }));
    expect(jobs.count).toBeGreaterThan(0);
    expect(jobs.asyncjobs.some((j: { jobid: string }) => j.jobid === job.jobid)).toBe(true);
    // Users do not see the admin's jobs.
    const userJobs = inner(await call(sim, { command: 'listAsyncJobs' }, { as: sim.accounts.user }));
    expect(userJobs.asyncjobs ?? []).toEqual([]);
    const foreign = await call(sim, { command: 'queryAsyncJobResult', jobid: job.jobid }, { as: sim.accounts.user });
    expect(foreign.status).toBe(531);
  });

  it('fails jobs with 530 and only errorcode/errortext when failJobs is set', async () => {
    sim.faults.failJobs = ['deployVirtualMachine'];
    const { answer, job } = await callAndWait(sim, deployParams());
    expect(job.jobstatus).toBe(2);
    expect(job.jobresultcode).toBe(530);
    expect(Object.keys(job.jobresult)).toEqual(['errorcode', 'errortext']);
    expect(job.jobresult.errorcode).toBe(530);
    // The half-deployed VM is left in Error, as CloudStack leaves it.
    const vm = inner(await call(sim, { command: 'listVirtualMachines', id: inner(answer).id })).virtualmachine[0];
    expect(vm.state).toBe('Error');
    // Other commands still succeed.
    const other = await callAndWait(sim, { command: 'createSnapshot', volumeid: sim.state.seed('volume', 1)[0].id });
    expect(other.job.jobstatus).toBe(1);
  });

  it('keeps jobs pending forever when neverFinishJobs is set', async () => {
    sim.faults.neverFinishJobs = true;
    const jobid = inner(await call(sim, deployParams())).jobid;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(inner(await call(sim, { command: 'queryAsyncJobResult', jobid })).jobstatus).toBe(0);
  });
});


async function checkLifecycle(sim: RunningSimulator): Promise<void> {
  const answer = await call(sim, {
    command: 'deployVirtualMachine',
    zoneid: sim.state.first('zone').id,
    serviceofferingid: sim.state.first('serviceoffering').id,
    templateid: sim.state.first('template').id,
  });
    const { id, jobid } = inner(answer);
    expect(Object.keys(inner(answer))).toEqual(['id', 'jobid']);

    const pending = inner(await call(sim, { command: 'queryAsyncJobResult', jobid }));
    expect(pending).toMatchObject({ jobstatus: 0, jobprocstatus: 0, jobresultcode: 0, jobinstancetype: 'VirtualMachine', jobinstanceid: id, jobid });
    expect(pending).not.toHaveProperty('jobresulttype');
    expect(pending).not.toHaveProperty('jobresult');
    expect(pending).not.toHaveProperty('completed');
    expect(pending.cmd).toBe('org.apache.cloudstack.api.command.admin.vm.DeployVMCmdByAdmin');
    // The VM is visible while it starts.
    const starting = inner(await call(sim, { command: 'listVirtualMachines', id }));
    expect(starting.virtualmachine[0].state).toBe('Starting');

    const done = await waitForJob(sim, jobid, { timeoutMs: 10_000 });
    expect(Object.keys(done)).toEqual([
      'accountid', 'account', 'domainid', 'domainpath', 'userid', 'cmd', 'jobstatus', 'jobprocstatus', 'jobresultcode',
      'jobresulttype', 'jobresult', 'jobinstancetype', 'jobinstanceid', 'managementserverid', 'created', 'completed', 'jobid',
    ]);
    expect(done).toMatchObject({ jobstatus: 1, jobresultcode: 0, jobresulttype: 'object' });
    expect(done.completed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
    // The job's result is the object the list shows (plus the one-time password).
    const listed = inner(await call(sim, { command: 'listVirtualMachines', id })).virtualmachine[0];
    const { password, ...vm } = done.jobresult.virtualmachine;
    expect(vm).toEqual(listed);
    expect(sim.knownSecrets).toContain(password);
    expect(listed.state).toBe('Running');
  }

async function makeSnapshot(): Promise<{ id: string }> {
  const { job } = await callAndWait(sim, { command: 'createSnapshot', volumeid: sim.state.seed('volume', 1)[0].id });
  return job.jobresult.snapshot;
}

describe('transport faults', () => {
  it('adds latency', async () => {
    sim.faults.latencyMs = 120;
    const started = Date.now();
    await call(sim, { command: 'listZones' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('answers 530 at the configured error rate', async () => {
    sim.faults.errorRate = 1;
    const answer = await call(sim, { command: 'listZones' });
    expect(answer.status).toBe(530);
    expect(inner(answer).errorcode).toBe(530);
    sim.faults.errorRate = 0;
    expect((await call(sim, { command: 'listZones' })).status).toBe(200);
  });

  it('sends malformed JSON for the chosen commands only', async () => {
    sim.faults.malformedJson = ['listZones'];
    const broken = await call(sim, { command: 'listZones' });
    expect(broken.status).toBe(200);
    expect(broken.body).toBeUndefined();
    expect(() => JSON.parse(broken.text)).toThrow();
    expect((await call(sim, { command: 'listPods' })).body).toBeDefined();
  });

  it('drops the connection without an answer', async () => {
    sim.faults.dropConnections = true;
    await expect(sendRaw(sim.url, 'GET', 'command=listZones&response=json')).rejects.toThrow();
  });
});
