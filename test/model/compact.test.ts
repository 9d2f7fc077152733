import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { overrides } from '../../overrides/index.ts';
import { buildModel } from '../../src/model/build.ts';
import { decodeApi, encodeModel } from '../../src/model/compact.ts';
import { loadSnapshotFile } from '../../src/model/load.ts';

const VERSIONS = ['4.19.0.0', '4.20.0.0', '4.20.1.0', '4.20.2.0', '4.22.0.0-SNAPSHOT'];

describe.each(VERSIONS)('the compact model of cloudstack-%s', (version) => {
  const snapshot = loadSnapshotFile(fileURLToPath(new URL(`../../api-snapshots/cloudstack-${version}.json`, import.meta.url)));
  const model = buildModel(snapshot.doc, { overrides, meta: snapshot.meta, snapshotName: snapshot.snapshotName });
  const { index, definitions } = encodeModel(model);

  it('decodes to exactly the model buildModel made, API by API', () => {
    expect(index.apis).toHaveLength(model.apis.length);
    model.apis.forEach((api, i) => expect(decodeApi(index, definitions, i)).toStrictEqual(api));
    expect({ ...index, apis: undefined }).toEqual({
      format: 3,
      cloudstackVersion: model.cloudstackVersion,
      snapshot: model.snapshot,
      hasMeta: model.hasMeta,
      categories: model.categories,
      apis: undefined,
    });
  });

  it('stores each text and each response tree once', () => {
    expect(new Set(definitions.strings).size).toBe(definitions.strings.length);
    expect(new Set(definitions.trees.map((tree) => JSON.stringify(tree))).size).toBe(definitions.trees.length);
    const compact = JSON.stringify(index).length + JSON.stringify(definitions).length;
    expect(compact).toBeLessThan(JSON.stringify(model).length / 3);
  });
});
