import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SNAPSHOT } from '../../../codegen/index.ts';
import { bundledSnapshots, compareVersions, DEFAULT_DOCS_DIR, upgradePairs, writeUpgradeDocs } from '../../../codegen/coverage/upgrade-docs.ts';

const dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('upgrade docs', () => {
  it('orders versions numerically, a pre-release before its release', () => {
    const versions = ['4.22.0.0', '4.20.10.0', '4.9.3', '4.22.0.0-SNAPSHOT', '4.20.2.0'];
    expect([...versions].sort(compareVersions)).toEqual(['4.9.3', '4.20.2.0', '4.20.10.0', '4.22.0.0-SNAPSHOT', '4.22.0.0']);
  });

  it('pairs consecutive bundled versions and the oldest with the default target', () => {
    const snapshots = bundledSnapshots('api-snapshots');
    expect(snapshots.map((s) => s.version)).toEqual(['4.19.0.0', '4.20.0.0', '4.20.1.0', '4.20.2.0', '4.22.0.0-SNAPSHOT']);
    const pairs = upgradePairs(snapshots, DEFAULT_SNAPSHOT).map(([a, b]) => `${a.version}→${b.version}`);
    expect(pairs).toEqual(['4.19.0.0→4.20.0.0', '4.20.0.0→4.20.1.0', '4.20.1.0→4.20.2.0', '4.20.2.0→4.22.0.0-SNAPSHOT', '4.19.0.0→4.20.2.0']);
  });

  it(`${DEFAULT_DOCS_DIR}/ is what --write-docs produces now (refresh: npm run coverage-diff -- --write-docs)`, () => {
    const written = writeUpgradeDocs('api-snapshots', DEFAULT_SNAPSHOT, dir);
    expect(readdirSync(DEFAULT_DOCS_DIR).sort()).toEqual([...written.files].sort());
    for (const file of written.files) {
      expect(readFileSync(join(DEFAULT_DOCS_DIR, file), 'utf8'), file).toBe(readFileSync(join(dir, file), 'utf8'));
    }
  });
});
