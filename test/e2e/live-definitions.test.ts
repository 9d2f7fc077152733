/**
 * The live catalog uses the live server's own definitions: connected to an older CloudStack, a
 * parameter that came later is refused by name and version instead of being sent and silently
 * ignored by the server (CloudStack ignores parameters it does not know); a parameter whose type,
 * required flag or description the server gives otherwise takes the server's; an API the bundled
 * model lacks is callable with the params the server lists. The expected texts are read from the
 * snapshot the simulator serves, not written here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogCache } from '../../src/mcp/catalog-cache.ts';
import { CatalogSource } from '../../src/mcp/catalog-source.ts';
import { reduceListApis, type ApiCatalog } from '../../src/mcp/catalog.ts';
import { BundledModel, IndexedApi } from '../../src/model/bundled.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';

const snapshotPath = (version: string) => fileURLToPath(new URL(`../../api-snapshots/cloudstack-${version}.json`, import.meta.url));

interface RawEntry {
  name: string;
  description: string;
  params: Array<{ name: string; description: string; required: boolean; type: string }>;
}
const entriesOf = (version: string) =>
  (JSON.parse(readFileSync(snapshotPath(version), 'utf8')) as { listapisresponse: { count: number; api: RawEntry[] } }).listapisresponse;
const paramOf = (entries: { api: RawEntry[] }, api: string, param: string) =>
  entries.api.find((entry) => entry.name === api)!.params.find((p) => p.name === param)!;

const text = (result: Record<string, unknown>) => (result.content as Array<{ text: string }>).map((block) => block.text).join('\n');
interface Described {
  inputSchema: { properties: Record<string, { description?: string }>; required?: string[] };
}

async function connectTo(simulator: RunningSimulator): Promise<ConnectedServer> {
  const { apiKey, secretKey } = simulator.accounts.admin;
  return connectToServer(['--url', simulator.url], {
    env: { CLOUDSTACK_API_KEY: apiKey, CLOUDSTACK_SECRET_KEY: secretKey, CLOUDSTACK_MCP_CACHE_TTL_S: '0' },
  });
}

describe('comparing a live listApis with the bundled model', () => {
  const model = BundledModel.open();
  const bundled = new Map(model.document().apis.map((api) => [api.name, (api as IndexedApi).definitionSignature]));

  it('finds nothing to remodel in the bundled version\'s own listApis (fill-ins and overrides count as the same text)', () => {
    const live = reduceListApis(bundled, entriesOf(model.index.cloudstackVersion));
    expect(live.names).toHaveLength(model.index.apis.length);
    expect(live.unknownEntries).toEqual([]);
    expect(live.differingEntries).toEqual([]);
  });

  it('remodels an API whose own description differs while its params are the same', () => {
    const older = entriesOf('4.19.0.0');
    const current = new Map(entriesOf(model.index.cloudstackVersion).api.map((entry) => [entry.name, entry]));
    const sameParams = (a: RawEntry, b: RawEntry) => JSON.stringify(a.params.map((p) => [p.name, p.description]).sort()) === JSON.stringify(b.params.map((p) => [p.name, p.description]).sort());
    const changed = older.api.filter((entry) => current.has(entry.name) && entry.description !== current.get(entry.name)!.description && sameParams(entry, current.get(entry.name)!));
    expect(changed.length).toBeGreaterThan(0);
    const differing = new Set(reduceListApis(bundled, older).differingEntries.map((entry) => (entry as RawEntry).name));
    for (const entry of changed) expect(differing.has(entry.name)).toBe(true);
  });

  it('remodels an API whose params differ only in their descriptions', () => {
    const older = entriesOf('4.19.0.0');
    const bundledText = paramOf(entriesOf(model.index.cloudstackVersion), 'createVMSchedule', 'action').description;
    expect(paramOf(older, 'createVMSchedule', 'action').description).not.toBe(bundledText);
    const differing = reduceListApis(bundled, older).differingEntries.map((entry) => (entry as RawEntry).name);
    expect(differing).toContain('createVMSchedule');
  });
});

describe('refreshing the live catalog', () => {
  it('rebuilds it when only the server\'s description of a param changed (same API names)', async () => {
    const model = BundledModel.open();
    const bundled = new Map(model.document().apis.map((api) => [api.name, (api as IndexedApi).definitionSignature]));
    const own = entriesOf(model.index.cloudstackVersion);
    const cached = reduceListApis(bundled, own);
    // The server now documents one param otherwise (a patched release): same names, other text.
    const edited = structuredClone(own);
    const entry = edited.api.find((api) => api.name === 'listZones')!;
    entry.params.find((param) => param.name === 'name')!.description = 'the zone name, as the patched server says';
    const refreshed = reduceListApis(bundled, edited, '4.20.2.1');
    expect(refreshed.names).toEqual(cached.names);
    const cache = { read: () => cached, write: () => {} } as unknown as CatalogCache;
    const source = new CatalogSource(model.document(), { offline: false, fetchLiveApis: async () => refreshed, cache, log: () => {} });
    // Started from the cache, the refresh runs behind it; the change is announced (or the test times out).
    const changed = new Promise<ApiCatalog>((resolve) => (source.onChange = resolve));
    await source.start();
    expect(source.current().find('listZones')!.params.find((param) => param.name === 'name')!.description).not.toContain('patched');
    const catalog = await changed;
    expect(catalog.find('listZones')!.params.find((param) => param.name === 'name')!.description).toContain('as the patched server says');
  });
});

describe('a 4.20.2 server connected to CloudStack 4.19', () => {
  let simulator: RunningSimulator;
  let server: ConnectedServer;
  const sent = (command: string) => simulator.requests.filter((request) => request.command === command).length;
  const served = entriesOf('4.19.0.0');
  beforeAll(async () => {
    simulator = await startSimulator({ snapshotPath: snapshotPath('4.19.0.0'), jobDelayMs: 0 });
    server = await connectTo(simulator);
  });
  afterAll(async () => {
    await server.close();
    await simulator.close();
  });
  const describeApi = async (name: string) =>
    (await server.client.callTool({ name: 'describe_api', arguments: { name } })).structuredContent as unknown as Described;

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
    const params = Object.keys((await describeApi('restoreVirtualMachine')).inputSchema.properties);
    expect(params).toContain('virtualmachineid');
    expect(params).not.toContain('expunge');
  });

  it('takes the server\'s description of a param whose name, type and required flag are the bundled ones', async () => {
    const action = (await describeApi('createVMSchedule')).inputSchema.properties.action;
    expect(action.description).toContain(paramOf(served, 'createVMSchedule', 'action').description);
  });

  it('takes the server\'s required flags: 4.19 requires generateUsageRecords startdate, 4.20.2 does not', async () => {
    expect(paramOf(served, 'generateUsageRecords', 'startdate').required).toBe(true);
    expect((await describeApi('generateUsageRecords')).inputSchema.required).toEqual(expect.arrayContaining(['startdate', 'enddate']));
    const before = sent('generateUsageRecords');
    const result = await server.client.callTool({ name: 'call_api', arguments: { api: 'generateUsageRecords', args: { enddate: '2026-01-31' } } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/startdate/);
    expect(sent('generateUsageRecords')).toBe(before);
  });

  it('still runs an API whose parameters both versions share', async () => {
    const result = await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones' } });
    expect(result.isError).toBeFalsy();
    expect(server.stderr()).toMatch(/API\(s\) take the parameters the server describes, not the 4\.20\.2\.0 snapshot's/);
  });
});

describe('a 4.20.2 server connected to a newer CloudStack (4.22)', () => {
  let simulator: RunningSimulator;
  let server: ConnectedServer;
  const served = entriesOf('4.22.0.0-SNAPSHOT');
  beforeAll(async () => {
    simulator = await startSimulator({ snapshotPath: snapshotPath('4.22.0.0-SNAPSHOT'), jobDelayMs: 0 });
    server = await connectTo(simulator);
  });
  afterAll(async () => {
    await server.close();
    await simulator.close();
  });

  it('runs an API only the server has, with the params it lists, and refuses one it does not', async () => {
    const described = (await server.client.callTool({ name: 'describe_api', arguments: { name: 'listGuiThemes' } })).structuredContent as unknown as Described;
    expect(Object.keys(described.inputSchema.properties).sort()).toEqual(
      expect.arrayContaining(served.api.find((entry) => entry.name === 'listGuiThemes')!.params.map((p) => p.name)),
    );
    const result = await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listGuiThemes', args: { commonname: 'example.com' } } });
    expect(result.isError, text(result)).toBeFalsy();
    expect(simulator.requests.some((request) => request.command === 'listGuiThemes' && request.params.commonname === 'example.com')).toBe(true);
    const refused = await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listGuiThemes', args: { notaparam: 'x' } } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/notaparam/);
  });

  it('accepts a parameter the server added to a bundled API (listZones storageaccessgroup) and sends it', async () => {
    expect(paramOf(served, 'listZones', 'storageaccessgroup')).toBeDefined();
    const result = await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones', args: { storageaccessgroup: 'sag1' } } });
    expect(result.isError, text(result)).toBeFalsy();
    expect(simulator.requests.some((request) => request.command === 'listZones' && request.params.storageaccessgroup === 'sag1')).toBe(true);
  });
});
