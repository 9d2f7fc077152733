/**
 * The server over Streamable HTTP end to end: the real binary with --transport http, driven by the
 * SDK's own StreamableHTTPClientTransport, against a simulator started here.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { expectCancellationStopsPolling, expectProgressWhileWaiting } from '../support/job-scenarios.ts';
import { connectHttp, INITIALIZE, rawPost, rawRequest, runHttpServerToExit, startHttpServer, type HttpConnection, type RunningHttpServer } from '../support/http-client.ts';

type Result = CallToolResult & { structuredContent?: Record<string, any> };
const TOKEN = 'team-token-0123456789abcdef';

let sim: RunningSimulator;
let server: RunningHttpServer;
let auditFile: string;
let ids: { zoneid: string; templateid: string; serviceofferingid: string };

beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 1500 });
  auditFile = join(mkdtempSync(join(tmpdir(), 'cloudstack-mcp-http-audit-')), 'audit.jsonl');
  server = await startHttpServer(
    ['--url', sim.url, '--toolsets', 'virtual-machine,template-iso,offering,zone', '--audit-log', auditFile],
    { CLOUDSTACK_API_KEY: sim.accounts.admin.apiKey, CLOUDSTACK_SECRET_KEY: sim.accounts.admin.secretKey, CLOUDSTACK_MCP_AUTH_TOKEN: TOKEN },
  );
  const client = await connectHttp(server.url, { token: TOKEN });
  const first = async (tool: string, args: Record<string, unknown>, key: string) =>
    ((await client.client.callTool({ name: tool, arguments: args })) as Result).structuredContent![key][0].id as string;
  ids = {
    zoneid: await first('list_zones', {}, 'zone'),
    templateid: await first('list_templates', { templatefilter: 'featured' }, 'template'),
    serviceofferingid: await first('list_service_offerings', {}, 'serviceoffering'),
  };
  await client.close();
});
afterAll(async () => {
  await server?.stop();
  await sim?.close();
});

describe('the HTTP front', () => {
  it('GET /healthz answers without a token, and says nothing secret', async () => {
    const response = await fetch(server.url.replace(/\/mcp$/, '/healthz'));
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ status: 'ok' });
    expect(body).not.toContain(TOKEN);
  });

  it('no token: 401 with a Bearer challenge', async () => {
    const response = await rawPost(server.url, INITIALIZE);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="cloudstack-mcp"');
  });

  it('a wrong token: 401 invalid_token, and the token is not logged', async () => {
    const wrong = 'not-the-team-token-0123456789';
    const response = await rawPost(server.url, INITIALIZE, { Authorization: `Bearer ${wrong}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="cloudstack-mcp", error="invalid_token"/);
    // The SDK client sees the refusal too.
    await expect(connectHttp(server.url, { token: wrong })).rejects.toThrow(/not valid for this server/);
    expect(server.stderr()).not.toContain(wrong);
    expect(server.stderr()).not.toContain(TOKEN);
  });

  it('a foreign Origin: 403 (even with the right token); a loopback Origin is served', async () => {
    const foreign = await rawPost(server.url, INITIALIZE, { Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const local = await rawPost(server.url, INITIALIZE, { Authorization: `Bearer ${TOKEN}`, Origin: 'http://localhost:5173' });
    expect(local.status).toBe(200);
    await local.body?.cancel();
  });

  it('a Host that does not name the server: 403', async () => {
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    expect((await rawRequest(server.url, { headers: { ...headers, Host: 'rebound.example' }, body: INITIALIZE })).status).toBe(403);
    const named = await rawRequest(server.url, { headers: { ...headers, Host: new URL(server.url).host }, body: INITIALIZE });
    expect(named.status).toBe(200);
  });

  it('a body over the limit: 413', async () => {
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    // Declared too large: refused before anything is read.
    const declared = await rawRequest(server.url, { headers: { ...headers, 'Content-Length': 5 * 1024 * 1024 }, body: '{' });
    expect(declared.status).toBe(413);
    // Streamed (no length given) past the limit: refused once it is over.
    const streamed = await rawRequest(server.url, { headers: { ...headers, 'Transfer-Encoding': 'chunked' }, body: 'x'.repeat(5 * 1024 * 1024) });
    expect(streamed.status).toBe(413);
  });

  it('a request of no session that is not initialize: 400', async () => {
    const response = await rawPost(server.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), { Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(400);
  });
});

describe('MCP over HTTP', () => {
  let session: HttpConnection;
  beforeAll(async () => {
    session = await connectHttp(server.url, { token: TOKEN });
  });
  afterAll(async () => session.close());

  it('lists the tools', async () => {
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['search_apis', 'call_api', 'deploy_virtual_machine', 'list_zones']));
  });

  it('waits for a job with progress notifications', async () => {
    await expectProgressWhileWaiting({ client: session.client, deployArgs: ids, name: 'http-progress-vm' });
  });

  it('cancellation stops polling; the job goes on in CloudStack', async () => {
    await expectCancellationStopsPolling({ client: session.client, sim, stderr: () => server.stderr(), deployArgs: ids, name: 'http-cancelled-vm' });
  });

  it('a destructive call is refused with a token, then runs when confirmed; audited under its identity', async () => {
    const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'http-stop' });
    const first = (await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: vm.id } })) as Result;
    expect(first.structuredContent!.confirmation.executed).toBe(false);
    const token = first.structuredContent!.confirmationToken as string;
    expect(sim.requests.filter((r) => r.command === 'stopVirtualMachine' && r.params.id === vm.id)).toHaveLength(0);
    const confirmed = (await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: vm.id, confirm: token } })) as Result;
    expect(confirmed.isError).toBeFalsy();
    expect(sim.requests.filter((r) => r.command === 'stopVirtualMachine' && r.params.id === vm.id)).toHaveLength(1);
    const lines = readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const started = lines.find((line) => line.event === 'started' && line.api === 'stopVirtualMachine' && line.args.id === vm.id);
    const stop = lines.filter((line) => line.id === started?.id);
    expect(stop.map((line) => [line.event, line.identity, line.confirmation ?? line.outcome])).toEqual([
      ['started', 'auth-token', 'token'],
      ['ended', 'auth-token', 'succeeded'],
    ]);
  });

  it('a confirmation token from one session is refused in another', async () => {
    const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'http-cross' });
    const first = (await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: vm.id } })) as Result;
    const token = first.structuredContent!.confirmationToken as string;
    const other = await connectHttp(server.url, { token: TOKEN });
    try {
      const refused = (await other.client.callTool({ name: 'stop_virtual_machine', arguments: { id: vm.id, confirm: token } })) as Result;
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent!.confirmation).toEqual({ executed: false, refused: 'mismatch' });
      expect(refused.content[0]).toMatchObject({ text: expect.stringContaining('the session it was issued in') });
    } finally {
      await other.close();
    }
    expect(sim.requests.filter((r) => r.command === 'stopVirtualMachine' && r.params.id === vm.id)).toHaveLength(0);
    // Still good in its own session: the refusal elsewhere did not use it up.
    const confirmed = (await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: vm.id, confirm: token } })) as Result;
    expect(confirmed.isError).toBeFalsy();
  });

  it('elicitation asks the user over HTTP', async () => {
    const asked: string[] = [];
    const eliciting = await connectHttp(server.url, {
      token: TOKEN,
      onElicit: async (request) => {
        asked.push(request.message);
        return { action: 'accept', content: { confirm: true } };
      },
    });
    try {
      const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'http-elicit' });
      const result = (await eliciting.client.callTool({ name: 'stop_virtual_machine', arguments: { id: vm.id } })) as Result;
      expect(result.isError).toBeFalsy();
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain('stopVirtualMachine');
    } finally {
      await eliciting.close();
    }
  });

  it('another session id (or none of this server) is not found', async () => {
    const response = await rawPost(server.url, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), {
      Authorization: `Bearer ${TOKEN}`,
      'Mcp-Session-Id': '00000000-0000-4000-8000-000000000000',
    });
    expect(response.status).toBe(404);
  });
});

describe('start-up', () => {
  it('refuses a non-loopback host without tokens, saying why', async () => {
    const { code, stderr } = await runHttpServerToExit(['--simulator', '--host', '0.0.0.0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/refusing to serve on 0\.0\.0\.0 without authentication/);
    expect(stderr).toContain('--auth-token');
  });

  it('refuses a short token, without echoing it', async () => {
    const { code, stderr } = await runHttpServerToExit(['--simulator', '--auth-token', 'short-secret']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--auth-token must be at least 16 characters/);
    expect(stderr).not.toContain('short-secret');
  });

  it('stops cleanly on SIGTERM', async () => {
    const running = await startHttpServer(['--simulator'], {});
    expect(await running.stop()).toBe(0);
  });
});
