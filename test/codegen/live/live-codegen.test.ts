/** `codegen --url` end to end against the simulator, plus the pieces it is made of. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.ts';
import { main } from '../../../codegen/index.ts';
import { loadSnapshotFile, parseListApis } from '../../../src/model/load.ts';
import type { ApiModelDocument } from '../../../src/model/types.ts';
import { inferRoleFromApis } from '../../../codegen/live/caller-role.ts';
import { allowEmptyValue, resolveConnection } from '../../../codegen/live/connection.ts';
import { capturePathFor, saveCapture, type CaptureRecord } from '../../../codegen/live/save-capture.ts';
import { liveSnapshotName, toSnapshotDocument } from '../../../codegen/live/snapshot-document.ts';
import { BundledModel } from '../../../src/model/bundled.ts';

const bundledPath = fileURLToPath(new URL('../../../api-snapshots/cloudstack-4.20.2.0.json', import.meta.url));
const bundled = loadSnapshotFile(bundledPath);
const bundledApis = parseListApis(bundled.doc);
const bundledMeta = bundled.meta as { apis: Record<string, { roles?: string[] }> };

let sim: RunningSimulator;
let dir: string;
let output: string[];

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-live-'));
  output = [];
  const record = (message: unknown) => void output.push(String(message));
  vi.spyOn(console, 'log').mockImplementation(record);
  vi.spyOn(console, 'warn').mockImplementation(record);
  vi.spyOn(console, 'error').mockImplementation(record);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

describe('codegen --url against the simulator', () => {
  it('saves a root admin capture byte-identical to the served snapshot and generates all of it', async () => {
    const snapshot = join(dir, 'snap.json');
    const out = join(dir, 'gen');
    const { apiKey, secretKey } = sim.accounts.admin;
    const code = await main(['--url', sim.url, '--api-key', apiKey, '--secret-key', secretKey, '--save-snapshot', snapshot, '--out', out]);
    expect(code, output.join('\n')).toBe(0);
    expect(readFileSync(snapshot, 'utf8')).toBe(readFileSync(bundledPath, 'utf8'));
    const record = readJson<CaptureRecord>(capturePathFor(snapshot));
    expect(record.role).toMatchObject({ roleType: 'Admin', basis: 'listUsers', username: 'admin' });
    expect(record.cloudstackVersion).toBe('4.20.2.0');
    expect(record.apiCount).toBe(bundledApis.length);
    const model: ApiModelDocument = BundledModel.open(join(out, 'model')).decodeAll();
    expect(model.apis.length).toBe(bundledApis.length);
    expect(model.cloudstackVersion).toBe('4.20.2.0');
    const text = output.join('\n');
    expect(text).toContain(`captured ${bundledApis.length} APIs of CloudStack 4.20.2.0`);
    expect(text).toContain('role: Admin "Root Admin"');
    expect(text).not.toContain(secretKey);
  });

  it('takes the keys from the environment, and says a user key sees only the User role\'s APIs', async () => {
    vi.stubEnv('CLOUDSTACK_API_URL', sim.url);
    vi.stubEnv('CLOUDSTACK_API_KEY', sim.accounts.user.apiKey);
    vi.stubEnv('CLOUDSTACK_SECRET_KEY', sim.accounts.user.secretKey);
    const snapshot = join(dir, 'user.json');
    const code = await main(['--url', '--save-snapshot', snapshot, '--out', join(dir, 'gen'), '--quiet']);
    expect(code, output.join('\n')).toBe(0);
    const userApis = bundledApis.filter((api) => bundledMeta.apis[api.name]?.roles?.includes('User'));
    const saved = parseListApis(readJson(snapshot));
    expect(saved.map((api) => api.name)).toEqual(userApis.map((api) => api.name));
    expect(readJson<CaptureRecord>(capturePathFor(snapshot)).role).toMatchObject({ roleType: 'User', basis: 'listUsers' });
    expect(BundledModel.open(join(dir, 'gen', 'model')).index.apis.length).toBe(userApis.length);
  });

  it('names the default file after the server version and refuses to replace it without force', async () => {
    const connection = { url: sim.url, ...sim.accounts.admin };
    const saved = await saveCapture(connection, { snapshotDir: dir });
    expect(saved.snapshotPath).toBe(join(dir, 'cloudstack-4.20.2.0-live.json'));
    await expect(saveCapture(connection, { snapshotDir: dir })).rejects.toThrow(/cloudstack-4\.20\.2\.0-live\.json exists; pass --force/);
    await expect(saveCapture(connection, { snapshotDir: dir, force: true })).resolves.toMatchObject({ snapshotPath: saved.snapshotPath });
  });

  it('never replaces a ground-truth snapshot (one with a .meta.json), even with --force', async () => {
    const target = join(dir, 'cloudstack-9.9.json');
    writeFileSync(target, 'ground truth');
    writeFileSync(join(dir, 'cloudstack-9.9.meta.json'), '{}');
    const { apiKey, secretKey } = sim.accounts.admin;
    const code = await main(['--url', sim.url, '--api-key', apiKey, '--secret-key', secretKey, '--save-snapshot', target, '--force', '--out', join(dir, 'gen')]);
    expect(code).toBe(1);
    expect(output.join('\n')).toMatch(/is a bundled ground-truth snapshot/);
    expect(readFileSync(target, 'utf8')).toBe('ground truth');
    expect(existsSync(join(dir, 'gen'))).toBe(false);
  });

  it('fails with one message and no secret when the server refuses the signature', async () => {
    const wrongSecret = 'not-the-secret-0123456789';
    const code = await main(['--url', sim.url, '--api-key', sim.accounts.admin.apiKey, '--secret-key', wrongSecret, '--save-snapshot', join(dir, 'x.json'), '--out', join(dir, 'gen')]);
    expect(code).toBe(1);
    expect(output).toHaveLength(1);
    expect(output[0]).toMatch(/^codegen failed: .*401/);
    expect(output[0]).not.toContain(wrongSecret);
    expect(output[0]).not.toMatch(/\n\s+at /);
  });

  it('names what is missing, and refuses live flags without --url', async () => {
    vi.stubEnv('CLOUDSTACK_API_URL', '');
    vi.stubEnv('CLOUDSTACK_API_KEY', '');
    vi.stubEnv('CLOUDSTACK_SECRET_KEY', '');
    expect(await main(['--url', sim.url, '--secret-key', 's3cr3t-value'])).toBe(1);
    expect(output.join('\n')).toBe('codegen failed: missing the API key (--api-key or CLOUDSTACK_API_KEY)');
    expect(await main(['--api-key', 'k'])).toBe(1);
    expect(output[1]).toMatch(/^codegen: --api-key only go with --url/);
    expect(output.join('\n')).not.toContain('s3cr3t-value');
  });

  it('does not echo a stray positional argument: it may be a secret without its --secret-key', async () => {
    expect(await main(['--url', sim.url, '--api-key', 'k', 'forgotten-flag-secret'])).toBe(1);
    expect(output[0]).toMatch(/^codegen: Unexpected positional argument \(not shown: it may be a key\)/);
    expect(output.join('\n')).not.toContain('forgotten-flag-secret');
  });
});

describe('live capture pieces', () => {
  it('reads --url without a value as "from the environment"', () => {
    expect(allowEmptyValue(['--url', '--out', 'x'], ['--url'])).toEqual(['--url', '', '--out', 'x']);
    expect(allowEmptyValue(['--out', 'x', '--url'], ['--url'])).toEqual(['--out', 'x', '--url', '']);
    expect(allowEmptyValue(['--url', 'http://h/client/api'], ['--url'])).toEqual(['--url', 'http://h/client/api']);
  });

  it('refuses URLs that carry credentials or are not http(s)', () => {
    const keys = { apiKey: 'k', secretKey: 's' };
    expect(() => resolveConnection({ url: 'http://u:p@h/client/api', ...keys }, {})).toThrow(/credentials or a query string/);
    expect(() => resolveConnection({ url: 'ftp://h/', ...keys }, {})).toThrow(/http or https, not ftp/);
    expect(() => resolveConnection({ url: 'not a url', ...keys }, {})).toThrow(/not a valid http\(s\) URL/);
  });

  it('infers the role from marker APIs when listUsers cannot tell', () => {
    expect(inferRoleFromApis(new Set(['createZone', 'addHost'])).roleType).toBe('Admin');
    expect(inferRoleFromApis(new Set(['addHost'])).roleType).toBe('ResourceAdmin');
    expect(inferRoleFromApis(new Set(['createDomain'])).roleType).toBe('DomainAdmin');
    expect(inferRoleFromApis(new Set(['listZones']))).toEqual({ roleType: 'User', basis: 'listApis' });
  });

  it('sorts like the bundled files, keeping duplicated params and undocumented fields', () => {
    const doc = toSnapshotDocument({
      count: 2,
      api: [
        { name: 'b', params: [{ name: 'z' }, { name: 'a', required: true }, { name: 'a' }], response: [{}, { name: 'y', response: [{ name: 'q' }, { name: 'p' }] }, { name: 'x' }] },
        { name: 'a', params: [] },
      ],
    });
    expect(doc.listapisresponse.api).toEqual([
      { name: 'a', params: [] },
      { name: 'b', params: [{ name: 'a', required: true }, { name: 'a' }, { name: 'z' }], response: [{ name: 'x' }, { name: 'y', response: [{ name: 'p' }, { name: 'q' }] }, {}] },
    ]);
    expect(liveSnapshotName('4.20.2.0')).toBe('cloudstack-4.20.2.0-live.json');
    expect(liveSnapshotName('4.22/x y')).toBe('cloudstack-4.22_x_y-live.json');
  });
});
