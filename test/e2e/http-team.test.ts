/**
 * One HTTP server for a team: a config file with two profiles on a simulator started here (its
 * root admin's keys and its user's keys) and a token per person. Each person's tools and calls
 * follow their own CloudStack role, each call is audited under who asked, and fifty sessions at
 * once do not see each other's results or confirmations.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BundledModel } from '../../src/model/bundled.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { connectHttp, listToolNames, startHttpServer, type HttpConnection, type RunningHttpServer } from '../support/http-client.ts';

type Result = CallToolResult & { structuredContent?: Record<string, any> };
const TOKENS = { alice: 'alice-token-0123456789abcdef', bob: 'bob-token-0123456789abcdef0' };
const model = BundledModel.open().decodeAll();
const META_TOOLS = 4;

let sim: RunningSimulator;
let server: RunningHttpServer;
let auditFile: string;

beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 50 });
  const dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-team-'));
  auditFile = join(dir, 'audit.jsonl');
  const configFile = join(dir, 'config.json');
  const { admin, user } = sim.accounts;
  writeFileSync(
    configFile,
    JSON.stringify({
      defaultProfile: 'ops',
      profiles: {
        ops: { url: sim.url, apiKey: admin.apiKey, secretKey: admin.secretKey, oneTimeSecrets: 'return' },
        dev: { url: sim.url, apiKey: user.apiKey, secretKey: user.secretKey },
      },
      tokens: [
        { identity: 'alice', profile: 'ops', token: TOKENS.alice },
        { identity: 'bob', profile: 'dev', token: TOKENS.bob },
      ],
    }),
  );
  chmodSync(configFile, 0o600);
  server = await startHttpServer(['--config', configFile, '--tools', 'all', '--audit-log', auditFile, '--job-poll-ms', '20', '--connections', '32']);
});
afterAll(async () => {
  if (process.env.HTTP_TEAM_DEBUG) writeFileSync(process.env.HTTP_TEAM_DEBUG, server?.stderr() ?? "");
  await server?.stop();
  await sim?.close();
});

const call = async (session: HttpConnection, name: string, args: Record<string, unknown>) =>
  (await session.client.callTool({ name, arguments: args })) as Result;

describe('two identities on two profiles', () => {
  it('each sees the tools of their own CloudStack role', async () => {
    const alice = await connectHttp(server.url, { token: TOKENS.alice });
    const bob = await connectHttp(server.url, { token: TOKENS.bob });
    try {
      const [aliceTools, bobTools] = await Promise.all([alice.client.listTools(), bob.client.listTools()]);
      const userApis = model.apis.filter((api) => api.roles.includes('User'));
      expect(aliceTools.tools.length).toBe(META_TOOLS + model.apis.length);
      expect(bobTools.tools.length).toBe(META_TOOLS + userApis.length);
      expect(aliceTools.tools.length).toBeGreaterThanOrEqual(863);
      expect(bobTools.tools.length).toBeGreaterThanOrEqual(371);
      expect(bobTools.tools.map((t) => t.name)).not.toContain('delete_zone');
      // And a call outside bob's role is not served to him.
      const refused = await call(bob, 'delete_zone', { id: 'x' }).catch((error: Error) => error);
      expect(String(refused instanceof Error ? refused.message : JSON.stringify(refused))).toMatch(/delete_zone|deleteZone/);
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it('audits each call under who asked, on the profile they use', async () => {
    const alice = await connectHttp(server.url, { token: TOKENS.alice });
    const bob = await connectHttp(server.url, { token: TOKENS.bob });
    try {
      const [zone] = (await call(alice, 'list_zones', {})).structuredContent!.zone;
      const [template] = (await call(alice, 'list_templates', { templatefilter: 'featured' })).structuredContent!.template;
      const [offering] = (await call(alice, 'list_service_offerings', {})).structuredContent!.serviceoffering;
      const ids = { zoneid: zone.id, templateid: template.id, serviceofferingid: offering.id };
      expect((await call(alice, 'deploy_virtual_machine', { ...ids, name: 'audit-alice' })).isError).toBeFalsy();
      expect((await call(bob, 'deploy_virtual_machine', { ...ids, name: 'audit-bob' })).isError).toBeFalsy();
    } finally {
      await alice.close();
      await bob.close();
    }
    const lines = readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const started = (name: string) => lines.find((line) => line.event === 'started' && line.args?.name === name);
    expect(started('audit-alice')).toMatchObject({ identity: 'alice', profile: 'ops', api: 'deployVirtualMachine' });
    expect(started('audit-bob')).toMatchObject({ identity: 'bob', profile: 'dev', api: 'deployVirtualMachine' });
    const ended = (name: string) => lines.find((line) => line.event === 'ended' && line.id === started(name).id);
    expect(ended('audit-alice')).toMatchObject({ identity: 'alice', outcome: 'succeeded' });
    expect(ended('audit-bob')).toMatchObject({ identity: 'bob', outcome: 'succeeded' });
    // The simulator saw each deploy signed with the key of that person's profile.
    const deploys = sim.requests.filter((r) => r.command === 'deployVirtualMachine');
    expect(deploys.find((r) => r.params.name === 'audit-alice')?.params.apikey).toBe(sim.accounts.admin.apiKey);
    expect(deploys.find((r) => r.params.name === 'audit-bob')?.params.apikey).toBe(sim.accounts.user.apiKey);
  });

  it("one identity cannot use another identity's session", async () => {
    const alice = await connectHttp(server.url, { token: TOKENS.alice });
    try {
      const response = await fetch(server.url, {
        method: 'POST',
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
        headers: {
          Authorization: `Bearer ${TOKENS.bob}`,
          'Mcp-Session-Id': alice.transport.sessionId!,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
      });
      expect(response.status).toBe(404);
    } finally {
      await alice.close();
    }
  });
});

describe('one-time secrets over HTTP', () => {
  it("follow each profile's policy: returned to alice (her profile says return), refused for bob (the HTTP default), never a file", async () => {
    const alice = await connectHttp(server.url, { token: TOKENS.alice });
    const bob = await connectHttp(server.url, { token: TOKENS.bob });
    try {
      const returned = await call(alice, 'call_api', { api: 'createSSHKeyPair', args: { name: 'alice-key' } });
      expect(returned.isError).toBeFalsy();
      expect(returned.structuredContent!.keypair.privatekey).toMatch(/PRIVATE KEY/);
      expect(returned.structuredContent!.secretFile).toBeUndefined();
      const refused = await call(bob, 'call_api', { api: 'createSSHKeyPair', args: { name: 'bob-key' } });
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent).toMatchObject({ outcome: 'not-sent', error: { kind: 'one-time-secret-refused' } });
      expect(sim.requests.some((r) => r.command === 'createSSHKeyPair' && r.params.name === 'bob-key')).toBe(false);
      expect(server.stderr()).not.toContain(returned.structuredContent!.keypair.privatekey.split('\n')[1]);
    } finally {
      await alice.close();
      await bob.close();
    }
  });
});

describe('fifty sessions at once', () => {
  it('mixed calls: no cross-talk, no errors the simulator did not inject', async () => {
    const lookups = await connectHttp(server.url, { token: TOKENS.alice });
    const [zone] = (await call(lookups, 'list_zones', {})).structuredContent!.zone;
    const [template] = (await call(lookups, 'list_templates', { templatefilter: 'featured' })).structuredContent!.template;
    const [offering] = (await call(lookups, 'list_service_offerings', {})).structuredContent!.serviceoffering;
    await lookups.close();
    const ids = { zoneid: zone.id, templateid: template.id, serviceofferingid: offering.id };
    const userApis = model.apis.filter((api) => api.roles.includes('User')).length;

    const sessions = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const who: keyof typeof TOKENS = i % 2 === 0 ? 'alice' : 'bob';
        return { who, i, session: await connectHttp(server.url, { token: TOKENS[who] }) };
      }),
    );
    try {
      const tokens = await Promise.all(
        sessions.map(async ({ who, i, session }) => {
          const tools = await listToolNames(session, server.url, TOKENS[who]);
          expect(tools.length).toBe(META_TOOLS + (who === 'alice' ? model.apis.length : userApis));
          const name = `load-${who}-${i}`;
          const deployed = await call(session, 'deploy_virtual_machine', { ...ids, name });
          expect(deployed.isError, JSON.stringify(deployed.content)).toBeFalsy();
          const vm = deployed.structuredContent!.virtualmachine;
          expect(vm.name).toBe(name);
          const listed = await call(session, 'list_virtual_machines', { name });
          expect(listed.structuredContent!.virtualmachine.map((v: { name: string }) => v.name)).toEqual([name]);
          const first = await call(session, 'stop_virtual_machine', { id: vm.id });
          expect(first.structuredContent!.confirmation).toMatchObject({ executed: false, api: 'stopVirtualMachine' });
          return { token: first.structuredContent!.confirmationToken as string, vmId: vm.id as string };
        }),
      );
      // Each session tries its neighbour's token first (refused), then its own (runs).
      await Promise.all(
        sessions.map(async ({ session }, i) => {
          const neighbour = tokens[(i + 1) % tokens.length];
          const own = tokens[i];
          const stolen = await call(session, 'stop_virtual_machine', { id: neighbour.vmId, confirm: neighbour.token });
          expect(stolen.isError).toBe(true);
          expect(stolen.structuredContent!.confirmation.executed).toBe(false);
          const stopped = await call(session, 'stop_virtual_machine', { id: own.vmId, confirm: own.token });
          expect(stopped.isError, JSON.stringify(stopped.content)).toBeFalsy();
          expect(stopped.structuredContent!.virtualmachine.id).toBe(own.vmId);
        }),
      );
    } finally {
      await Promise.all(sessions.map(({ session }) => session.close()));
    }
    // Exactly one stop per VM reached CloudStack: no stolen token ran anything.
    const stops = sim.requests.filter((r) => r.command === 'stopVirtualMachine' && r.status === 200);
    const stoppedIds = stops.map((r) => r.params.id).filter((id) => id !== undefined);
    expect(new Set(stoppedIds).size).toBe(stoppedIds.length);
    expect(server.stderr()).not.toMatch(/internal error|protocol:/);
  });
});
