/**
 * Replicas (`--state-url`): two server processes behind a round-robin "load balancer" (a fetch
 * that picks the replica per request), one redis-server, one simulator. Without redis-server these
 * tests do not run and say so; in CI they fail (test/support/required-tool.ts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { rawPost, startHttpServer, type RunningHttpServer } from '../support/http-client.ts';
import { redisTool, startRedis, type RunningRedis } from '../support/redis-server.ts';
import { connectToServer } from '../support/stdio-client.ts';

type Result = CallToolResult & { structuredContent?: Record<string, any> };
type Replica = 'A' | 'B';
const TOKEN = 'replica-token-0123456789abcdef';
const redisServer = redisTool('test/e2e/replicas.test.ts');

describe.runIf(redisServer.run)('two replicas sharing one Redis', () => {
  let redis: RunningRedis;
  let sim: RunningSimulator;
  const replicas = {} as Record<Replica, RunningHttpServer>;
  let client: Client;
  let balancer: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Which replica the next request goes to; round-robin unless a test pins one. */
  let pick: () => Replica;
  const served: Array<{ replica: Replica; method: string }> = [];

  const env = () => ({ CLOUDSTACK_API_KEY: sim.accounts.admin.apiKey, CLOUDSTACK_SECRET_KEY: sim.accounts.admin.secretKey, CLOUDSTACK_MCP_AUTH_TOKEN: TOKEN });
  const roundRobin = () => {
    let next = 0;
    return (): Replica => (next++ % 2 === 0 ? 'A' : 'B');
  };
  const stops = (id: string) => sim.requests.filter((r) => r.command === 'stopVirtualMachine' && r.params.id === id).length;
  const stop = async (on: Replica, id: string, confirm?: string) => {
    pick = () => on;
    return (await client.callTool({ name: 'stop_virtual_machine', arguments: { id, ...(confirm ? { confirm } : {}) } })) as Result;
  };

  beforeAll(async () => {
    redis = await startRedis();
    // Jobs long enough to cancel one while it runs.
    sim = await startSimulator({ jobDelayMs: 1_000 });
    const args = ['--url', sim.url, '--state-url', redis.url, '--toolsets', 'virtual-machine'];
    [replicas.A, replicas.B] = await Promise.all([startHttpServer(args, env()), startHttpServer(args, env())]);
    pick = () => 'A';
    // The load balancer: each request to whichever replica `pick` says, nothing sticky.
    balancer = (input: string | URL | Request, init?: RequestInit) => {
      const replica = pick();
      const target = new URL(replicas[replica].url);
      const url = new URL(input instanceof Request ? input.url : input);
      url.host = target.host;
      served.push({ replica, method: init?.method ?? 'GET' });
      return fetch(url, init);
    };
    const transport = new StreamableHTTPClientTransport(new URL(replicas.A.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } }, fetch: balancer });
    client = new Client({ name: 'replica-test', version: '1.0.0' }, { capabilities: {} });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await Promise.all(Object.values(replicas).map((r) => r.stop()));
    await sim?.close();
    await redis?.close();
  });

  it('runs (redis-server is installed; CI installs it in .ci/run)', () => {
    expect(redisServer.installed, redisServer.missing).toBe(true);
  });

  it('says where the shared state is, never its password, at start-up', () => {
    expect(replicas.A.stderr()).toContain(`shared state (confirmation tokens, sessions) at ${redis.url}`);
  });

  it('a session opened on A is served by B too, round-robin', async () => {
    pick = roundRobin();
    served.length = 0;
    for (let i = 0; i < 4; i++) {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('stop_virtual_machine');
    }
    const posts = served.filter((s) => s.method === 'POST');
    expect(new Set(posts.map((s) => s.replica))).toEqual(new Set(['A', 'B']));
    expect(replicas.B.stderr()).toMatch(/session \w+ of auth-token adopted from the shared session store/);
  });

  it('a token issued on A confirms once on B; a replay on A is refused as used', async () => {
    const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'replica-stop' });
    const first = await stop('A', vm.id);
    expect(first.structuredContent!.confirmation.executed).toBe(false);
    const token = first.structuredContent!.confirmationToken as string;
    expect(stops(vm.id)).toBe(0);

    const confirmed = await stop('B', vm.id, token);
    expect(confirmed.isError).toBeFalsy();
    expect(stops(vm.id)).toBe(1);

    const replay = await stop('A', vm.id, token);
    expect(replay.isError).toBe(true);
    expect(replay.structuredContent!.confirmation).toEqual({ executed: false, refused: 'used' });
    expect(stops(vm.id)).toBe(1);
  });

  it('a cancellation sent to B stops the call running on A (relayed)', async () => {
    const ids = {
      zoneid: sim.state.first('zone').id,
      templateid: sim.state.first('template').id,
      serviceofferingid: sim.state.first('serviceoffering').id,
    };
    const controller = new AbortController();
    pick = () => 'A';
    const pending = client.callTool({ name: 'deploy_virtual_machine', arguments: { ...ids, name: 'replica-cancelled-vm' } }, undefined, {
      signal: controller.signal,
      onprogress: () => {
        // The call runs on A; its cancellation goes to B.
        pick = () => 'B';
        controller.abort('user cancelled');
      },
    });
    await expect(pending).rejects.toThrow();
    const deadline = Date.now() + 5_000;
    while (!/because the call was cancelled/.test(replicas.A.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(replicas.A.stderr()).toMatch(/Stopped waiting for async job \S+ \(deployVirtualMachine\) because the call was cancelled/);
  });

  it("the user's answer to A's question, sent to B, reaches A (relayed)", async () => {
    const transport = new StreamableHTTPClientTransport(new URL(replicas.A.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } }, fetch: balancer });
    const asking = new Client({ name: 'replica-elicit', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    asking.setRequestHandler(ElicitRequestSchema, async () => {
      // The question came from A (on the call's stream); the answer goes to B.
      pick = () => 'B';
      return { action: 'accept', content: { confirm: true } };
    });
    pick = () => 'A';
    await asking.connect(transport);
    try {
      const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'replica-elicit' });
      pick = () => 'A';
      // Bounded: without the relay, A would wait for the answer until the SDK's request timeout.
      const result = (await asking.callTool({ name: 'stop_virtual_machine', arguments: { id: vm.id } }, undefined, { timeout: 15_000 })) as Result;
      expect(result.isError).toBeFalsy();
      expect(stops(vm.id)).toBe(1);
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await asking.close();
    }
  });

  it('two replicas asking the user at once in one session each get their own answer', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(replicas.A.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } }, fetch: balancer });
    const asking = new Client({ name: 'replica-elicit-2', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    const [keep, stopIt] = sim.state.seed('virtualmachine', 2, { namePrefix: 'replica-ask' });
    const questions: string[] = [];
    asking.setRequestHandler(ElicitRequestSchema, async (request) => {
      questions.push(request.params.message);
      // Both questions are out before either is answered: an answer meant for one must not settle the other.
      while (questions.length < 2) await new Promise((r) => setTimeout(r, 20));
      return request.params.message.includes(String(stopIt.data.name)) ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
    });
    pick = () => 'A';
    await asking.connect(transport);
    try {
      pick = roundRobin();
      const [declined, accepted] = (await Promise.all([
        asking.callTool({ name: 'stop_virtual_machine', arguments: { id: keep.id } }, undefined, { timeout: 15_000 }),
        asking.callTool({ name: 'stop_virtual_machine', arguments: { id: stopIt.id } }, undefined, { timeout: 15_000 }),
      ])) as Result[];
      expect(questions).toHaveLength(2);
      expect(questions.filter((q) => q.includes(String(stopIt.data.name)))).toHaveLength(1);
      expect(declined.structuredContent!.confirmation).toEqual({ executed: false, userAnswer: 'decline' });
      expect(accepted.isError).toBeFalsy();
      expect(stops(keep.id)).toBe(0);
      expect(stops(stopIt.id)).toBe(1);
    } catch (error) {
      process.stderr.write(`questions: ${JSON.stringify(questions)}\nserved: ${JSON.stringify(served.slice(-12))}\nA:\n${replicas.A.stderr().slice(-3000)}\nB:\n${replicas.B.stderr().slice(-3000)}\n`);
      throw error;
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await asking.close();
    }
  });

  it('an id no replica issued is still 404, on either', async () => {
    for (const replica of ['A', 'B'] as const) {
      const answer = await rawPost(replicas[replica].url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), {
        Authorization: `Bearer ${TOKEN}`,
        'Mcp-Session-Id': randomUUID(),
        'Mcp-Protocol-Version': '2025-06-18',
      });
      expect(answer.status).toBe(404);
    }
  });

  it('killing A (SIGKILL) loses no confirmed state: B refuses used tokens and honours unused ones', async () => {
    const [used, unused] = sim.state.seed('virtualmachine', 2, { namePrefix: 'replica-kill' });
    const usedToken = (await stop('A', used.id)).structuredContent!.confirmationToken as string;
    expect((await stop('A', used.id, usedToken)).isError).toBeFalsy();
    const unusedToken = (await stop('A', unused.id)).structuredContent!.confirmationToken as string;

    await replicas.A.kill();
    pick = () => 'B';

    const replay = await stop('B', used.id, usedToken);
    expect(replay.structuredContent!.confirmation).toEqual({ executed: false, refused: 'used' });
    expect(stops(used.id)).toBe(1);
    const confirmed = await stop('B', unused.id, unusedToken);
    expect(confirmed.isError).toBeFalsy();
    expect(stops(unused.id)).toBe(1);
    expect((await stop('B', unused.id, unusedToken)).structuredContent!.confirmation.refused).toBe('used');
  });

  it('the session ended by the client (DELETE) is gone for every replica', async () => {
    pick = () => 'B';
    const transport = (client as unknown as { transport: StreamableHTTPClientTransport }).transport;
    const sessionId = transport.sessionId!;
    await transport.terminateSession();
    const answer = await rawPost(replicas.B.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), {
      Authorization: `Bearer ${TOKEN}`,
      'Mcp-Session-Id': sessionId,
      'Mcp-Protocol-Version': '2025-06-18',
    });
    expect(answer.status).toBe(404);
    // Neither replica logged the Redis URL's password or the bearer token (there is no password here; the token is the secret).
    expect(replicas.B.stderr()).not.toContain(TOKEN);
  });
});

describe.runIf(redisServer.run)('two stdio servers sharing one Redis', () => {
  it('share confirmation tokens: issued by one, confirmed once by the other', async () => {
    const redis = await startRedis();
    const sim = await startSimulator({ jobDelayMs: 100 });
    const env = { CLOUDSTACK_API_KEY: sim.accounts.admin.apiKey, CLOUDSTACK_SECRET_KEY: sim.accounts.admin.secretKey, CLOUDSTACK_MCP_STATE_URL: redis.url };
    const [one, two] = await Promise.all([connectToServer(['--url', sim.url], { env }), connectToServer(['--url', sim.url], { env })]);
    try {
      const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'stdio-replica' });
      const call = (server: typeof one, confirm?: string) =>
        server.client.callTool({ name: 'call_api', arguments: { api: 'stopVirtualMachine', args: { id: vm.id }, ...(confirm ? { confirm } : {}) } }) as Promise<Result>;
      const token = (await call(one)).structuredContent!.confirmationToken as string;
      expect(token).toMatch(/^cfm_/);
      expect((await call(two, token)).isError).toBeFalsy();
      expect((await call(one, token)).structuredContent!.confirmation.refused).toBe('used');
      expect(sim.requests.filter((r) => r.command === 'stopVirtualMachine')).toHaveLength(1);
    } finally {
      await Promise.all([one.close(), two.close()]);
      await sim.close();
      await redis.close();
    }
  });
});
