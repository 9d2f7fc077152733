/** generated/docs/dangerous-actions.md: counts from the model, every destructive API and sensitive param listed. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dangerCounts } from '../../codegen/danger-report.ts';
import { loadSnapshotFile } from '../../src/model/load.ts';
import { buildModel } from '../../src/model/build.ts';
import { renderAll } from '../../codegen/render.ts';
import { overrides } from '../../overrides/index.ts';

const snapshot = loadSnapshotFile(fileURLToPath(new URL('../../api-snapshots/cloudstack-4.22.0.0-SNAPSHOT.json', import.meta.url)));
const model = buildModel(snapshot.doc, { overrides, meta: snapshot.meta, snapshotName: snapshot.snapshotName });
const report = renderAll(model).get('docs/dangerous-actions.md')!;

describe('dangerous-actions.md', () => {
  const counts = dangerCounts(model.apis);

  it('states the counts of the model', () => {
    const destructive = model.apis.filter((api) => api.access === 'destructive');
    expect(counts.destructive).toBe(destructive.length);
    expect(counts.fromOverrides + counts.fromDefaultRule).toBe(destructive.length);
    expect(counts.withoutPolicy).toBe(0);
    expect(report).toContain(`| destructive APIs | ${destructive.length} |`);
    expect(report).toContain(`| policy from an override | ${counts.fromOverrides} |`);
    expect(report).toContain(`| policy from the default rule | ${counts.fromDefaultRule} |`);
    expect(report).toContain('| destructive APIs without a policy | 0 |');
  });

  it('has one row per destructive API with its source, and one per sensitive param', () => {
    const rows = report.split('\n').filter((line) => /\| (override|default-rule) \| .+ \|$/.test(line));
    expect(rows).toHaveLength(counts.destructive);
    expect(report).toMatch(/\| `deleteZone` \| `delete_zone` \| critical \| infrastructure \| no \| .* \| override \|/);
    const paramRows = report.split('\n').filter((line) => /\| (name rule|override)[^|]*\|$/.test(line));
    expect(paramRows).toHaveLength(counts.sensitiveParams);
    expect(report).toContain('| `addImageStore` | `details` | map | override; secret keys: `accesskey`, `secretkey`, `key` |');
  });
});
