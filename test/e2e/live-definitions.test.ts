/**
 * The live catalog uses the live server's own parameters: connected to an older CloudStack, a
 * parameter that came later is refused by name and version instead of being sent and silently
 * ignored by the server (CloudStack ignores parameters it does not know).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';

const SNAPSHOT_4_19 = fileURLToPath(new URL('../../api-snapshots/cloudstack-4.19.0.0.json', import.meta.url));

let simulator: RunningSimulator;
let server: ConnectedServer;
beforeAll(async () => {
  simulator = await startSimulator({ snapshotPath: SNAPSHOT_4_19, jobDelayMs: 0 });
  const { apiKey, secretKey } = simulator.accounts.admin;
  server = await connectToServer(['--url', simulator.url], {
    env: { CLOUDSTACK_API_KEY: apiKey, CLOUDSTACK_SECRET_KEY: secretKey, CLOUDSTACK_MCP_CACHE_TTL_S: '0' },
  });
});
afterAll(async () => {
  await server.close();
  await simulator.close();
});

const sent = (command: string) => simulator.requests.filter((request) => request.command === command).length;
const text = (result: Record<string, unknown>) => (result.content as Array<{ text: string }>).map((block) => block.text).join('\n');

describe('a 4.20.2 server connected to CloudStack 4.19', () => {
  it('refuses a 4.20-only parameter, naming the server version, and sends nothing', async () => {
    const before = sent('restoreVirtualMachine');
    const result = await server.client.callTool({
      name: 'call_api',
      arguments: { api: 'restoreVirtualMachine', args: { virtualmachineid: '6f1f8a43-7f7b-4b39-a2c4-2c4b5d0a0b11', expunge: true } },
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/parameter "expunge" is not known to the connected CloudStack \(4\.19\.0\.0\)/);
    expect(sent('restoreVirtualMachine')).toBe(before);
  });

  it('describes the parameters the server has', async () => {
    const described = await server.client.callTool({ name: 'describe_api', arguments: { name: 'restoreVirtualMachine' } });
    const params = Object.keys(((described.structuredContent as { inputSchema: { properties: object } }).inputSchema.properties));
    expect(params).toContain('virtualmachineid');
    expect(params).not.toContain('expunge');
  });

  it('still runs an API whose parameters both versions share', async () => {
    const result = await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones' } });
    expect(result.isError).toBeFalsy();
    expect(server.stderr()).toMatch(/API\(s\) take the parameters the server describes, not the 4\.20\.2\.0 snapshot's/);
  });
});
