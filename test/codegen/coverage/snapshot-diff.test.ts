import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../codegen/coverage/cli.ts';
import { renderJson } from '../../../codegen/coverage/json.ts';
import { snapshotDiffMarkdown } from '../../../codegen/coverage/markdown.ts';
import { loadSnapshotSide } from '../../../codegen/coverage/sides.ts';
import { diffSnapshots } from '../../../codegen/coverage/snapshot-diff.ts';
import { snapshotDiffLine } from '../../../codegen/coverage/summary.ts';
import type { SnapshotDiff } from '../../../codegen/coverage/types.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const bundled = (version: string) => fileURLToPath(new URL(`../../../api-snapshots/cloudstack-${version}.json`, import.meta.url));

describe('diff of two hand-made snapshots', () => {
  const diff = diffSnapshots(loadSnapshotSide(fixture('before.json')), loadSnapshotSide(fixture('after.json')));
  const change = (name: string) => diff.apisChanged.find((c) => c.name === name)!;

  it('finds APIs added and removed, and leaves unchanged APIs out', () => {
    expect(diff.apisAdded.map((api) => api.name)).toEqual(['scaleWidget']);
    expect(diff.apisAdded[0]).toMatchObject({ isAsync: true, since: '4.99.0', params: 1, requiredParams: 1 });
    expect(diff.apisRemoved.map((api) => api.name)).toEqual(['retireWidget']);
    expect(diff.apisChanged.map((c) => c.name)).toEqual(['createWidget', 'listWidgets']);
  });

  it('finds params added and removed, and required, type and length changes', () => {
    expect(change('listWidgets').paramsAdded).toEqual([{ name: 'state', type: 'string', required: false, length: 255 }]);
    expect(change('listWidgets').paramsRemoved.map((p) => p.name)).toEqual(['legacyfilter']);
    expect(change('listWidgets').paramsChanged).toEqual([
      { param: 'name', attribute: 'length', from: 255, to: 64, breaking: true },
      { param: 'size', attribute: 'type', from: 'integer', to: 'long', breaking: true },
    ]);
    expect(change('createWidget').paramsAdded).toEqual([{ name: 'projectid', type: 'uuid', required: true, length: 255 }]);
    expect(change('createWidget').paramsChanged).toEqual([{ param: 'zoneid', attribute: 'required', from: false, to: true, breaking: true }]);
  });

  it('finds response fields added and removed, nested ones by path, a new parent without its children', () => {
    expect(change('listWidgets').responseFieldsAdded).toEqual(['owner.domainpath', 'state', 'tags']);
    expect(change('listWidgets').responseFieldsRemoved).toEqual(['oldfield']);
  });

  it('finds async flag and description changes', () => {
    expect(change('createWidget').asyncChanged).toEqual({ from: false, to: true });
    expect(change('listWidgets').asyncChanged).toBeUndefined();
    expect(change('createWidget').descriptionChanged).toBe(true);
    expect(change('listWidgets').descriptionChanged).toBe(false);
    expect(change('createWidget').paramDescriptionsChanged).toEqual(['name']);
  });

  it('counts every kind in the summary, breaking changes included', () => {
    expect(diff.summary).toEqual({
      apisAdded: 1,
      apisRemoved: 1,
      apisChanged: 2,
      paramsAdded: 2,
      requiredParamsAdded: 1,
      paramsRemoved: 1,
      requiredChanged: 1,
      typeChanged: 1,
      lengthChanged: 1,
      responseFieldsAdded: 3,
      responseFieldsRemoved: 1,
      asyncChanged: 1,
      descriptionsChanged: 1,
      paramDescriptionsChanged: 1,
      // retireWidget removed, legacyfilter removed, projectid new and required, zoneid now required,
      // size type, name length shrank, createWidget now async.
      breakingChanges: 7,
    });
  });

  it('renders Markdown with the summary first and every change visible', () => {
    const markdown = snapshotDiffMarkdown(diff);
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# CloudStack API changes: before.json → after.json',
      '## Summary',
      '## Breaking changes (7)',
      '## APIs added (1)',
      '## APIs removed (1)',
      '## APIs with changed params or async flag (2)',
      '### `createWidget`',
      '### `listWidgets`',
      '## APIs with changed response fields only (0)',
      '## Text-only changes (0)',
    ]);
    expect(markdown).toContain('| **breaking changes** | **7** |');
    expect(markdown).toContain('- `createWidget`: new required param `projectid` (uuid, **required**); `zoneid` required false → **true**; async false → true');
    expect(markdown).toContain('- params changed: `name` length 255 → **64**; `size` type integer → **long**');
    expect(markdown).toContain('- response fields added: `owner.domainpath`, `state`, `tags`');
  });

  it('renders JSON that reads back as the same report', () => {
    expect(JSON.parse(renderJson(diff))).toEqual(JSON.parse(JSON.stringify(diff)));
  });
});

describe('diff of the bundled snapshots', () => {
  it('reconciles: params of the new version = old + added - removed, over common and new APIs', () => {
    for (const [from, to] of [['4.19.0.0', '4.20.0.0'], ['4.20.2.0', '4.22.0.0-SNAPSHOT'], ['4.19.0.0', '4.20.2.0']] as const) {
      const diff: SnapshotDiff = diffSnapshots(loadSnapshotSide(bundled(from)), loadSnapshotSide(bundled(to)));
      const s = diff.summary;
      expect(diff.to.apis).toBe(diff.from.apis + s.apisAdded - s.apisRemoved);
      const newApiParams = diff.apisAdded.reduce((n, api) => n + api.params, 0);
      const goneApiParams = diff.apisRemoved.reduce((n, api) => n + api.params, 0);
      expect(diff.to.params).toBe(diff.from.params + s.paramsAdded - s.paramsRemoved + newApiParams - goneApiParams);
      expect(diff.from.label).toBe(from);
      expect(diff.to.label).toBe(to);
    }
  });

  it('finds nothing between a snapshot and itself', () => {
    const side = loadSnapshotSide(bundled('4.20.2.0'));
    const diff = diffSnapshots(side, side);
    expect(diff.apisAdded.length + diff.apisRemoved.length + diff.apisChanged.length).toBe(0);
    expect(diff.summary.breakingChanges).toBe(0);
  });
});

describe('coverage-diff --from/--to CLI', () => {
  let out: string[];
  let errors: string[];
  beforeEach(() => {
    out = [];
    errors = [];
    vi.spyOn(console, 'log').mockImplementation((message: unknown) => void out.push(String(message)));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
    vi.spyOn(console, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
  });
  afterEach(() => vi.restoreAllMocks());

  it('prints the summary line, Markdown, or JSON', async () => {
    const args = ['--from', fixture('before.json'), '--to', fixture('after.json')];
    const expected = diffSnapshots(loadSnapshotSide(fixture('before.json')), loadSnapshotSide(fixture('after.json')));
    expect(await main([...args, '--summary'])).toBe(0);
    expect(out).toEqual([snapshotDiffLine(expected)]);
    out.length = 0;
    expect(await main(args)).toBe(0);
    expect(out.join('')).toBe(snapshotDiffMarkdown(expected));
    out.length = 0;
    expect(await main([...args, '--format', 'json'])).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ kind: 'snapshot-diff', summary: { breakingChanges: 7 } });
  });

  it('refuses bad input with one message and exit code 2', async () => {
    expect(await main(['--from', fixture('before.json')])).toBe(2);
    expect(errors[0]).toBe('coverage-diff: --from and --to go together');
    expect(await main(['--from', fixture('missing.json'), '--to', fixture('after.json')])).toBe(2);
    expect(errors[1]).toBe(`coverage-diff: cannot read ${fixture('missing.json')}: ENOENT`);
    expect(await main(['--generated', '--from', fixture('before.json'), '--to', fixture('after.json')])).toBe(2);
    expect(errors[2]).toMatch(/^coverage-diff: give exactly one of/);
    expect(await main(['--generated', '--format', 'xml'])).toBe(2);
    expect(errors[3]).toBe('coverage-diff: --format must be markdown or json, not "xml"');
    for (const message of errors) expect(message).not.toMatch(/\n\s+at /);
  });
});
