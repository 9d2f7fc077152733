import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listApisEntries, parseListApis, SnapshotFormatError } from '../../src/model/load.ts';

const fixturePath = fileURLToPath(new URL('../fixtures/quirks.json', import.meta.url));
const wrapped = JSON.parse(readFileSync(fixturePath, 'utf8')) as { listapisresponse: { count: number; api: unknown[] } };
const bare = wrapped.listapisresponse;

describe('parseListApis on the quirks fixture', () => {
  it('accepts the wrapped and the bare shape with the same result', () => {
    expect(parseListApis(bare)).toEqual(parseListApis(wrapped));
    expect(parseListApis(wrapped).map((api) => api.name)).toEqual(['deleteZone', 'getUploadParamsForIso', 'listZones', 'quotaTariffCreate']);
  });

  it('skips {} entries in the api and response arrays, nested ones too', () => {
    const apis = parseListApis(wrapped);
    const emptyInSource = JSON.stringify(bare).split('{}').length - 1;
    expect(emptyInSource).toBeGreaterThan(0);
    for (const api of apis) {
      for (const field of api.response) {
        expect(field.name).not.toBe('');
        for (const nested of field.response ?? []) expect(nested.name).not.toBe('');
      }
    }
    const tags = apis.find((api) => api.name === 'listZones')!.response.find((field) => field.name === 'tags')!;
    expect(tags.response!.map((field) => field.name)).toEqual(['key', 'value']);
  });

  it('merges a param listed twice: one param, required if either is, first non-empty description', () => {
    const api = parseListApis(wrapped).find((candidate) => candidate.name === 'getUploadParamsForIso')!;
    expect(api.params.map((param) => param.name)).toEqual(['name', 'zoneid']);
    const zoneid = api.params.find((param) => param.name === 'zoneid')!;
    expect(zoneid.required).toBe(true);
    expect(zoneid.description).toBe('the ID of the zone the ISO is to be hosted on');
    expect(zoneid.related).toEqual(['listZones', 'createZone']);
    expect(api.params.find((param) => param.name === 'name')!.required).toBe(true);
  });

  it('leaves the response trees out on request, and nothing else', () => {
    const full = parseListApis(wrapped);
    const lean = parseListApis(wrapped, () => {}, { responses: false });
    expect(full.some((api) => api.response.length > 0)).toBe(true);
    expect(lean.every((api) => api.response.length === 0)).toBe(true);
    expect(lean).toEqual(full.map((api) => ({ ...api, response: [] })));
  });

  it('turns missing descriptions into empty strings', () => {
    const api = parseListApis(wrapped).find((candidate) => candidate.name === 'getUploadParamsForIso')!;
    expect(api.description).toBe('');
    expect(api.response.find((field) => field.name === 'postURL')!.description).toBe('');
  });

  it('keeps unknown types as given (lower-cased) for the model to warn about', () => {
    const api = parseListApis(wrapped).find((candidate) => candidate.name === 'quotaTariffCreate')!;
    expect(api.params.find((param) => param.name === 'blob')!.type).toBe('blob');
    expect(api.params.find((param) => param.name === 'value')!.type).toBe('double');
  });

  it('deduplicates related lists', () => {
    expect(parseListApis(wrapped).find((api) => api.name === 'listZones')!.related).toEqual(['createZone', 'listZones']);
  });

  it('refuses documents that are not listApis answers with a clear error', () => {
    expect(() => listApisEntries([])).toThrow(SnapshotFormatError);
    expect(() => listApisEntries({ listapisresponse: { count: 1, api: 'x' } })).toThrow(/not a listApis document/);
    expect(listApisEntries({ listapisresponse: {} })).toEqual([]);
  });
});
