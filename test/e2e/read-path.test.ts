/**
 * A repair through the read-only path: checkVolume is a read by its verb, but repair=leaks|all
 * repairs the volume. The read path (call_read_api, --read-only, readOnlyHint) never sends a call
 * that can change state; through call_api it runs and is audited.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';

type Result = CallToolResult & { structuredContent?: Record<string, any> };
const textOf = (r: Result) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** Read verbs that can change state (overrides/access.ts), as APIs and tools. */
const CHANGES = [
  ['checkVolume', 'check_volume'],
  ['getRouterHealthCheckResults', 'get_router_health_check_results'],
  ['listCapacity', 'list_capacity'],
  ['getDiagnosticsData', 'get_diagnostics_data'],
] as const;

let sim: RunningSimulator;
let auditFile: string;
let volumeId: string;
const received = (command: string) => sim.requests.filter((r) => r.command === command).length;

function serverArgs(extra: string[]): string[] {
  const admin = sim.accounts.admin;
  return ['--url', sim.url, '--api-key', admin.apiKey, '--secret-key', admin.secretKey, '--audit-log', auditFile, '--job-poll-ms', '20', ...extra];
}

beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 10 });
  volumeId = sim.state.seed('volume', 1, { namePrefix: 'repair' })[0].id;
  auditFile = join(mkdtempSync(join(tmpdir(), 'cloudstack-mcp-read-path-')), 'audit.jsonl');
});
afterAll(async () => sim.close());

describe('the read path never sends a state change', () => {
  let server: ConnectedServer;
  beforeAll(async () => {
    server = await connectToServer(serverArgs(['--tools', 'all']));
  });
  afterAll(async () => server.close());
  const call = (name: string, args: Record<string, unknown>) => server.client.callTool({ name, arguments: args }) as Promise<Result>;

  it('call_read_api refuses checkVolume (and the other reads by verb that can change state); nothing is sent', async () => {
    for (const [api] of CHANGES) {
      const before = received(api);
      const args = api === 'checkVolume' ? { id: volumeId, repair: 'all' } : {};
      const result = await call('call_read_api', { api, args });
      expect(result.isError, api).toBe(true);
      expect(textOf(result)).toContain(`${api} is a mutate API, so call_read_api does not run it; use call_api`);
      expect(received(api)).toBe(before);
    }
  });

  it('lists their tools without readOnlyHint, and says why in the description', async () => {
    const { tools } = await server.client.listTools();
    for (const [, tool] of CHANGES) {
      const listed = tools.find((t) => t.name === tool);
      expect(listed?.annotations?.readOnlyHint, tool).toBe(false);
    }
    expect(tools.find((t) => t.name === 'check_volume')!.description).toMatch(/not a read/i);
  });

  it('through call_api checkVolume repair=all runs and is audited', async () => {
    const before = received('checkVolume');
    const result = await call('call_api', { api: 'checkVolume', args: { id: volumeId, repair: 'all' } });
    expect(result.isError).toBeFalsy();
    expect(received('checkVolume')).toBe(before + 1);
    const lines = readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const mine = lines.filter((l) => l.api === 'checkVolume');
    expect(mine.map((l) => l.event)).toEqual(['started', 'ended']);
    expect(mine[0]).toMatchObject({ tool: 'call_api', args: { id: volumeId, repair: 'all' } });
  });
});

describe('--read-only', () => {
  it('neither lists nor runs them', async () => {
    const server = await connectToServer(serverArgs(['--tools', 'all', '--read-only']));
    try {
      const names = (await server.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('list_volumes');
      for (const [, tool] of CHANGES) expect(names).not.toContain(tool);
      const before = received('checkVolume');
      const result = (await server.client.callTool({
        name: 'call_read_api',
        arguments: { api: 'checkVolume', args: { id: volumeId, repair: 'leaks' } },
      })) as Result;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('read-only');
      await expect(server.client.callTool({ name: 'check_volume', arguments: { id: volumeId, repair: 'leaks' } })).rejects.toThrow();
      expect(received('checkVolume')).toBe(before);
    } finally {
      await server.close();
    }
  });
});
