/**
 * The real server binary with `--config` and `--profile`: two simulators stand for two clouds, each
 * profile points at one, and the profile picked decides which cloud gets the calls (and with what
 * settings). The secret key of one profile comes from a command, as from a password manager.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';
import { tempHome, type TempHome } from './temp-config.ts';

let east: RunningSimulator;
let west: RunningSimulator;
let home: TempHome;
let configFile: string;
let auditFile: string;

const received = (sim: RunningSimulator, command: string) => sim.requests.filter((r) => r.command === command).length;

beforeAll(async () => {
  [east, west] = await Promise.all([startSimulator({ jobDelayMs: 10 }), startSimulator({ jobDelayMs: 10 })]);
  home = tempHome();
  auditFile = join(home.dir, 'audit.jsonl');
  // A stand-in for `pass show`: prints the key and a newline.
  const printSecret = home.write('print-secret.mjs', `process.stdout.write(${JSON.stringify(east.accounts.admin.secretKey + '\n')})`);
  configFile = home.write('.config/cloudstack-mcp/config.json', {
    defaultProfile: 'west',
    profiles: {
      east: { url: east.url, apiKey: east.accounts.admin.apiKey, secretKeyCommand: [process.execPath, printSecret] },
      west: { url: west.url, apiKeyEnv: 'WEST_API_KEY', secretKey: west.accounts.user.secretKey, readOnly: true, tools: 'all' },
    },
  });
});
afterAll(async () => Promise.all([east?.close(), west?.close()]));

// HOME and XDG_CONFIG_HOME point at the scratch home: the real ~/.config and ~/.cmk are never read.
const start = (args: string[]) =>
  connectToServer([...args, '--audit-log', auditFile, '--job-poll-ms', '20'], { env: { ...(home.env as Record<string, string>), WEST_API_KEY: west.accounts.user.apiKey } });

async function withServer(args: string[], body: (server: ConnectedServer) => Promise<void>): Promise<void> {
  const server = await start(args);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const listZones = (server: ConnectedServer) => server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones' } });

describe('the server started with --config and --profile', () => {
  it('--profile east calls the east cloud with the key its command printed, and names the profile in audit lines', async () => {
    await withServer(['--config', configFile, '--profile', 'east'], async (server) => {
      const [eastBefore, westBefore] = [received(east, 'listZones'), received(west, 'listZones')];
      expect((await listZones(server)).isError).toBeFalsy();
      expect(received(east, 'listZones')).toBe(eastBefore + 1);
      expect(received(west, 'listZones')).toBe(westBefore);

      const result = await server.client.callTool({
        name: 'call_api',
        arguments: { api: 'createZone', args: { name: 'east-zone', dns1: '8.8.8.8', internaldns1: '10.0.0.2', networktype: 'Basic' } },
      });
      expect(result.isError).toBeFalsy();
      const started = readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line)).filter((l) => l.api === 'createZone');
      expect(started[0]).toMatchObject({ event: 'started', profile: 'east' });
      expect(server.stderr()).toContain(`using profile east (${configFile}, profile "east")`);
      expect(server.stderr()).not.toContain(east.accounts.admin.secretKey);
    });
  });

  it('with no --profile the default profile (west) is used, with its own surface and read-only setting', async () => {
    await withServer([], async (server) => {
      const [eastBefore, westBefore] = [received(east, 'listZones'), received(west, 'listZones')];
      expect((await listZones(server)).isError).toBeFalsy();
      expect(received(west, 'listZones')).toBe(westBefore + 1);
      expect(received(east, 'listZones')).toBe(eastBefore);
      const { tools } = await server.client.listTools();
      // tools: all and readOnly from the profile: one tool per API, none of them mutating, and no call_api.
      expect(tools.length).toBeGreaterThan(100);
      expect(tools.some((tool) => tool.name === 'call_api')).toBe(false);
      expect(tools.filter((tool) => tool.annotations?.readOnlyHint !== true)).toEqual([]);
    });
  });

  it('a flag still wins over the profile: --url points the east profile at the west cloud', async () => {
    // East's keys are not west's: west refuses them, which is how we know the call went there.
    await withServer(['--profile', 'east', '--url', west.url, '--offline'], async (server) => {
      const westBefore = west.requests.length;
      await listZones(server);
      expect(west.requests.length).toBeGreaterThan(westBefore);
      expect(west.requests.at(-1)!.status).not.toBe(200);
    });
  });

  it('refuses an unknown profile at start-up, naming the profiles there are', async () => {
    await expect(start(['--profile', 'north'])).rejects.toThrow(
      `cloudstack-mcp: no profile named "north"; the profiles are: east, west (read from ${configFile})`,
    );
  });
});
