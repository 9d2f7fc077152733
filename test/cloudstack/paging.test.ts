import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../../src/cloudstack/caller.ts';
import { listAll, listItems, type PageSource } from '../../src/cloudstack/paging.ts';
import { apiModel } from '../support/cloudstack-fixtures.ts';

/**
 * A list endpoint with CloudStack's paging semantics (count = total, `{}` when empty, `{count}`
 * past the end, pagesize ≤ 500), recording every call.
 */
function pagedSource(total: number, itemKey = 'zone', responseKey?: string) {
  const calls: Array<Record<string, unknown>> = [];
  const source: PageSource = {
    async callApi(_apiName: string, args: Record<string, unknown>, _options?: CallOptions) {
      calls.push(args);
      const page = Number(args.page);
      const pageSize = Number(args.pagesize);
      if (!(pageSize <= 500)) throw new Error(`pagesize ${pageSize} > 500`);
      if (total === 0) return {};
      const start = (page - 1) * pageSize;
      const slice = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, i) => ({ id: `id-${start + i}` }));
      return slice.length === 0 ? { count: total } : { count: total, [itemKey]: slice };
    },
    describeApi: (name) => (responseKey ? apiModel(name, [], { responseKey }) : undefined),
  };
  return { source, calls };
}

describe('listItems', () => {
  it('reads the non-count key, the model key, the empty list and a page past the end', () => {
    expect(listItems({ count: 2, asyncjobs: [{ a: 1 }, { a: 2 }] })).toEqual({ count: 2, items: [{ a: 1 }, { a: 2 }] });
    expect(listItems({ count: 1, hypervisorCapabilities: [{ a: 1 }] }, 'hypervisorCapabilities').items).toHaveLength(1);
    expect(listItems({})).toEqual({ count: 0, items: [] });
    expect(listItems({ count: 7 })).toEqual({ count: 7, items: [] });
    expect(listItems({ capability: { a: 1 } }, 'capability')).toEqual({ count: 1, items: [{ a: 1 }] });
  });
});

describe('listAll', () => {
  it('walks pages until count, sending page and pagesize together', async () => {
    const { source, calls } = pagedSource(1200);
    const result = await listAll(source, 'listZones', { keyword: 'z', page: 9, PageSize: 3 });
    expect(result.count).toBe(1200);
    expect(result.items).toHaveLength(1200);
    expect(new Set(result.items.map((i) => i.id)).size).toBe(1200);
    expect(calls).toEqual([
      { keyword: 'z', page: 1, pagesize: 500 },
      { keyword: 'z', page: 2, pagesize: 500 },
      { keyword: 'z', page: 3, pagesize: 500 },
    ]);
  });

  it('stops at an exact multiple of the page size without an extra request', async () => {
    const { source, calls } = pagedSource(1000);
    expect((await listAll(source, 'listZones')).items).toHaveLength(1000);
    expect(calls).toHaveLength(2);
  });

  it('honours the caller limit and a smaller page size', async () => {
    const { source, calls } = pagedSource(1200);
    const result = await listAll(source, 'listZones', {}, { limit: 250, pageSize: 100 });
    expect(result).toMatchObject({ count: 1200 });
    expect(result.items.map((i) => i.id)).toEqual(Array.from({ length: 250 }, (_, i) => `id-${i}`));
    expect(calls.map((c) => c.page)).toEqual([1, 2, 3]);
  });

  it('returns zero items for the empty list {}', async () => {
    const { source, calls } = pagedSource(0);
    expect(await listAll(source, 'listZones')).toEqual({ count: 0, items: [] });
    expect(calls).toHaveLength(1);
  });

  it('uses the model responseKey when the answer has several arrays', async () => {
    const source: PageSource = {
      callApi: async () => ({ count: 1, extra: [{ id: 'not me' }], loadbalancerruleinstance: [{ id: 'me' }] }),
      describeApi: (name) => apiModel(name, [], { responseKey: 'loadbalancerruleinstance' }),
    };
    expect((await listAll(source, 'listLoadBalancerRuleInstances')).items).toEqual([{ id: 'me' }]);
  });
});
