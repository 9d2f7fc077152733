import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ApiModelDocument } from '../../src/model/types.ts';
import { ApiSearchIndex, splitIdentifier, stem } from '../../src/mcp/search.ts';
import { BundledModel } from '../../src/model/bundled.ts';

const model = BundledModel.open().decodeAll();
const index = new ApiSearchIndex(model.apis);
const top = (query: string, n = 1, options = {}) => index.search(query, { limit: n, ...options }).map((hit) => hit.api.name);

describe('API search', () => {
  it('splits identifiers and stems words', () => {
    expect(splitIdentifier('listHostHAProviders')).toEqual(['list', 'host', 'ha', 'providers']);
    expect(stem('creates')).toBe('create');
    expect(stem('policies')).toBe('policy');
  });

  it.each([
    ['create a vm', 'deployVirtualMachine'],
    ['list virtual machines', 'listVirtualMachines'],
    ['attach volume', 'attachVolume'],
    ['delete zone', 'deleteZone'],
    ['acquire a public ip', 'associateIpAddress'],
  ])('"%s" finds %s among the first three', (query, api) => {
    expect(top(query, 3)).toContain(api);
  });

  it('filters by category and access', () => {
    expect(index.search('delete', { category: 'volume', limit: 50 }).every((h) => h.api.category === 'volume')).toBe(true);
    expect(index.search('vm', { access: ['read'], limit: 50 }).every((h) => h.api.access === 'read')).toBe(true);
  });

  it('finds nothing for nonsense', () => {
    expect(top('qwertyuiop zxcv')).toEqual([]);
  });
});
