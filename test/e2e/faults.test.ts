/**
 * Fault knobs × kinds of call (issue 11): every fault the simulator can inject, against a read
 * (listZones through call_read_api), a synchronous change (updateZone) and an async job
 * (deployVirtualMachine). Each call must end within its configured timeout, with the outcome that
 * matches what happened: a read is an error that says what went wrong (or succeeds after the
 * retries the client makes for reads); a change is `failed` only when CloudStack said so, and
 * `unknown` — naming the read or the job that checks — when the answer was lost, unreadable or
 * late. The audit log's "ended" line says the same, and a change is sent exactly once, whatever
 * the fault.
 *
 * The server talks to the simulator through a counting proxy: the simulator does not record a
 * request whose connection it drops, and "sent exactly once" has to hold for those too.
 * (test/e2e/outcomes.test.ts covers createZone with malformed JSON and with latency, a refused
 * updateZone, the connection pool and the audit log failing; this table does not repeat them.)
 */
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';
import { call as rawCall, inner } from '../support/simulator.ts';
import { startSimulator, type FaultSettings, type RunningSimulator } from '../../src/simulator/index.ts';
import { faultApplies, noFaults } from '../../src/simulator/faults.ts';

type Result = CallToolResult & { structuredContent?: Record<string, any> };
const textOf = (r: Result) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** The server's limits in this file: small, so that every row ends in a few seconds. */
const TIMEOUT_MS = 2_000;
const JOB_TIMEOUT_MS = 3_000;
const JOB_POLL_MS = 100;
/** The client's defaults for reads (src/cloudstack/retry.ts): 2 retries, backoff 250 ms doubling (jitter ≤ 100%). */
const READ_RETRIES = 2;
const READ_BACKOFF_MS = 250 + 500;
/** Start-up of a poll, scheduling, the MCP round trip, a busy 2-core machine running other test files. */
const SLACK_MS = 1_000;
/** Latency beyond the request timeout, and latency well inside it. */
const LATE_MS = TIMEOUT_MS + 700;
const SLOW_MS = 400;

/** The most a call of each kind may take: its own limits, plus slack. */
const LIMIT_MS = {
  // Every attempt of a read may run to the timeout; between them the backoff.
  read: (1 + READ_RETRIES) * TIMEOUT_MS + READ_BACKOFF_MS + SLACK_MS,
  // A change is sent once.
  change: TIMEOUT_MS + SLACK_MS,
  // The job wait counts from the deploy being sent; its last poll may itself run to the request timeout.
  job: JOB_TIMEOUT_MS + TIMEOUT_MS + SLACK_MS,
} as const;

// ---------------------------------------------------------------------------------------------
// A proxy in front of the simulator that counts every HTTP request by command, dropped ones too.

interface CountingProxy {
  url: string;
  count(command: string): number;
  reset(): void;
  /** Runs before a request is forwarded (after it was counted): flip faults mid-call. */
  onRequest?: (command: string, nth: number) => void;
  close(): Promise<void>;
}

async function countingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const proxy: CountingProxy = {
    url: '',
    count: (command) => counts.get(command.toLowerCase()) ?? 0,
    reset: () => counts.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://proxy');
      const params = req.method === 'POST' ? new URLSearchParams(body.toString('utf8')) : url.searchParams;
      const command = (params.get('command') ?? '').toLowerCase();
      const nth = (counts.get(command) ?? 0) + 1;
      counts.set(command, nth);
      proxy.onRequest?.(command, nth);
      const headers = { ...req.headers, host: upstream.host, connection: 'close' };
      const forward = httpRequest(
        { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent: false },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('aborted', () => res.destroy());
        },
      );
      // The simulator dropped the connection: so does the proxy, without an answer.
      forward.on('error', () => req.socket.destroy());
      // The server gave up (its timeout): the simulator still gets the request, as CloudStack would.
      res.on('close', () => {
        if (!res.writableFinished) forward.destroy();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
  return proxy;
}

// ---------------------------------------------------------------------------------------------

let sim: RunningSimulator;
let proxy: CountingProxy;
let server: ConnectedServer;
let audit: string;
let zoneId: string;
let deployBase: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 50 });
  proxy = await countingProxy(sim.url);
  audit = join(mkdtempSync(join(tmpdir(), 'cloudstack-mcp-faults-')), 'audit.jsonl');
  // The zone the sync change renames: its own, so the seeded one stays as it is.
  const created = inner(await rawCall(sim, { command: 'createZone', name: 'faults-target', dns1: '8.8.8.8', internaldns1: '10.0.0.2', networktype: 'Basic' }));
  zoneId = created.zone.id as string;
  deployBase = {
    zoneid: sim.state.first('zone').id,
    serviceofferingid: sim.state.first('serviceoffering').id,
    templateid: sim.state.first('template').id,
  };
  const admin = sim.accounts.admin;
  server = await connectToServer([
    '--url', proxy.url, '--api-key', admin.apiKey, '--secret-key', admin.secretKey, '--offline',
    '--audit-log', audit,
    '--timeout-ms', String(TIMEOUT_MS), '--job-timeout-ms', String(JOB_TIMEOUT_MS), '--job-poll-ms', String(JOB_POLL_MS),
  ]);
});
afterAll(async () => {
  await server?.close();
  await proxy?.close();
  await sim?.close();
});
afterEach(() => {
  Object.assign(sim.faults, noFaults());
  proxy.onRequest = undefined;
});

// ---------------------------------------------------------------------------------------------
// The three kinds of call.

type Kind = 'read' | 'change' | 'job';
const TARGET: Record<Kind, string> = { read: 'listZones', change: 'updateZone', job: 'deployVirtualMachine' };

let serial = 0;
interface Called {
  result: Result;
  elapsedMs: number;
  /** The change's own name (updateZone's new name, the VM's name): how to find its audit lines and whether it was applied. */
  name: string;
}

async function callKind(kind: Kind): Promise<Called> {
  const name = `faults-${kind}-${++serial}`;
  const started = Date.now();
  const result = (await (kind === 'read'
    ? server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones', args: {} } }, undefined, { timeout: 60_000 })
    : server.client.callTool(
        {
          name: 'call_api',
          arguments: kind === 'change' ? { api: 'updateZone', args: { id: zoneId, name } } : { api: 'deployVirtualMachine', args: { ...deployBase, name } },
        },
        undefined,
        { timeout: 60_000 },
      ))) as Result;
  return { result, elapsedMs: Date.now() - started, name };
}

/** Whether the change happened on the simulator (the zone has the new name, the VM exists). */
function applied(kind: Kind, name: string): boolean {
  if (kind === 'change') return sim.state.store.all('zone').some((zone) => zone.id === zoneId && zone.data.name === name);
  return sim.state.store.all('virtualmachine').some((vm) => vm.data.name === name);
}

function auditLines(): Array<Record<string, any>> {
  return readFileSync(audit, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}
/** The "ended" line of the change whose "started" line carried this name. */
function endedLine(name: string): Record<string, any> | undefined {
  const lines = auditLines();
  const started = lines.filter((l) => l.event === 'started' && l.args?.name === name);
  expect(started, `one "started" audit line for ${name}`).toHaveLength(1);
  const ended = lines.filter((l) => l.event === 'ended' && l.id === started[0].id);
  expect(ended, `one "ended" audit line for ${name}`).toHaveLength(1);
  return ended[0];
}

/** The job id a result names: structuredContent.jobid, the check's jobid, or the error's jobid. */
function jobIdOf(result: Result): string | undefined {
  const s = result.structuredContent ?? {};
  return s.jobid ?? s.check?.args?.jobid ?? s.error?.jobid;
}

async function simulatorJob(jobId: string): Promise<Record<string, any>> {
  return inner(await rawCall(sim, { command: 'queryAsyncJobResult', jobid: jobId }));
}

// ---------------------------------------------------------------------------------------------
// The table.

type Expected =
  /** A read that answered (possibly after retries). */
  | { read: 'answered'; requests: number }
  /** A read that is an error whose text matches. */
  | { read: 'error'; text: RegExp; requests: number }
  | {
      outcome: 'succeeded' | 'failed' | 'unknown';
      text?: RegExp;
      /** For unknown: the read the result names to check (the job's id or the list API). */
      check?: 'job' | string;
      /** Whether the result (and the audit line) names the job, and the job's status on the simulator then. */
      job?: { jobstatus: 0 | 1 | 2 };
      /** What the simulator did; undefined when it is not the point (it may go either way). */
      applied?: boolean;
    };

interface Row {
  knob: string;
  kind: Kind;
  /** Sets the fault (scoped to `api` where the knob takes a list of APIs). */
  set: (api: string) => Partial<FaultSettings>;
  /** Flips faults while the call is under way. */
  during?: (command: string, nth: number) => void;
  expected: Expected;
}

const scoped = (name: keyof FaultSettings) => (api: string) => ({ [name]: [api] }) as Partial<FaultSettings>;
const succeededJob = { outcome: 'succeeded', job: { jobstatus: 1 }, applied: true } as const;

const ROWS: Row[] = [
  // No fault: the baseline every other row is read against.
  { knob: 'none', kind: 'read', set: () => ({}), expected: { read: 'answered', requests: 1 } },
  { knob: 'none', kind: 'change', set: () => ({}), expected: { outcome: 'succeeded', applied: true } },
  { knob: 'none', kind: 'job', set: () => ({}), expected: succeededJob },

  // latencyMs within the request timeout: slow, not wrong. (Every request, job polls included.)
  { knob: `latencyMs ${SLOW_MS} (< timeout)`, kind: 'read', set: () => ({ latencyMs: SLOW_MS }), expected: { read: 'answered', requests: 1 } },
  { knob: `latencyMs ${SLOW_MS} (< timeout)`, kind: 'change', set: () => ({ latencyMs: SLOW_MS }), expected: { outcome: 'succeeded', applied: true } },
  { knob: `latencyMs ${SLOW_MS} (< timeout)`, kind: 'job', set: () => ({ latencyMs: SLOW_MS }), expected: succeededJob },

  // latencyMs beyond the request timeout: a timeout is not retried, even for a read; a change is
  // unknown — and the simulator applies it after its latency, which is why.
  {
    knob: `latencyMs ${LATE_MS} (> timeout)`, kind: 'read', set: () => ({ latencyMs: LATE_MS }),
    expected: { read: 'error', text: new RegExp(`No answer .* within ${TIMEOUT_MS} ms`), requests: 1 },
  },
  {
    knob: `latencyMs ${LATE_MS} (> timeout)`, kind: 'change', set: () => ({ latencyMs: LATE_MS }),
    expected: { outcome: 'unknown', text: new RegExp(`no answer came within ${TIMEOUT_MS} ms.*may have been applied`, 's'), check: 'listZones', applied: true },
  },
  {
    knob: `latencyMs ${LATE_MS} (> timeout)`, kind: 'job', set: () => ({ latencyMs: LATE_MS }),
    expected: { outcome: 'unknown', text: /may have been applied[^]*listAsyncJobs/, check: 'listVirtualMachines', applied: true },
  },

  // latencyMs beyond the timeout once the job is queued: its poll times out (not retried): unknown, with the job.
  {
    knob: `latencyMs ${LATE_MS} on the job's polls`, kind: 'job', set: () => ({}),
    during: (command, nth) => {
      if (command === 'queryasyncjobresult' && nth === 1) sim.faults.latencyMs = LATE_MS;
    },
    expected: { outcome: 'unknown', text: new RegExp(`Stopped waiting for async job .*polling failed: No answer .* within ${TIMEOUT_MS} ms`), check: 'job', job: { jobstatus: 1 }, applied: true },
  },

  // errorRate 1: every API call answered HTTP 530 by CloudStack: it said no, nothing was applied.
  // 530 is not retried (only 503 is), for reads either.
  { knob: 'errorRate 1', kind: 'read', set: () => ({ errorRate: 1 }), expected: { read: 'error', text: /CloudStack error 530.*errorRate/, requests: 1 } },
  { knob: 'errorRate 1', kind: 'change', set: () => ({ errorRate: 1 }), expected: { outcome: 'failed', text: /CloudStack error 530/, applied: false } },
  { knob: 'errorRate 1', kind: 'job', set: () => ({ errorRate: 1 }), expected: { outcome: 'failed', text: /CloudStack error 530/, applied: false } },
  // errorRate switched on once the job is queued: its polls are refused, the job runs on: unknown, with the job.
  {
    knob: 'errorRate 1 on the job\'s polls', kind: 'job', set: () => ({}),
    during: (command, nth) => {
      if (command === 'queryasyncjobresult' && nth === 1) sim.faults.errorRate = 1;
    },
    expected: { outcome: 'unknown', text: /Stopped waiting for async job .*polling failed.*530/, check: 'job', job: { jobstatus: 1 }, applied: true },
  },

  // failJobs: only async jobs fail; the read and the sync change are untouched.
  { knob: 'failJobs', kind: 'read', set: scoped('failJobs'), expected: { read: 'answered', requests: 1 } },
  { knob: 'failJobs', kind: 'change', set: scoped('failJobs'), expected: { outcome: 'succeeded', applied: true } },
  {
    knob: 'failJobs', kind: 'job', set: scoped('failJobs'),
    expected: { outcome: 'failed', text: /Async job .* failed with error 530/, job: { jobstatus: 2 } },
  },

  // neverFinishJobs: the job is still running when the wait runs out: unknown, with the job id.
  { knob: 'neverFinishJobs', kind: 'read', set: scoped('neverFinishJobs'), expected: { read: 'answered', requests: 1 } },
  { knob: 'neverFinishJobs', kind: 'change', set: scoped('neverFinishJobs'), expected: { outcome: 'succeeded', applied: true } },
  {
    knob: 'neverFinishJobs', kind: 'job', set: scoped('neverFinishJobs'),
    expected: { outcome: 'unknown', text: new RegExp(`did not finish within ${JOB_TIMEOUT_MS} ms.*query_async_job_result`, 's'), check: 'job', job: { jobstatus: 0 } },
  },

  // malformedJson: the answer cannot be read. A read says so (not retried); a change is unknown,
  // and it was applied.
  { knob: 'malformedJson', kind: 'read', set: scoped('malformedJson'), expected: { read: 'error', text: /Unreadable answer to listZones.*not valid JSON/, requests: 1 } },
  {
    knob: 'malformedJson', kind: 'change', set: scoped('malformedJson'),
    expected: { outcome: 'unknown', text: /its answer could not be read, so it may have been applied/, check: 'listZones', applied: true },
  },
  {
    knob: 'malformedJson', kind: 'job', set: scoped('malformedJson'),
    expected: { outcome: 'unknown', text: /its answer could not be read[^]*listAsyncJobs/, check: 'listVirtualMachines', applied: true },
  },
  {
    knob: 'malformedJson on queryAsyncJobResult', kind: 'job', set: () => ({ malformedJson: ['queryAsyncJobResult'] }),
    expected: { outcome: 'unknown', text: /Stopped waiting for async job .*polling failed.*Unreadable answer/, check: 'job', job: { jobstatus: 1 }, applied: true },
  },

  // dropConnections: the connection closes without an answer. A read is retried, then an error
  // that says how many attempts; a change is unknown and sent once (the simulator drops it
  // before running it, but the server cannot know that).
  { knob: 'dropConnections', kind: 'read', set: scoped('dropConnections'), expected: { read: 'error', text: new RegExp(`after ${1 + READ_RETRIES} attempts`), requests: 1 + READ_RETRIES } },
  {
    knob: 'dropConnections (first request only)', kind: 'read', set: scoped('dropConnections'),
    during: (command, nth) => {
      if (command === 'listzones' && nth === 2) sim.faults.dropConnections = false;
    },
    expected: { read: 'answered', requests: 2 },
  },
  {
    knob: 'dropConnections', kind: 'change', set: scoped('dropConnections'),
    expected: { outcome: 'unknown', text: /the connection broke before the whole answer came, so it may have been applied/, check: 'listZones', applied: false },
  },
  {
    knob: 'dropConnections', kind: 'job', set: scoped('dropConnections'),
    expected: { outcome: 'unknown', text: /the connection broke[^]*listAsyncJobs/, check: 'listVirtualMachines', applied: false },
  },
  {
    knob: 'dropConnections on queryAsyncJobResult', kind: 'job', set: () => ({ dropConnections: ['queryAsyncJobResult'] }),
    expected: { outcome: 'unknown', text: /Stopped waiting for async job .*polling failed/, check: 'job', job: { jobstatus: 1 }, applied: true },
  },
];

describe('every fault knob against a read, a sync change and an async job', () => {
  for (const row of ROWS) {
    const title = `${row.knob} × ${row.kind} (${TARGET[row.kind]}): ${'read' in row.expected ? `read ${row.expected.read}` : row.expected.outcome}`;
    it(title, async () => {
      const api = TARGET[row.kind];
      proxy.reset();
      const requestsBefore = sim.requests.filter((r) => r.command === api).length;
      Object.assign(sim.faults, row.set(api));
      if (row.during) proxy.onRequest = row.during;

      const latencyMs = sim.faults.latencyMs;
      const { result, elapsedMs, name } = await callKind(row.kind);
      // The faults off again: looking at the simulator must not meet them.
      Object.assign(sim.faults, noFaults());
      proxy.onRequest = undefined;
      const text = textOf(result);
      const context = `${title}\n${text}\n${JSON.stringify(result.structuredContent)}`;

      // Within its limits.
      expect(elapsedMs, context).toBeLessThan(LIMIT_MS[row.kind]);
      // FAULTS_TABLE=FILE appends the rows of the table in docs/performance.md to FILE.
      if (process.env.FAULTS_TABLE) {
        const s = result.structuredContent ?? {};
        const shown = s.outcome ?? (result.isError ? 'error' : 'answered');
        const line = `| ${row.knob} | ${row.kind} | ${shown}${s.check ? ` (check ${s.check.api})` : ''} | ${elapsedMs} | ${proxy.count(api)} |\n`;
        appendFileSync(process.env.FAULTS_TABLE, line);
      }

      const expected = row.expected;
      if ('read' in expected) {
        expect(proxy.count(api), `${api} requests on the wire\n${context}`).toBe(expected.requests);
        if (expected.read === 'answered') {
          expect(result.isError, context).toBeFalsy();
          expect(result.structuredContent?.zone, context).toEqual(expect.arrayContaining([expect.objectContaining({ id: zoneId })]));
        } else {
          expect(result.isError, context).toBe(true);
          expect(text, context).toMatch(expected.text);
          // A read has no outcome: nothing to be unsure about.
          expect(result.structuredContent?.outcome, context).toBeUndefined();
        }
        return;
      }

      // A change: sent exactly once, whatever the fault.
      expect(proxy.count(api), `${api} requests on the wire (a change is never repeated)\n${context}`).toBe(1);
      expect(result.structuredContent?.outcome, context).toBe(expected.outcome);
      // A tool error unless it succeeded — or its job may still be running: that is not an error
      // of the job, the result is the job's id (src/mcp/outcome.ts).
      expect(!!result.isError, context).toBe(expected.outcome !== 'succeeded' && expected.check !== 'job');
      if (expected.text) expect(text, context).toMatch(expected.text);
      if (expected.outcome === 'failed') expect(text, context).not.toMatch(/may (have been|still be) applied/);
      if (expected.outcome === 'unknown') {
        if (expected.check === 'job') {
          expect(result.structuredContent?.check, context).toEqual({ api: 'queryAsyncJobResult', args: { jobid: jobIdOf(result) } });
        } else {
          expect(result.structuredContent?.check?.api, context).toBe(expected.check);
          // The check lists by what identifies the change: the zone's id, the VM's name.
          expect(result.structuredContent?.check?.args, context).toEqual(row.kind === 'change' ? { id: zoneId } : { name });
        }
      }

      // The audit log says the same, job id included.
      const ended = endedLine(name);
      expect(ended?.outcome, context).toBe(expected.outcome);
      const jobId = jobIdOf(result) ?? (expected.outcome === 'succeeded' ? ended?.jobId : undefined);
      if (jobIdOf(result)) expect(ended?.jobId, context).toBe(jobId);
      if (expected.job) {
        expect(jobId, `the result names the job\n${context}`).toMatch(/^[0-9a-f-]{36}$/);
        expect((await simulatorJob(jobId!)).jobstatus, context).toBe(expected.job.jobstatus);
      } else if (row.kind === 'job' && expected.outcome !== 'succeeded') {
        // No job was queued (or none the server could have learnt of).
        expect(jobId, context).toBeUndefined();
      }

      // A late answer: let the simulator finish what it was asked, then see what it did. It ran the
      // change once; a dropped connection never got that far.
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.max(0, latencyMs - elapsedMs) + 200));
      const dropped = faultApplies(row.set(api).dropConnections ?? false, api);
      const recorded = sim.requests.filter((r) => r.command === api).length - requestsBefore;
      expect(recorded, `${api} requests the simulator recorded\n${context}`).toBe(dropped ? 0 : 1);
      if (expected.applied !== undefined) {
        expect(applied(row.kind, name), `applied on the simulator\n${context}`).toBe(expected.applied);
      }
    });
  }
});

describe('after the faults', () => {
  it('the same server still answers every kind of call normally', async () => {
    for (const kind of ['read', 'change', 'job'] as const) {
      const { result, elapsedMs } = await callKind(kind);
      expect(result.isError, `${kind}: ${textOf(result)}`).toBeFalsy();
      expect(elapsedMs).toBeLessThan(LIMIT_MS[kind]);
    }
  });
});
