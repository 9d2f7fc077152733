/**
 * The encoder against the real model of CloudStack 4.20.2 (built from the snapshot with the
 * generator's buildModel), so a change in how the model describes parameters shows up here.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, loadSnapshotFile } from '../../src/model/build.ts';
import type { ApiModel, ParamModel } from '../../src/model/types.ts';
import { createApiLookup } from '../../src/cloudstack/api-lookup.ts';
import { encodeArgs } from '../../src/cloudstack/encode.ts';
import { overrides } from '../../overrides/index.ts';

const snapshot = loadSnapshotFile(new URL('../../api-snapshots/cloudstack-4.20.2.0.json', import.meta.url).pathname);
const model = buildModel(snapshot.doc, { overrides, meta: snapshot.meta, snapshotName: snapshot.snapshotName });
const lookup = createApiLookup(model);

function api(name: string): ApiModel {
  const found = lookup(name);
  if (!found) throw new Error(`${name} is not in the model`);
  return found;
}

/** A value of the right JSON shape for any parameter. */
function sampleValue(param: ParamModel): unknown {
  switch (param.encoding) {
    case 'boolean':
      return true;
    case 'integer':
      return 7;
    case 'number':
      return 1.5;
    case 'date':
      return '2026-11-24';
    case 'list':
      return ['a', 'b'];
    case 'map':
      return param.mapShape === 'key-value'
        ? [{ key: 'k', value: 'v' }]
        : param.mapShape === 'name-value'
          ? [{ name: 'n', value: 'v' }]
          : [{ field: 'v' }];
    case 'object':
      return { a: 1 };
    default:
      return 'text';
  }
}

describe('encodeArgs with the 4.20.2 model', () => {
  it('encodes a sample value for every parameter of every API', () => {
    let params = 0;
    for (const entry of model.apis) {
      const args = Object.fromEntries(entry.params.map((p) => [p.name, sampleValue(p)]));
      const wire = encodeArgs(entry, entry.name, args);
      params += entry.params.length;
      const names = wire.map(([name]) => name);
      expect(new Set(names).size).toBe(names.length);
      for (const [name] of wire) expect(name.split('[')[0]).toBe(name.split('[')[0].toLowerCase());
    }
    expect(model.apis.length).toBe(859);
    expect(params).toBeGreaterThan(4000);
  });

  it('deployVirtualMachine: lists, booleans and both map shapes', () => {
    const wire = encodeArgs(api('deployVirtualMachine'), 'deployVirtualMachine', {
      zoneid: 'z',
      serviceofferingid: 's',
      templateid: 't',
      startvm: false,
      networkids: ['n1', 'n2'],
      details: { cpuNumber: 2, memory: 2048 },
      iptonetworklist: [
        { networkid: 'n1', ip: '10.0.0.5' },
        { networkid: 'n2', ip: '10.0.1.5' },
      ],
    });
    expect(wire).toEqual([
      ['zoneid', 'z'],
      ['serviceofferingid', 's'],
      ['templateid', 't'],
      ['startvm', 'false'],
      ['networkids', 'n1,n2'],
      ['details[0].cpuNumber', '2'],
      ['details[0].memory', '2048'],
      ['iptonetworklist[0].networkid', 'n1'],
      ['iptonetworklist[0].ip', '10.0.0.5'],
      ['iptonetworklist[1].networkid', 'n2'],
      ['iptonetworklist[1].ip', '10.0.1.5'],
    ]);
  });

  it('createTags: a key/value map and a comma list', () => {
    expect(encodeArgs(api('createTags'), 'createTags', { resourceids: 'vm-1,vm-2', resourcetype: 'UserVm', tags: { env: 'prod' } })).toEqual([
      ['resourceids', 'vm-1,vm-2'],
      ['resourcetype', 'UserVm'],
      ['tags[0].key', 'env'],
      ['tags[0].value', 'prod'],
    ]);
  });

  it('listAsyncJobs: a date from a JS Date', () => {
    expect(encodeArgs(api('listAsyncJobs'), 'listAsyncJobs', { startdate: new Date('2026-01-02T03:04:05Z') })).toEqual([
      ['startdate', '2026-01-02T03:04:05+0000'],
    ]);
  });
});
