/**
 * Safety end to end: the real server over stdio against an in-process simulator that records
 * every request it receives and knows every secret it handed out.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApiModel, ApiModelDocument } from '../../src/model/types.ts';
import { toolsByApiName } from '../../generated/tools/index.ts';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';
import { MASK } from '../../src/safety/mask.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { sampleArgs } from '../support/sample-args.ts';
import { BundledModel } from '../../src/model/bundled.ts';

const model = BundledModel.open().decodeAll();
type Result = CallToolResult & { structuredContent?: Record<string, any> };
const textOf = (r: Result) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const everything = (r: Result) => textOf(r) + '\n' + JSON.stringify(r.structuredContent ?? {});

let sim: RunningSimulator;
let auditFile: string;

function serverArgs(extra: string[] = []): string[] {
  const admin = sim.accounts.admin;
  return ['--url', sim.url, '--api-key', admin.apiKey, '--secret-key', admin.secretKey, '--audit-log', auditFile, '--job-poll-ms', '20', ...extra];
}

const received = (command: string) => sim.requests.filter((r) => r.command === command).length;

beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 20 });
  auditFile = join(mkdtempSync(join(tmpdir(), 'cloudstack-mcp-audit-')), 'audit.jsonl');
});
afterAll(async () => sim.close());

/** Arguments for any API, with ids of the seeded cloud where the simulator keeps state. */
function argsFor(api: ApiModel): Record<string, unknown> {
  return sampleArgs(toolsByApiName.get(api.name)!.inputSchema);
}

describe('confirmation', () => {
  let server: ConnectedServer;
  beforeAll(async () => {
    server = await connectToServer(serverArgs());
  });
  afterAll(async () => server.close());
  const callApi = (args: Record<string, unknown>) => server.client.callTool({ name: 'call_api', arguments: args }) as Promise<Result>;

  it('every destructive API: nothing reaches CloudStack without confirmation, and a valid token runs it', async () => {
    const destructive = model.apis.filter((api) => api.access === 'destructive');
    expect(destructive.length).toBeGreaterThan(200);
    const blocked: string[] = [];
    const neverRan: string[] = [];
    for (const api of destructive) {
      const args = argsFor(api);
      const before = received(api.name);
      const first = await callApi({ api: api.name, args, wait: false });
      const token = first.structuredContent?.confirmationToken;
      if (received(api.name) !== before || typeof token !== 'string') {
        blocked.push(`${api.name}: ran or gave no token (${textOf(first).slice(0, 120)})`);
        continue;
      }
      await callApi({ api: api.name, args, wait: false, confirm: token });
      if (received(api.name) !== before + 1) neverRan.push(api.name);
    }
    expect(blocked).toEqual([]);
    expect(neverRan).toEqual([]);
  }, 180_000);

  it('the confirmation names the target and the danger', async () => {
    const zone = sim.state.first('zone');
    const result = await callApi({ api: 'deleteZone', args: { id: zone.id } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain(`zone Zone1 (id ${zone.id}`);
    expect(result.structuredContent!.confirmation).toMatchObject({ api: 'deleteZone', reversible: false });
  });

  it('refuses made-up, reused and mismatched tokens', async () => {
    const zone = sim.state.first('zone');
    const made = await callApi({ api: 'deleteZone', args: { id: zone.id }, confirm: 'cfm_madeup' });
    expect(made.isError).toBe(true);
    expect(textOf(made)).toContain('not issued by this server');

    const vm = sim.state.seed('virtualmachine', 2, { namePrefix: 'confirm' });
    const issued = await callApi({ api: 'destroyVirtualMachine', args: { id: vm[0].id } });
    const token = issued.structuredContent!.confirmationToken as string;
    const other = await callApi({ api: 'destroyVirtualMachine', args: { id: vm[1].id }, confirm: token });
    expect(textOf(other)).toContain('different tool, API or arguments');
    const before = received('destroyVirtualMachine');
    const ok = await callApi({ api: 'destroyVirtualMachine', args: { id: vm[0].id }, confirm: token });
    expect(ok.isError).toBeFalsy();
    expect(received('destroyVirtualMachine')).toBe(before + 1);
    const reused = await callApi({ api: 'destroyVirtualMachine', args: { id: vm[0].id }, confirm: token });
    expect(textOf(reused)).toContain('already used');
    expect(received('destroyVirtualMachine')).toBe(before + 1);
  });

  it('mutations that are not destructive run at once under the default policy', async () => {
    const before = received('createZone');
    const result = await callApi({ api: 'createZone', args: { name: 'no-confirm-zone', dns1: '8.8.8.8', internaldns1: '10.0.0.2', networktype: 'Basic' } });
    expect(result.isError).toBeFalsy();
    expect(received('createZone')).toBe(before + 1);
  });

  it('writes the audit log before and after each mutating call, arguments masked', async () => {
    const password = 'Audit-Secret-Pw-1';
    const domain = sim.state.accounts.user.domainId;
    await callApi({
      api: 'createUser',
      args: { account: 'user', domainid: domain, email: 'a@example.com', firstname: 'A', lastname: 'B', username: 'audited', password },
    });
    const lines = readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const mine = lines.filter((l) => l.api === 'createUser');
    expect(mine.map((l) => l.event)).toEqual(['started', 'ended']);
    expect(mine[0]).toMatchObject({ tool: 'call_api', confirmation: 'not-required', profile: 'default' });
    expect(mine[0].args.password).toBe(MASK);
    expect(mine[1].outcome).toBe('succeeded');
    expect(readFileSync(auditFile, 'utf8')).not.toContain(password);
    const destroyed = lines.filter((l) => l.api === 'destroyVirtualMachine' && l.event === 'started');
    expect(destroyed.some((l) => l.confirmation === 'token')).toBe(true);
  });
});

describe('confirmation is bound to the tool', () => {
  it('a token issued through call_api does not confirm the dedicated tool', async () => {
    const server = await connectToServer(serverArgs(['--toolsets', 'virtual-machine']));
    try {
      const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'bound' });
      const issued = (await server.client.callTool({ name: 'call_api', arguments: { api: 'destroyVirtualMachine', args: { id: vm.id } } })) as Result;
      const token = issued.structuredContent!.confirmationToken;
      const before = received('destroyVirtualMachine');
      const other = (await server.client.callTool({ name: 'destroy_virtual_machine', arguments: { id: vm.id, confirm: token } })) as Result;
      expect(other.isError).toBe(true);
      expect(textOf(other)).toContain('different tool, API or arguments');
      expect(received('destroyVirtualMachine')).toBe(before);
    } finally {
      await server.close();
    }
  });
});

describe('the audit log survives a crash mid-call', () => {
  it('keeps the "started" line of a call whose server died before it ended', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cloudstack-mcp-crash-')), 'audit.jsonl');
    const admin = sim.accounts.admin;
    const server = await connectToServer(['--url', sim.url, '--api-key', admin.apiKey, '--secret-key', admin.secretKey, '--audit-log', file]);
    sim.faults.neverFinishJobs = ['rebootVirtualMachine'];
    try {
      const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'crash' });
      const before = received('rebootVirtualMachine');
      const first = (await server.client.callTool({ name: 'call_api', arguments: { api: 'rebootVirtualMachine', args: { id: vm.id } } })) as Result;
      const pending = server.client
        .callTool({ name: 'call_api', arguments: { api: 'rebootVirtualMachine', args: { id: vm.id }, confirm: first.structuredContent!.confirmationToken } })
        .catch(() => undefined);
      while (received('rebootVirtualMachine') === before || !existsSync(file)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      server.kill(); // a crash while the server waits for the job: no clean-up runs
      await pending;
      await server.close();
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.map((l) => [l.api, l.event])).toEqual([['rebootVirtualMachine', 'started']]);
      expect(lines[0]).toMatchObject({ confirmation: 'token', args: { id: vm.id } });
    } finally {
      sim.faults.neverFinishJobs = false;
    }
  });
});

describe('confirmation by elicitation', () => {
  it('runs on accept and not on decline', async () => {
    let answer: 'accept' | 'decline' = 'decline';
    const asked: string[] = [];
    const server = await connectToServer(serverArgs(), {
      onElicit: async (request) => {
        asked.push(request.message);
        return answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
      },
    });
    try {
      const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'elicit' });
      const before = received('stopVirtualMachine');
      const declined = (await server.client.callTool({ name: 'call_api', arguments: { api: 'stopVirtualMachine', args: { id: vm.id } } })) as Result;
      expect(textOf(declined)).toContain('the user declined');
      expect(received('stopVirtualMachine')).toBe(before);
      answer = 'accept';
      const accepted = (await server.client.callTool({ name: 'call_api', arguments: { api: 'stopVirtualMachine', args: { id: vm.id } } })) as Result;
      expect(accepted.isError).toBeFalsy();
      expect(received('stopVirtualMachine')).toBe(before + 1);
      expect(asked[0]).toContain('stopVirtualMachine');
      expect(asked[0]).toContain(`elicit-0001`);
    } finally {
      await server.close();
    }
  });
});

describe('secrets', () => {
  const secretApis = model.apis.filter((api) => api.sensitiveResponseFields.length > 0 || api.returnsSecrets);

  async function callEach(server: ConnectedServer): Promise<string[]> {
    const outputs: string[] = [];
    for (const api of secretApis) {
      const args = argsFor(api);
      let result = (await server.client.callTool({ name: 'call_api', arguments: { api: api.name, args } })) as Result;
      const token = result.structuredContent?.confirmationToken;
      if (typeof token === 'string') {
        result = (await server.client.callTool({ name: 'call_api', arguments: { api: api.name, args, confirm: token } })) as Result;
      }
      outputs.push(everything(result));
    }
    return outputs;
  }

  it('no secret the simulator handed out appears in any output, log line or audit line', async () => {
    expect(secretApis.length).toBeGreaterThan(40);
    const server = await connectToServer(serverArgs());
    let outputs: string[];
    try {
      // Keys, SSH private keys and passwords exist before the walk, so listing calls return them.
      await server.client.callTool({ name: 'call_api', arguments: { api: 'createSSHKeyPair', args: { name: 'secret-walk' } } });
      outputs = await callEach(server);
    } finally {
      await server.close();
    }
    const secrets = sim.knownSecrets.filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(3);
    const haystacks = [...outputs, server.stderr(), readFileSync(auditFile, 'utf8')];
    const leaks = secrets.filter((secret) => haystacks.some((h) => h.includes(secret)));
    expect(leaks).toEqual([]);
    expect(outputs.join('\n')).toContain(MASK);
  }, 180_000);

  it('masks secrets in error messages too', async () => {
    const server = await connectToServer(serverArgs());
    try {
      // A password of the wrong type: the argument error would quote it.
      const result = (await server.client.callTool({
        name: 'call_api',
        arguments: { api: 'createUser', args: { account: 'user', email: 'e@example.com', firstname: 'F', lastname: 'L', username: 'u2', password: 987654321 } },
      })) as Result;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('parameter "password"');
      expect(everything(result)).not.toContain('987654321');
    } finally {
      await server.close();
    }
  });

  it('a user still sees the non-secret fields next to a masked one', async () => {
    const server = await connectToServer(serverArgs());
    try {
      const result = (await server.client.callTool({ name: 'call_api', arguments: { api: 'listUsers', args: { username: 'user' } } })) as Result;
      const user = result.structuredContent!.user[0];
      // CloudStack 4.20 lists the API key (the secret key only with use.secret.key.in.response on).
      expect(user.username).toBe('user');
      expect(user.apikey).toBe(MASK);
      expect(user.secretkey === undefined || user.secretkey === MASK).toBe(true);
      expect(everything(result)).not.toContain(sim.accounts.user.apiKey);
      expect(everything(result)).not.toContain(sim.accounts.user.secretKey);
    } finally {
      await server.close();
    }
  });

  it('--reveal-secrets shows them in tool output only, never in the audit log', async () => {
    const server = await connectToServer(serverArgs(['--reveal-secrets']));
    try {
      const result = (await server.client.callTool({ name: 'call_api', arguments: { api: 'getUserKeys', args: { id: sim.accounts.user.userId } } })) as Result;
      expect(everything(result)).toContain(sim.accounts.user.secretKey);
      expect(server.stderr()).toContain('--reveal-secrets');
      expect(server.stderr()).not.toContain(sim.accounts.user.secretKey);
      expect(readFileSync(auditFile, 'utf8')).not.toContain(sim.accounts.user.secretKey);
    } finally {
      await server.close();
    }
  });
});
