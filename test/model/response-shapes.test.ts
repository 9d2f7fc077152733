/**
 * Response shapes from CloudStack's source (the meta files' `response` sections), for every API of
 * every bundled version: the model takes envelope, kind and key from the meta, from the bundled
 * table when the dump has no meta, and from an override (with a reason) only where the source
 * leaves them open.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MetaShape } from '../support/meta-shape.ts';
import { describe, expect, it } from 'vitest';
import { overrides } from '../../overrides/index.ts';
import { bundledShapes } from '../../codegen/bundled-shapes.ts';
import { buildModel, type BuildReport } from '../../src/model/build.ts';
import { loadSnapshotFile } from '../../src/model/load.ts';
import { defaultEnvelope, envelopeName } from '../../src/model/response-shape.ts';
import { bundledShape, RESPONSE_SHAPES_FILE, shapeTableJson } from '../../src/model/response-shapes.ts';

const VERSIONS = ['4.19.0.0', '4.20.0.0', '4.20.1.0', '4.20.2.0', '4.22.0.0-SNAPSHOT'];
const snapshotPath = (version: string) => fileURLToPath(new URL(`../../api-snapshots/cloudstack-${version}.json`, import.meta.url));


describe.each(VERSIONS)('cloudstack-%s', (version) => {
  const snapshot = loadSnapshotFile(snapshotPath(version));
  const metaApis = (snapshot.meta as { apis: Record<string, { response: MetaShape }> }).apis;
  const warnings: string[] = [];
  let report: BuildReport | undefined;
  const withMeta = buildModel(snapshot.doc, {
    overrides,
    meta: snapshot.meta,
    snapshotName: snapshot.snapshotName,
    warn: (message) => warnings.push(message),
    report: (built) => (report = built),
  });

  it('takes every traced envelope, kind and key from the meta; overrides decide the rest without a warning', () => {
    expect(warnings).toEqual([]);
    expect(report!.shapeSources).toEqual({ meta: withMeta.apis.length, bundled: 0, rule: 0 });
    let traced = 0;
    for (const api of withMeta.apis) {
      const response = metaApis[api.name].response;
      expect(envelopeName(api), api.name).toBe(response.name ?? response.nameLikely ?? defaultEnvelope(api.name));
      if (response.kind && response.kind !== 'authenticator') expect(api.responseKind, api.name).toBe(response.kind);
      if (response.objectName) {
        traced++;
        expect(api.responseKey, api.name).toBe(response.objectName);
      } else if (api.responseKind === 'list' || api.responseKind === 'object') {
        expect(overrides.responseShapes?.[api.name]?.key, `${api.name}: untraced key without an override`).toBe(api.responseKey);
      } else {
        expect(api.responseKey, api.name).toBeUndefined();
      }
    }
    expect(traced).toBeGreaterThan(550);
  });

  it('names the error envelope by getCommandName() where the answer uses another key', () => {
    // The meta says so in the envelope's basis: "setResponseName at … (differs from getCommandName() X)".
    const differs = (name: string) => /\(differs from getCommandName\(\) (\S+?)\)/.exec(metaApis[name].response.nameBasis ?? '')?.[1];
    for (const api of withMeta.apis) expect(api.errorEnvelope, api.name).toBe(differs(api.name));
    expect(withMeta.apis.filter((api) => api.errorEnvelope).map((api) => api.name)).toEqual(['updateImageStore']);
  });

  it('says which async APIs answer {id, jobid} at once, as the meta traces it', () => {
    const withId = withMeta.apis.filter((api) => api.immediateId).map((api) => api.name);
    const traced = Object.entries(metaApis).filter(([, { response }]) => response.async && response.immediate?.includes('id')).map(([name]) => name);
    expect(withId).toEqual(traced.sort());
    for (const api of withMeta.apis) if (api.immediateId) expect(api.isAsync, api.name).toBe(true);
    // Not the verb: many create* / add* jobs answer {jobid} alone, and one update* answers the id.
    expect(withId.length).toBeGreaterThan(40);
  });

  it('gives a dump without meta the same shapes, from the bundled table', () => {
    let bare: BuildReport | undefined;
    const withoutMeta = buildModel(snapshot.doc, {
      overrides,
      snapshotName: 'cloudstack-go-live.json',
      cloudstackVersion: version,
      report: (built) => (bare = built),
    });
    expect(bare!.shapeSources).toEqual({ meta: 0, bundled: withMeta.apis.length, rule: 0 });
    const shape = (api: (typeof withMeta.apis)[number]) => [api.name, api.responseKind, api.responseKey, api.responseEnvelope, api.errorEnvelope, api.immediateId];
    expect(withoutMeta.apis.map(shape)).toEqual(withMeta.apis.map(shape));
  });
});

describe('the bundled response shapes', () => {
  const table = bundledShapes();

  it('are what generated/model holds (run npm run codegen)', () => {
    const generated = readFileSync(fileURLToPath(new URL(`../../generated/model/${RESPONSE_SHAPES_FILE}`, import.meta.url)), 'utf8');
    expect(generated).toBe(shapeTableJson(table));
    expect(table.versions).toEqual(VERSIONS);
  });

  it('pick the row of the newest bundled version not after the dump, the oldest for an older one', () => {
    expect(bundledShape(table, 'listZonesMetrics', '4.18.0.0')).toEqual({ kind: 'list', key: 'zone', envelope: 'listzonesresponse' });
    expect(bundledShape(table, 'listZonesMetrics', '4.20.1.0')).toEqual({ kind: 'list', key: 'zone', envelope: 'listzonesresponse' });
    expect(bundledShape(table, 'listZonesMetrics', '4.20.2.0')).toEqual({ kind: 'list', key: 'zone' });
    expect(bundledShape(table, 'listBackupSchedule', '4.19.0.0')?.kind).toBe('object');
    expect(bundledShape(table, 'listBackupSchedule', undefined)?.kind).toBe('list');
    expect(bundledShape(table, 'listVMSnapshot', '4.18.0.0')).toEqual({ kind: 'list', key: 'vmSnapshot' });
    expect(bundledShape(table, 'listWidgets', '4.20.2.0')).toBeUndefined();
  });

  it('leave open exactly what the overrides decide: every override is needed by some bundled version', () => {
    const needed = new Set<string>();
    for (const [name, rows] of Object.entries(table.apis)) {
      for (const [, kind, key] of rows) {
        if (kind === null || kind === 'authenticator' || ((kind === 'list' || kind === 'object') && key === null)) needed.add(name);
      }
    }
    // Error envelopes are checked against each meta above; kinds and keys here.
    const decidingShape = Object.entries(overrides.responseShapes ?? {}).filter(([, entry]) => entry.kind !== undefined || entry.key !== undefined);
    expect(decidingShape.map(([name]) => name).sort()).toEqual([...needed].sort());
    for (const [name, entry] of Object.entries(overrides.responseShapes ?? {})) expect(entry.reason.length, name).toBeGreaterThan(30);
  });
});
