/**
 * The live catalog remembered on disk: the first start waits for listApis (a bounded while) and
 * saves what it said; the next start lists from the file at once and refreshes behind it, telling
 * the client (tools/list_changed) when the cloud now says something else. The file never holds a key.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundledModel } from '../../src/model/bundled.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { connectToServer } from '../support/stdio-client.ts';

let simulator: RunningSimulator;
let cacheDir: string;
beforeAll(async () => {
  simulator = await startSimulator({ jobDelayMs: 0 });
  cacheDir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-catalog-'));
});
afterAll(async () => simulator.close());

const start = () => {
  const { apiKey, secretKey } = simulator.accounts.user;
  return connectToServer(['--url', simulator.url, '--tools', 'all'], {
    env: { CLOUDSTACK_API_KEY: apiKey, CLOUDSTACK_SECRET_KEY: secretKey, CLOUDSTACK_MCP_CACHE_DIR: cacheDir },
  });
};
const listApisCalls = () => simulator.requests.filter((request) => request.command === 'listApis').length;
const cacheFile = () => {
  const files = readdirSync(cacheDir).filter((name) => name.startsWith('catalog-'));
  expect(files).toHaveLength(1);
  return join(cacheDir, files[0]);
};

describe('the catalog cache', () => {
  let userTools = 0;

  it('is written after the first listApis, readable by its owner only, without the keys', async () => {
    const server = await start();
    userTools = (await server.client.listTools()).tools.length;
    expect(userTools).toBeLessThan(500); // a User's catalog, not the 859 APIs of the snapshot
    // Started before the server's modules loaded (early-live-apis.ts), and that one answer was used.
    expect(listApisCalls()).toBe(1);
    await server.close();
    const text = readFileSync(cacheFile(), 'utf8');
    expect(statSync(cacheFile()).mode & 0o077).toBe(0);
    expect(text).not.toContain(simulator.accounts.user.apiKey);
    expect(text).not.toContain(simulator.accounts.user.secretKey);
    expect(JSON.parse(text)).toMatchObject({ url: simulator.url, keyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('is listed from at the next start, and refreshed behind it', async () => {
    const before = listApisCalls();
    const server = await start();
    expect((await server.client.listTools()).tools.length).toBe(userTools);
    await expect.poll(listApisCalls, { timeout: 10_000 }).toBe(before + 1);
    expect(server.stderr()).toMatch(/cached catalog: \d+ APIs/);
    await server.close();
  });

  it('tells the client when the cloud says something else than the cache', async () => {
    const file = cacheFile();
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { names: string[] };
    writeFileSync(file, JSON.stringify({ ...cached, names: cached.names.filter((name) => name !== 'listZones') }), { mode: 0o600 });
    const server = await start();
    let changed = 0;
    server.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed++;
    });
    const first = await server.client.listTools();
    expect(first.tools.map((tool) => tool.name)).not.toContain('list_zones');
    await expect.poll(() => changed, { timeout: 10_000 }).toBe(1);
    const second = await server.client.listTools();
    expect(second.tools.map((tool) => tool.name)).toContain('list_zones');
    expect(second.tools.length).toBe(userTools);
    await server.close();
  });
});

describe('start-up', () => {
  it('answers initialize and the discovery tools/list without waiting for a slow listApis', async () => {
    const slow = await startSimulator({ jobDelayMs: 0, faults: { latencyMs: 4_000 } });
    try {
      const { apiKey, secretKey } = slow.accounts.admin;
      const server = await connectToServer(['--url', slow.url], {
        env: { CLOUDSTACK_API_KEY: apiKey, CLOUDSTACK_SECRET_KEY: secretKey, CLOUDSTACK_MCP_CACHE_TTL_S: '0' },
      });
      const listed = await server.client.listTools();
      expect(listed.tools.map((tool) => tool.name)).toContain('search_apis');
      // Answered while listApis was still on its way: the log has not reported it yet.
      expect(server.stderr()).not.toMatch(/listApis: \d+ APIs/);
      const call = await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones' } });
      expect(call.isError).toBeFalsy();
      expect(server.stderr()).toMatch(/listApis: \d+ APIs/);
      await server.close();
    } finally {
      await slow.close();
    }
  });

  it('lists the snapshot when listApis is slower than the wait, then announces the live list', async () => {
    const slow = await startSimulator({ jobDelayMs: 0, faults: { latencyMs: 4_000 } });
    try {
      const { apiKey, secretKey } = slow.accounts.user;
      const server = await connectToServer(['--url', slow.url, '--tools', 'all'], {
        env: { CLOUDSTACK_API_KEY: apiKey, CLOUDSTACK_SECRET_KEY: secretKey, CLOUDSTACK_MCP_CACHE_TTL_S: '0' },
      });
      let changed = 0;
      server.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        changed++;
      });
      const first = await server.client.listTools();
      // Every API of the snapshot (plus the meta-tools): the User's narrower list is not in yet.
      expect(first.tools.length).toBeGreaterThan(BundledModel.open().index.apis.length);
      expect(server.stderr()).toMatch(/listApis has not answered within 3 s: listing the [\d.]+ snapshot until it does/);
      await expect.poll(() => changed, { timeout: 15_000 }).toBe(1);
      const second = await server.client.listTools();
      expect(second.tools.length).toBeLessThan(500);
      await server.close();
    } finally {
      await slow.close();
    }
  }, 30_000);

  it('announces nothing when the live catalog lists the same tools as the snapshot', async () => {
    const { apiKey, secretKey } = simulator.accounts.admin;
    const server = await connectToServer(['--url', simulator.url], {
      env: { CLOUDSTACK_API_KEY: apiKey, CLOUDSTACK_SECRET_KEY: secretKey, CLOUDSTACK_MCP_CACHE_TTL_S: '0' },
    });
    let changed = 0;
    server.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed++;
    });
    const first = await server.client.listTools();
    await expect.poll(() => server.stderr(), { timeout: 10_000 }).toMatch(/listApis: \d+ APIs/);
    // A notification sent when the catalog changed would be on the wire before this answer.
    const second = await server.client.listTools();
    expect(second.tools).toEqual(first.tools);
    expect(changed).toBe(0);
    await server.close();
  });
});
