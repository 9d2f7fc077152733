import { describe, expect, it } from 'vitest';
import { encodeArgs } from '../../src/cloudstack/encode.ts';
import { CloudStackEncodingError } from '../../src/cloudstack/errors.ts';
import { apiModel, mapParam, param } from '../support/cloudstack-fixtures.ts';

const api = apiModel('testEverything', [
  param('name', 'string'),
  param('zoneid', 'uuid'),
  param('listall', 'boolean'),
  param('pagesize', 'integer'),
  param('cpuovercommitratio', 'number'),
  param('startdate', 'date'),
  param('ids', 'list'),
  mapParam('tags', 'key-value'),
  mapParam('details', 'free-form'),
  mapParam('counterparam', 'name-value'),
  param('serviceofferingdetails', 'object'),
  param('displayText', 'string'),
]);

function encode(args: Record<string, unknown>) {
  return encodeArgs(api, api.name, args);
}

function problem(args: Record<string, unknown>): CloudStackEncodingError {
  try {
    encode(args);
  } catch (error) {
    expect(error).toBeInstanceOf(CloudStackEncodingError);
    return error as CloudStackEncodingError;
  }
  throw new Error('expected an encoding error');
}

describe('encodeArgs: scalars', () => {
  it('sends strings and uuids as given, numbers in strings as decimal', () => {
    expect(encode({ name: 'a b+c', zoneid: 'f3c1e0a2-0000-4000-8000-000000000001' })).toEqual([
      ['name', 'a b+c'],
      ['zoneid', 'f3c1e0a2-0000-4000-8000-000000000001'],
    ]);
    expect(encode({ name: 42 })).toEqual([['name', '42']]);
  });

  it('sends booleans as true/false, from JSON booleans or the strings, and refuses anything else', () => {
    expect(encode({ listall: true })).toEqual([['listall', 'true']]);
    expect(encode({ listall: false })).toEqual([['listall', 'false']]);
    expect(encode({ listall: 'TRUE' })).toEqual([['listall', 'true']]);
    expect(encode({ listall: 'false' })).toEqual([['listall', 'false']]);
    // CloudStack reads "1"/"yes" as false without a word: refuse them here.
    expect(problem({ listall: 'yes' }).message).toContain("parameter 'listall'");
    expect(problem({ listall: 1 }).message).toMatch(/true or false/);
  });

  it('sends integers and numbers as decimals and refuses the rest', () => {
    expect(encode({ pagesize: 500 })).toEqual([['pagesize', '500']]);
    expect(encode({ pagesize: '-1' })).toEqual([['pagesize', '-1']]);
    expect(encode({ pagesize: '9007199254740993' })).toEqual([['pagesize', '9007199254740993']]);
    expect(encode({ cpuovercommitratio: 1.5 })).toEqual([['cpuovercommitratio', '1.5']]);
    expect(encode({ cpuovercommitratio: '2.0' })).toEqual([['cpuovercommitratio', '2.0']]);
    expect(problem({ pagesize: 1.5 }).message).toMatch(/expected an integer/);
    expect(problem({ pagesize: 'ten' }).message).toMatch(/expected an integer/);
    expect(problem({ pagesize: 2 ** 60 }).message).toMatch(/pass it as a string/);
    expect(problem({ cpuovercommitratio: Number.NaN }).message).toMatch(/expected a number/);
  });

  it('sends date strings as given and a Date in CloudStack form', () => {
    expect(encode({ startdate: '2026-11-24' })).toEqual([['startdate', '2026-11-24']]);
    expect(encode({ startdate: new Date('2026-11-24T10:15:00.000Z') })).toEqual([['startdate', '2026-11-24T10:15:00+0000']]);
    expect(problem({ startdate: new Date('nope') }).message).toMatch(/invalid/);
  });

  it('sends object parameters as JSON when given an object, raw when given a string', () => {
    expect(encode({ serviceofferingdetails: { a: 1 } })).toEqual([['serviceofferingdetails', '{"a":1}']]);
    expect(encode({ serviceofferingdetails: 'raw' })).toEqual([['serviceofferingdetails', 'raw']]);
  });
});

describe('encodeArgs: lists', () => {
  it('comma-joins arrays and passes comma strings through', () => {
    expect(encode({ ids: ['a', 'b', 'c'] })).toEqual([['ids', 'a,b,c']]);
    expect(encode({ ids: 'a,b,c' })).toEqual([['ids', 'a,b,c']]);
    expect(encode({ ids: [1, 2] })).toEqual([['ids', '1,2']]);
  });

  it('refuses items containing a comma, naming the item', () => {
    const error = problem({ ids: ['a', 'b,c'] });
    expect(error.param).toBe('ids');
    expect(error.message).toMatch(/item 1 \("b,c"\) contains a comma/);
  });

  it('refuses nested values', () => {
    expect(problem({ ids: [['a']] }).message).toMatch(/item 0 must be a string/);
    expect(problem({ ids: { a: 1 } }).message).toMatch(/expected an array or a comma-separated string/);
  });
});

describe('encodeArgs: maps', () => {
  it('sends an array of key/value objects as tags[i].key / tags[i].value', () => {
    expect(
      encode({
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'a&b' },
        ],
      }),
    ).toEqual([
      ['tags[0].key', 'env'],
      ['tags[0].value', 'prod'],
      ['tags[1].key', 'team'],
      ['tags[1].value', 'a&b'],
    ]);
  });

  it('takes a single {key, value} object as one item, and a plain object of pairs as one item per pair', () => {
    expect(encode({ tags: { key: 'env', value: 'prod' } })).toEqual([
      ['tags[0].key', 'env'],
      ['tags[0].value', 'prod'],
    ]);
    expect(encode({ tags: { env: 'prod', team: 'ops' } })).toEqual([
      ['tags[0].key', 'env'],
      ['tags[0].value', 'prod'],
      ['tags[1].key', 'team'],
      ['tags[1].value', 'ops'],
    ]);
    expect(encode({ counterparam: { oid: '1.3.6', threshold: 5 } })).toEqual([
      ['counterparam[0].name', 'oid'],
      ['counterparam[0].value', '1.3.6'],
      ['counterparam[1].name', 'threshold'],
      ['counterparam[1].value', '5'],
    ]);
  });

  it('sends a free-form object as index 0 with every field, keeping field case and dots', () => {
    expect(encode({ details: { cpuNumber: 2, memory: 2048, 'cpu.corespersocket': '2', pinned: true } })).toEqual([
      ['details[0].cpuNumber', '2'],
      ['details[0].memory', '2048'],
      ['details[0].cpu.corespersocket', '2'],
      ['details[0].pinned', 'true'],
    ]);
    expect(encode({ details: [{ cpuNumber: 2 }, { memory: 1024 }] })).toEqual([
      ['details[0].cpuNumber', '2'],
      ['details[1].memory', '1024'],
    ]);
  });

  it('refuses field names the server cannot decode and nested field values', () => {
    expect(problem({ details: { 'a[1]': 'x' } }).message).toMatch(/cannot be sent as details\[i\]\.field/);
    expect(problem({ details: { a: { b: 1 } } }).message).toMatch(/field 'a' must be a string/);
    expect(problem({ tags: 'env=prod' }).message).toMatch(/expected an array of objects or an object/);
    expect(problem({ tags: ['env'] }).message).toMatch(/item 0 must be an object/);
  });

  it('leaves out undefined and null map fields', () => {
    expect(encode({ details: { a: '1', b: undefined, c: null } })).toEqual([['details[0].a', '1']]);
  });
});

describe('encodeArgs: names', () => {
  it('lower-cases names (the server does) and leaves out undefined and null arguments', () => {
    expect(encode({ displayText: 'x', zoneId: 'z', name: undefined, ids: null })).toEqual([
      ['displaytext', 'x'],
      ['zoneid', 'z'],
    ]);
  });

  it('refuses a parameter the API does not have, listing the known ones', () => {
    const error = problem({ zonename: 'x' });
    expect(error.param).toBe('zonename');
    expect(error.message).toContain('testEverything has no such parameter');
    expect(error.message).toContain('zoneid');
  });

  it('refuses the same name twice in different case', () => {
    expect(problem({ zoneid: 'a', zoneId: 'b' }).message).toMatch(/given twice/);
  });

  it('without a model, sends values by their JSON shape', () => {
    expect(
      encodeArgs(undefined, 'liveOnlyApi', {
        Name: 'x',
        count: 3,
        flag: true,
        ids: ['a', 'b'],
        details: { k: 'v' },
        when: new Date('2030-01-01T00:00:00Z'),
      }),
    ).toEqual([
      ['name', 'x'],
      ['count', '3'],
      ['flag', 'true'],
      ['ids', 'a,b'],
      ['details[0].k', 'v'],
      ['when', '2030-01-01T00:00:00+0000'],
    ]);
  });
});
