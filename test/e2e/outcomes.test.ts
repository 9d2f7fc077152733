/**
 * Honest outcomes end to end (issue 11): every change ends as succeeded, failed (CloudStack said
 * so), unknown (sent, answer lost or unreadable) or not sent — and the tool text, its
 * structuredContent.outcome and the audit log's "ended" line agree. The real server over stdio
 * against an in-process simulator whose faults are switched per test.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { noFaults } from '../../src/simulator/faults.ts';

type Result = CallToolResult & { structuredContent?: Record<string, any> };
const textOf = (r: Result) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

let sim: RunningSimulator;
let dir: string;
let servers: ConnectedServer[] = [];

beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 20 });
  dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-outcomes-'));
});
afterAll(async () => sim.close());
afterEach(async () => {
  Object.assign(sim.faults, noFaults());
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

let files = 0;
/** A server against the simulator (offline: no start-up listApis to slow down), with its own audit file. */
async function start(extra: string[] = []): Promise<{ server: ConnectedServer; audit: string }> {
  const admin = sim.accounts.admin;
  const audit = join(dir, `audit-${++files}.jsonl`);
  const server = await connectToServer([
    '--url', sim.url, '--api-key', admin.apiKey, '--secret-key', admin.secretKey,
    '--audit-log', audit, '--job-poll-ms', '20', '--offline', ...extra,
  ]);
  servers.push(server);
  return { server, audit };
}

const callApi = (server: ConnectedServer, args: Record<string, unknown>) =>
  server.client.callTool({ name: 'call_api', arguments: args }, undefined, { timeout: 60_000 }) as Promise<Result>;
const readApi = (server: ConnectedServer, args: Record<string, unknown>) =>
  server.client.callTool({ name: 'call_read_api', arguments: args }) as Promise<Result>;
const zoneArgs = (name: string) => ({ name, dns1: '8.8.8.8', internaldns1: '10.0.0.2', networktype: 'Basic' });
const zonesNamed = (name: string) => sim.state.store.all('zone').filter((zone) => zone.data.name === name);
const received = (command: string) => sim.requests.filter((r) => r.command === command).length;

function auditLines(file: string): Array<Record<string, any>> {
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}
const endedLines = (file: string, api: string) => auditLines(file).filter((l) => l.api === api && l.event === 'ended');

describe('unknown outcomes are not reported as failures', () => {
  it('malformed JSON after createZone: the zone exists, the tool says it may have been applied and how to check, the audit says unknown', async () => {
    const { server, audit } = await start();
    sim.faults.malformedJson = ['createZone'];
    const result = await callApi(server, { api: 'createZone', args: zoneArgs('outcome-malformed') });
    expect(zonesNamed('outcome-malformed')).toHaveLength(1);
    const text = textOf(result);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/outcome unknown/i);
    expect(text).toMatch(/may have been applied/);
    expect(text).toContain('listZones');
    expect(text).toContain('"name":"outcome-malformed"');
    expect(result.structuredContent).toMatchObject({ outcome: 'unknown', check: { api: 'listZones', args: { name: 'outcome-malformed' } } });
    expect(endedLines(audit, 'createZone')).toMatchObject([{ outcome: 'unknown' }]);
  });

  it('a change whose answer does not come within the request timeout is unknown, in the text and the audit', async () => {
    const { server, audit } = await start(['--timeout-ms', '300']);
    sim.faults.latencyMs = 900;
    const result = await callApi(server, { api: 'createZone', args: zoneArgs('outcome-timeout') });
    const text = textOf(result);
    expect(text).toMatch(/within 300 ms/);
    expect(text).toMatch(/may (have been|still be) applied/);
    expect(text).toContain('listZones');
    expect(result.structuredContent?.outcome).toBe('unknown');
    expect(endedLines(audit, 'createZone')).toMatchObject([{ outcome: 'unknown' }]);
    // It was on the wire: the simulator applies it after its latency.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(zonesNamed('outcome-timeout')).toHaveLength(1);
  });

  it('CloudStack saying no is failed, and nothing else', async () => {
    const { server, audit } = await start();
    const result = await callApi(server, { api: 'updateZone', args: { id: '00000000-0000-4000-8000-000000000000', name: 'outcome-refused' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/CloudStack error 4\d\d/);
    expect(textOf(result)).not.toMatch(/may have been applied/);
    expect(result.structuredContent?.outcome).toBe('failed');
    expect(endedLines(audit, 'updateZone')).toMatchObject([{ outcome: 'failed' }]);
  });

  it('a succeeded change says so in structuredContent and the audit', async () => {
    const { server, audit } = await start();
    const result = await callApi(server, { api: 'createZone', args: zoneArgs('outcome-ok') });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.outcome).toBe('succeeded');
    expect(endedLines(audit, 'createZone')).toMatchObject([{ outcome: 'succeeded' }]);
  });
});

describe('a job that ends with no result', () => {
  it('is a success that says there is nothing to show, not an empty answer (addOpenDaylightController sets no response)', async () => {
    const { server, audit } = await start();
    const zoneid = sim.state.store.all('zone')[0].id;
    const network = await callApi(server, { api: 'createPhysicalNetwork', args: { zoneid, name: 'odl-physnet' } });
    const physicalnetworkid = network.structuredContent!.physicalnetwork.id as string;
    const args = { physicalnetworkid, url: 'https://odl.example.com:8443', username: 'admin', password: 'odl-pass' };
    const result = await callApi(server, { api: 'addOpenDaylightController', args });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent?.outcome).toBe('succeeded');
    expect(textOf(result)).toMatch(/succeeded but with no result \(this command sets none\)/);
    const [ended] = endedLines(audit, 'addOpenDaylightController');
    expect(ended).toMatchObject({ outcome: 'succeeded' });
    // As CloudStack keeps it: succeeded, and no jobresult at all.
    const job = (await server.client.callTool({ name: 'query_async_job_result', arguments: { jobid: ended.jobId } })) as Result;
    expect(job.structuredContent).toMatchObject({ jobstatus: 1, jobresultcode: 0 });
    expect(job.structuredContent).not.toHaveProperty('jobresult');
  });
});

describe('waiting for a connection is not time on the wire', () => {
  it('calls queued behind the 8 connections get the full request timeout once sent: 12 concurrent changes all succeed', async () => {
    const { server, audit } = await start(['--timeout-ms', '1500']);
    sim.faults.latencyMs = 1_000;
    const names = Array.from({ length: 12 }, (_, i) => `outcome-queued-${i}`);
    const results = await Promise.all(names.map((name) => callApi(server, { api: 'createZone', args: zoneArgs(name) })));
    expect(results.map((r) => (r.isError ? textOf(r) : 'ok'))).toEqual(names.map(() => 'ok'));
    for (const name of names) expect(zonesNamed(name)).toHaveLength(1);
    const ended = endedLines(audit, 'createZone');
    expect(ended.map((l) => l.outcome)).toEqual(names.map(() => 'succeeded'));
    // The wait for a connection is reported apart from the time on the wire.
    expect(ended.filter((l) => l.connectionWaitMs >= 500)).toHaveLength(4);
    for (const line of ended) expect(line.wireMs).toBeGreaterThanOrEqual(900);
  });

  it('under load every outcome is what happened: 30 concurrent deploys, each told and audited as CloudStack saw it', async () => {
    const { server, audit } = await start(['--timeout-ms', '2000']);
    sim.faults.latencyMs = 800;
    const base = {
      zoneid: sim.state.first('zone').id,
      serviceofferingid: sim.state.first('serviceoffering').id,
      templateid: sim.state.first('template').id,
    };
    const names = Array.from({ length: 30 }, (_, i) => `outcome-load-${i}`);
    const results = await Promise.all(names.map((name) => callApi(server, { api: 'deployVirtualMachine', args: { ...base, name } })));
    const created = (name: string) => sim.state.store.all('virtualmachine').some((vm) => vm.data.name === name);
    const lies: string[] = [];
    const told = new Map<string, string>();
    results.forEach((result, i) => {
      const outcome = result.structuredContent?.outcome as string;
      told.set(names[i], outcome);
      if (outcome === 'succeeded' && !created(names[i])) lies.push(`${names[i]}: succeeded but no VM`);
      if ((outcome === 'not-sent' || outcome === 'failed') && created(names[i])) lies.push(`${names[i]}: ${outcome} but the VM exists`);
      if (outcome === 'not-sent' && !/not sent/i.test(textOf(result))) lies.push(`${names[i]}: not-sent without saying so`);
      if (outcome === 'unknown' && !/may (have been|still be) applied|may still be running/.test(textOf(result))) lies.push(`${names[i]}: unknown without saying so`);
      if (!['succeeded', 'unknown', 'not-sent', 'failed'].includes(outcome)) lies.push(`${names[i]}: outcome ${outcome}`);
    });
    expect(lies).toEqual([]);
    // The pool (8) is smaller than the load: the first rounds succeed, the last wait out the
    // connection wait (2 s, the timeout) and are not sent — none is a created VM told as failed.
    const count = (outcome: string) => [...told.values()].filter((o) => o === outcome).length;
    expect(count('succeeded')).toBeGreaterThan(8);
    expect(count('not-sent')).toBeGreaterThan(0);
    // The audit says what the tool said, call by call.
    const lines = auditLines(audit).filter((l) => l.api === 'deployVirtualMachine');
    const nameOf = new Map(lines.filter((l) => l.event === 'started').map((l) => [l.id, l.args.name]));
    const audited = new Map(lines.filter((l) => l.event === 'ended').map((l) => [nameOf.get(l.id), l.outcome]));
    expect(audited).toEqual(told);
  }, 120_000);

  it('no connection free within --connection-wait-ms: not sent, said so, audited not-sent; the pool size is --connections', async () => {
    const { server, audit } = await start(['--connections', '1', '--connection-wait-ms', '300', '--timeout-ms', '5000']);
    sim.faults.latencyMs = 1_000;
    const before = received('createZone');
    const [first, second] = await Promise.all([
      callApi(server, { api: 'createZone', args: zoneArgs('outcome-pool-1') }),
      new Promise((resolve) => setTimeout(resolve, 100)).then(() => callApi(server, { api: 'createZone', args: zoneArgs('outcome-pool-2') })),
    ]);
    expect(first.isError).toBeFalsy();
    expect(second.isError).toBe(true);
    expect(textOf(second)).toMatch(/not sent/i);
    expect(textOf(second)).toMatch(/no connection .*free within 300 ms/i);
    expect(textOf(second)).not.toMatch(/may (have been|still be) applied/);
    expect(second.structuredContent?.outcome).toBe('not-sent');
    expect(received('createZone')).toBe(before + 1);
    expect(zonesNamed('outcome-pool-2')).toHaveLength(0);
    expect(endedLines(audit, 'createZone').map((l) => l.outcome).sort()).toEqual(['not-sent', 'succeeded']);
  });
});

describe('the audit log cannot hide or half-do a change', () => {
  it('an "ended" write failing after the call was sent: the created zone is still reported, and stderr says so loudly', async () => {
    const { server, audit } = await start();
    // The answer takes 2 s: time enough to break the audit log between the "started" line (written
    // before the request is sent) and the "ended" one, however slow the machine.
    sim.faults.latencyMs = 2_000;
    const call = callApi(server, { api: 'createZone', args: zoneArgs('outcome-audit-after') });
    const deadline = Date.now() + 10_000;
    while (!existsSync(audit) || auditLines(audit).length === 0) {
      if (Date.now() > deadline) throw new Error('no "started" audit line within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(auditLines(audit).map((l) => l.event)).toEqual(['started']);
    rmSync(audit);
    mkdirSync(audit); // appending to a directory fails with EISDIR
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(zonesNamed('outcome-audit-after')).toHaveLength(1);
    expect(textOf(result)).toContain('outcome-audit-after');
    expect(textOf(result)).toMatch(/audit log could not be written/i);
    expect(result.structuredContent?.outcome).toBe('succeeded');
    expect(server.stderr()).toMatch(/AUDIT LOG WRITE FAILED.*createZone.*succeeded/);
  });

  it('a "started" write failing: the change is not sent, and the tool says so', async () => {
    const { server, audit } = await start();
    mkdirSync(audit);
    const before = received('createZone');
    const result = await callApi(server, { api: 'createZone', args: zoneArgs('outcome-audit-before') });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/not sent/i);
    expect(textOf(result)).toMatch(/audit log/i);
    expect(result.structuredContent?.outcome).toBe('not-sent');
    expect(received('createZone')).toBe(before);
    expect(zonesNamed('outcome-audit-before')).toHaveLength(0);
    expect(server.stderr()).toMatch(/AUDIT LOG WRITE FAILED/);
  });
});

describe('paging arguments', () => {
  it('page 0 is refused before anything is sent, not answered with "more after this page"', async () => {
    const { server } = await start();
    const before = received('listZones');
    const result = await readApi(server, { api: 'listZones', args: { page: 0, pagesize: 1 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/page.*1 or more/);
    expect(textOf(result)).not.toMatch(/more after this page/);
    expect(received('listZones')).toBe(before);
  });

  it('pagesize -1 (all) works: lowered to one result\'s worth, no page CloudStack refuses beside it', async () => {
    const { server } = await start(['--max-items', '2']);
    sim.state.seed('zone', 3, { namePrefix: 'outcome-page' });
    const result = await readApi(server, { api: 'listZones', args: { pagesize: -1 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ page: 1, pagesize: 2 });
    expect(textOf(result)).toMatch(/pagesize -1 .*lowered to 2/);
    expect(textOf(result)).toMatch(/more after this page; call again with page=2, pagesize=2/);
  });

  it('page without pagesize gets the default page size instead of a CloudStack error', async () => {
    const { server } = await start(['--max-items', '2']);
    const result = await readApi(server, { api: 'listZones', args: { page: 2 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ page: 2, pagesize: 2 });
  });
});

describe('a change refused before it is sent', () => {
  it('ends as not-sent too: invalid arguments carry the outcome, and nothing reaches CloudStack', async () => {
    const { server } = await start();
    const before = received('createZone');
    const result = await callApi(server, { api: 'createZone', args: { name: 'never', dns1: 42 } });
    expect(result.isError).toBe(true);
    expect((result.structuredContent as { outcome?: string }).outcome).toBe('not-sent');
    expect(textOf(result)).toMatch(/nothing was sent to CloudStack/);
    expect(received('createZone')).toBe(before);
    const read = await readApi(server, { api: 'listZones', args: { id: 42 } });
    expect((read.structuredContent as { outcome?: string } | undefined)?.outcome).toBeUndefined();
  });
});
