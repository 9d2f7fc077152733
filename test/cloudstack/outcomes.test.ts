/**
 * What the client tells about a call that did not get a clean answer (issue 11): whether it may
 * have been applied, and where its time went. Waiting for one of the pool's connections has its
 * own bound and ends in "not sent"; the request timeout starts once the request is on the wire.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloudStackClient, type CloudStackClientOptions } from '../../src/cloudstack/client.ts';
import {
  CloudStackAbortedError,
  CloudStackConnectionWaitError,
  CloudStackHttpError,
  CloudStackProtocolError,
  CloudStackTimeoutError,
} from '../../src/cloudstack/errors.ts';
import type { ExchangeTiming } from '../../src/cloudstack/transport.ts';
import { apiModel, modelDocument, param } from '../support/cloudstack-fixtures.ts';
import { envelope, startTestServer, type Handler, type TestServer } from '../support/http-server.ts';

const model = modelDocument([
  apiModel('listZones', [param('name', 'string')], { responseKey: 'zone' }),
  apiModel('createZone', [param('name', 'string')], { responseKey: 'zone', responseKind: 'object' }),
  apiModel('deployVirtualMachine', [param('name', 'string')], { isAsync: true, responseKey: 'virtualmachine' }),
  apiModel('queryAsyncJobResult', [param('jobid', 'uuid')], { access: 'read', responseKind: 'object' }),
]);

let server: TestServer | undefined;
let client: CloudStackClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function setup(handler: Handler, options: Partial<CloudStackClientOptions> = {}) {
  server = await startTestServer(handler);
  client = new CloudStackClient({
    url: server.url,
    apiKey: 'ak-outcomes-0123456789',
    secretKey: 'sk-outcomes-0123456789',
    model,
    retries: 0,
    jobPolling: { initialDelayMs: 1, maxDelayMs: 5 },
    logger: { warn: () => undefined },
    ...options,
  });
  return { server, client };
}

const zone = (name: string) => ({ body: envelope('createZone', { zone: { id: `id-${name}`, name } }) });

describe('the request timeout starts on the wire', () => {
  it('a change queued behind a busy pool still gets its full timeout once sent', async () => {
    const { server, client } = await setup(async (hit) => {
      await delay(200);
      return zone(hit.params.name);
    }, { connections: 1, timeoutMs: 300, connectionWaitMs: 2_000 });
    const timings: ExchangeTiming[] = [];
    const results = await Promise.all(
      ['a', 'b', 'c'].map((name) => client.callApi('createZone', { name }, { onExchange: (t) => timings.push(t) })),
    );
    expect(results).toEqual(['a', 'b', 'c'].map((name) => ({ zone: { id: `id-${name}`, name } })));
    expect(server.hitsFor('createZone')).toHaveLength(3);
    // Where the time went: the third waited for two answers, then spent ~200 ms on the wire.
    const waits = timings.map((t) => t.connectionWaitMs).sort((x, y) => x - y);
    expect(waits[2]).toBeGreaterThanOrEqual(350);
    for (const t of timings) {
      expect(t.sent).toBe(true);
      expect(t.wireMs).toBeGreaterThanOrEqual(180);
      expect(t.wireMs).toBeLessThan(300);
    }
  });

  it('no connection free within connectionWaitMs: not sent, never seen by the server, and it says so', async () => {
    const { server, client } = await setup(async (hit) => {
      await delay(300);
      return zone(hit.params.name);
    }, { connections: 1, connectionWaitMs: 100, timeoutMs: 5_000 });
    const timings: ExchangeTiming[] = [];
    const [first, second] = await Promise.allSettled([
      client.callApi('createZone', { name: 'first' }),
      client.callApi('createZone', { name: 'second' }, { onExchange: (t) => timings.push(t) }),
    ]);
    expect(first.status).toBe('fulfilled');
    const error = (second as PromiseRejectedResult).reason as CloudStackConnectionWaitError;
    expect(error).toBeInstanceOf(CloudStackConnectionWaitError);
    expect(error.mayHaveBeenApplied).toBe(false);
    expect(error.reason).toBe('busy');
    expect(error.message).toContain(`No connection to ${server.url} was free within 100 ms for createZone`);
    expect(error.message).toContain('not sent');
    expect(timings).toEqual([{ connectionWaitMs: expect.any(Number), sent: false }]);
    expect(timings[0].connectionWaitMs).toBeGreaterThanOrEqual(95);
    expect(server.hitsFor('createZone').map((hit) => hit.params.name)).toEqual(['first']);
  });

  it('cancelled while waiting for a connection: not sent', async () => {
    const { server, client } = await setup(async () => {
      await delay(300);
      return zone('x');
    }, { connections: 1 });
    const controller = new AbortController();
    const first = client.callApi('createZone', { name: 'first' });
    const second = client.callApi('createZone', { name: 'second' }, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    const error = (await second) as CloudStackAbortedError;
    expect(error).toBeInstanceOf(CloudStackAbortedError);
    expect(error.mayHaveBeenApplied).toBe(false);
    await first;
    expect(server.hitsFor('createZone')).toHaveLength(1);
  });

  it('a change without an answer on the wire may have been applied, and the wait before sending is told apart', async () => {
    const { client } = await setup(() => ({ hang: true }), { timeoutMs: 150 });
    const timings: ExchangeTiming[] = [];
    const error = (await client.callApi('createZone', { name: 'z' }, { onExchange: (t) => timings.push(t) }).catch((e: unknown) => e)) as CloudStackTimeoutError;
    expect(error).toBeInstanceOf(CloudStackTimeoutError);
    expect(error.mayHaveBeenApplied).toBe(true);
    expect(error.message).toMatch(/may still be applied/);
    expect(timings).toHaveLength(1);
    expect(timings[0].sent).toBe(true);
    expect(timings[0].wireMs).toBeGreaterThanOrEqual(140);
  });

  it('a job poll that finds no free connection is tried again, not taken for a lost job', async () => {
    let polls = 0;
    const { client } = await setup(async (hit) => {
      if (hit.params.command === 'deployVirtualMachine') return { body: envelope('deployVirtualMachine', { jobid: 'job-1', id: 'vm-1' }) };
      if (hit.params.command === 'listZones') {
        await delay(400);
        return { body: envelope('listZones', { count: 0, zone: [] }) };
      }
      polls++;
      return { body: envelope('queryAsyncJobResult', { jobid: 'job-1', jobstatus: 1, jobresult: { virtualmachine: { id: 'vm-1' } } }) };
    }, { connections: 1, connectionWaitMs: 100, jobPolling: { initialDelayMs: 20, maxDelayMs: 20 } });
    const deploy = client.callApi('deployVirtualMachine', { name: 'vm' });
    await delay(10); // the deploy's own request is answered; its polls now compete with a slow read
    const slow = client.callApi('listZones', { name: 'slow' });
    await expect(deploy).resolves.toEqual({ virtualmachine: { id: 'vm-1' } });
    await slow;
    expect(polls).toBe(1);
  });
});

describe('unreadable answers to changes may have been applied', () => {
  it('malformed JSON after a change: mayHaveBeenApplied, and the message says so; after a read it is not', async () => {
    const { client } = await setup(() => ({ body: '{"createzoneresponse":{"zone":{"id":"z1"' }));
    const change = (await client.callApi('createZone', { name: 'z' }).catch((e: unknown) => e)) as CloudStackProtocolError;
    expect(change).toBeInstanceOf(CloudStackProtocolError);
    expect(change.mayHaveBeenApplied).toBe(true);
    expect(change.message).toMatch(/may have been applied/);
    const read = (await client.callApi('listZones', {}).catch((e: unknown) => e)) as CloudStackProtocolError;
    expect(read).toBeInstanceOf(CloudStackProtocolError);
    expect(read.mayHaveBeenApplied).toBe(false);
    expect(read.message).not.toMatch(/may have been applied/);
  });

  it('a 5xx page instead of CloudStack\'s answer to a change may hide an applied change; a 4xx page does not', async () => {
    let status = 502;
    const { client } = await setup(() => ({ status, body: '<html>proxy</html>' }));
    const gateway = (await client.callApi('createZone', { name: 'z' }).catch((e: unknown) => e)) as CloudStackHttpError;
    expect(gateway).toBeInstanceOf(CloudStackHttpError);
    expect(gateway.mayHaveBeenApplied).toBe(true);
    status = 404;
    const notFound = (await client.callApi('createZone', { name: 'z' }).catch((e: unknown) => e)) as CloudStackHttpError;
    expect(notFound.mayHaveBeenApplied).toBe(false);
  });
});
