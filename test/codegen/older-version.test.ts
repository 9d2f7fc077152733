/**
 * Codegen of a dump from an older server, as a live capture is: no `.meta.json`, a file name that
 * carries no usable version, APIs the overrides name missing. Derived from the 4.19 snapshot by
 * dropping every API and param that came in 4.19 (what a 4.18 server lacks).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../codegen/index.ts';
import { BundledModel } from '../../src/model/bundled.ts';
import { compareVersions } from '../../src/model/overrides.ts';
import type { ApiModelDocument } from '../../src/model/types.ts';

interface Entry {
  name: string;
  since?: string;
  params: Array<{ name: string; since?: string }>;
}

const source = (file: string) => fileURLToPath(new URL(`../../api-snapshots/${file}`, import.meta.url));
const newer = (since: string | undefined) => since !== undefined && compareVersions(since, '4.19') >= 0;

let dir: string;
let code: number;
let logs: string[];
let errors: string[];
let model: ApiModelDocument;
let dropped: string[];
const meta419 = JSON.parse(readFileSync(source('cloudstack-4.19.0.0.meta.json'), 'utf8')) as {
  apis: Record<string, { response: { objectName: string | null; name: string | null; nameLikely?: string } }>;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-4.18-'));
  const doc = JSON.parse(readFileSync(source('cloudstack-4.19.0.0.json'), 'utf8')) as { listapisresponse: { count: number; api: Entry[] } };
  dropped = doc.listapisresponse.api.filter((api) => newer(api.since)).map((api) => api.name);
  const api = doc.listapisresponse.api
    .filter((entry) => !newer(entry.since))
    .map((entry) => ({ ...entry, params: entry.params.filter((param) => !newer(param.since)) }));
  writeFileSync(join(dir, 'cloudstack-go-4.18.json'), JSON.stringify({ listapisresponse: { count: api.length, api } }));
  logs = [];
  errors = [];
  vi.spyOn(console, 'log').mockImplementation((message: string) => void logs.push(message));
  vi.spyOn(console, 'warn').mockImplementation((message: string) => void errors.push(message));
  vi.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message));
  code = await main(['--snapshot', join(dir, 'cloudstack-go-4.18.json'), '--out', join(dir, 'out')]);
  vi.restoreAllMocks();
  if (code === 0) model = BundledModel.open(join(dir, 'out', 'model')).decodeAll();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('codegen of a 4.18-shaped dump without meta, with no flags', () => {
  it('succeeds, and the summary says where the version came from and what was skipped', () => {
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    const summary = logs.join('\n');
    expect(dropped.length).toBeGreaterThan(10);
    expect(summary).toMatch(/CloudStack 4\.18(\.\d+)* \(at least: the highest "since" in the dump; --version sets it\)/);
    expect(summary).not.toContain('CloudStack go');
    expect(summary).toMatch(/response shapes: from the meta file 0, from the bundled snapshots \d+, by the rules 0\n/);
    expect(summary).toMatch(/overrides skipped for \d+ API\(s\) the snapshot lacks: /);
    expect(model.cloudstackVersion).toMatch(/^4\.18/);
    expect(model.hasMeta).toBe(false);
  });

  it('gives every API the envelope and key CloudStack 4.19 answers with (where traced)', () => {
    let traced = 0;
    for (const api of model.apis) {
      const response = meta419.apis[api.name].response;
      if (response.objectName) {
        traced++;
        expect(api.responseKey, api.name).toBe(response.objectName);
      }
    }
    expect(traced).toBeGreaterThan(500);
    const key = (name: string) => model.apis.find((api) => api.name === name)?.responseKey;
    expect(key('listVMSnapshot')).toBe('vmSnapshot');
    expect(key('dedicateCluster')).toBe('dedicatedcluster');
    expect(key('dedicateGuestVlanRange')).toBe('dedicatedguestvlanrange');
    expect(key('getKubernetesClusterConfig')).toBe('clusterconfig');
    expect(key('listPublicIpAddresses')).toBe('publicipaddress');
    expect(key('listGuestOsMapping')).toBe('guestosmapping');
    expect(model.apis.find((api) => api.name === 'scaleVirtualMachine')?.responseKind).toBe('object');
  });

  it('takes --version over the content', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const refused: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((message: string) => void refused.push(message));
    try {
      expect(await main(['--snapshot', join(dir, 'cloudstack-go-4.18.json'), '--out', join(dir, 'out2'), '--version', '4.18.0.0', '--quiet'])).toBe(0);
      expect(BundledModel.open(join(dir, 'out2', 'model')).decodeAll().cloudstackVersion).toBe('4.18.0.0');
      expect(await main(['--snapshot', join(dir, 'cloudstack-go-4.18.json'), '--out', join(dir, 'out2'), '--version', 'go'])).toBe(1);
      expect(refused[0]).toMatch(/^codegen: --version takes a CloudStack version such as 4\.18\.0\.0, not "go"/);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
