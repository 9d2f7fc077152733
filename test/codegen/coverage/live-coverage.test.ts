import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.ts';
import { DEFAULT_SNAPSHOT } from '../../../codegen/index.ts';
import { metaPathFor } from '../../../src/model/load.ts';
import { main } from '../../../codegen/coverage/cli.ts';
import { compareLive, liveCoveragePasses } from '../../../codegen/coverage/live-coverage.ts';
import { liveCoverageMarkdown } from '../../../codegen/coverage/markdown.ts';
import { loadGeneratedSide, loadLiveSide } from '../../../codegen/coverage/sides.ts';
import { doctoredGenerated, GENERATED_DIR } from '../../support/coverage.ts';

/** Plugin APIs a smaller server would not have; listApis, listCapabilities and listUsers stay. */
const REMOVED = ['createWebhook', 'deleteBgpPeer', 'listKubernetesClusters', 'quotaBalance'];

let dir: string;
let reduced: RunningSimulator;
let full: RunningSimulator;
let doctoredDir: string;
/** APIs the reduced server serves. */
let servedCount: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-live-coverage-'));
  const doc = JSON.parse(readFileSync(DEFAULT_SNAPSHOT, 'utf8')) as { listapisresponse: { count: number; api: Array<{ name: string }> } };
  const kept = doc.listapisresponse.api.filter((api) => !REMOVED.includes(api.name));
  expect(kept.length).toBe(doc.listapisresponse.api.length - REMOVED.length);
  servedCount = kept.length;
  const reducedPath = join(dir, 'cloudstack-4.20.2.0.json');
  writeFileSync(reducedPath, JSON.stringify({ listapisresponse: { count: kept.length, api: kept } }));
  copyFileSync(metaPathFor(DEFAULT_SNAPSHOT), metaPathFor(reducedPath));
  reduced = await startSimulator({ snapshotPath: reducedPath });
  full = await startSimulator();
  doctoredDir = doctoredGenerated(dir, { dropTools: ['listZones', 'createWebhook'], dropParams: [['deployVirtualMachine', 'keypair']] });
});
afterAll(async () => {
  await reduced.close();
  await full.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('--live against the simulator', () => {
  it('reports exactly the APIs a reduced server does not offer, and nothing missing', async () => {
    const report = compareLive(await loadLiveSide({ url: reduced.url, ...reduced.accounts.admin }), await loadGeneratedSide(GENERATED_DIR));
    expect(report.toolsNotOffered.map((tool) => tool.api)).toEqual([...REMOVED].sort());
    expect(report.apisMissing).toEqual([]);
    expect(report.paramsMissing).toEqual([]);
    expect(report.server.version).toBe('4.20.2.0');
    expect(report.server.role).toMatch(/^Admin "Root Admin"/);
    expect(liveCoveragePasses(report)).toBe(true);
  });

  it('reports what the server has that the tools lack, with the codegen hint', async () => {
    const report = compareLive(await loadLiveSide({ url: reduced.url, ...reduced.accounts.admin }), await loadGeneratedSide(doctoredDir));
    // createWebhook is gone on both sides: neither missing nor "not offered".
    expect(report.apisMissing.map((api) => api.name)).toEqual(['listZones']);
    expect(report.paramsMissing).toEqual([{ api: 'deployVirtualMachine', tool: 'deploy_virtual_machine', param: 'keypair' }]);
    expect(report.toolsNotOffered.map((tool) => tool.api)).toEqual(REMOVED.filter((api) => api !== 'createWebhook').sort());
    expect(liveCoveragePasses(report)).toBe(false);
    expect(liveCoverageMarkdown(report)).toContain(`npm run codegen -- --url ${reduced.url}`);
  });

  it('says when the key is not a root admin\'s: the User role sees fewer APIs', async () => {
    const report = compareLive(await loadLiveSide({ url: full.url, ...full.accounts.user }), await loadGeneratedSide(GENERATED_DIR));
    expect(report.server.role).toMatch(/^User .*a root admin key sees more APIs/);
    expect(report.apisMissing).toEqual([]);
    expect(report.toolsNotOffered.length).toBe(report.generated.tools - report.server.apis);
  });
});

describe('coverage-diff --live CLI', () => {
  let out: string[];
  beforeEach(() => {
    out = [];
    const record = (message: unknown) => void out.push(String(message));
    vi.spyOn(console, 'log').mockImplementation(record);
    vi.spyOn(console, 'error').mockImplementation(record);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('exits 0 with the summary when nothing is lacking, keys from the environment', async () => {
    vi.stubEnv('CLOUDSTACK_API_KEY', reduced.accounts.admin.apiKey);
    vi.stubEnv('CLOUDSTACK_SECRET_KEY', reduced.accounts.admin.secretKey);
    expect(await main(['--live', reduced.url, '--summary'])).toBe(0);
    expect(out).toEqual([
      `live ${reduced.url} (CloudStack 4.20.2.0): ${servedCount}/${servedCount} APIs covered, 0 missing, 0 params missing; ` +
        `${REMOVED.length} generated tools not offered by the server`,
    ]);
    expect(out.join('\n')).not.toContain(reduced.accounts.admin.secretKey);
  });

  it('exits 1 and prints JSON when the tools lack something; never prints the secret', async () => {
    const { apiKey, secretKey } = full.accounts.admin;
    expect(await main(['--live', full.url, '--api-key', apiKey, '--secret-key', secretKey, '--generated-dir', doctoredDir, '--format', 'json'])).toBe(1);
    const report = JSON.parse(out.join(''));
    expect(report.apisMissing.map((api: { name: string }) => api.name)).toEqual(['createWebhook', 'listZones']);
    expect(out.join('')).not.toContain(secretKey);
  });

  it('fails with one message, no secret, on a wrong key', async () => {
    const secret = 'wrong-secret-value-42';
    expect(await main(['--live', full.url, '--api-key', full.accounts.admin.apiKey, '--secret-key', secret])).toBe(2);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^coverage-diff: .*401/);
    expect(out[0]).not.toContain(secret);
    expect(await main(['--live', full.url, '--api-key', full.accounts.admin.apiKey, secret])).toBe(2);
    expect(out[1]).toMatch(/^coverage-diff: Unexpected positional argument/);
    expect(out.join('\n')).not.toContain(secret);
  });
});
