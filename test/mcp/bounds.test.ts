import { describe, expect, it } from 'vitest';
import { boundList, boundObject, findListKey, findObjectKey, shrinkToFit } from '../../src/mcp/bounds.ts';

const vms = Array.from({ length: 40 }, (_, i) => ({ id: `vm-${i}`, name: `vm${i}`, state: 'Running', notes: 'x'.repeat(500) }));

describe('result bounds', () => {
  it('finds the item key: the preferred one, else the array that is not count', () => {
    expect(findListKey({ count: 1, virtualmachine: [] }, 'virtualmachine')).toBe('virtualmachine');
    expect(findListKey({ count: 1, hypervisorCapabilities: [] }, 'hypervisorcapability')).toBe('hypervisorCapabilities');
    expect(findListKey({})).toBeUndefined();
    // Decided at run time: listRouters answers internal LB VMs under another key.
    expect(findListKey({ count: 1, internalloadbalancervm: [{}] }, 'router')).toBe('internalloadbalancervm');
  });

  it('finds the object key: the preferred one, else the only key holding an object', () => {
    expect(findObjectKey({ router: {} }, 'router')).toBe('router');
    expect(findObjectKey({ internalloadbalancervm: { id: 'a' }, jobid: 'j', jobstatus: 1 }, 'router')).toBe('internalloadbalancervm');
    expect(findObjectKey({ username: 'u', timeout: 1800 })).toBeUndefined();
    expect(findObjectKey({ a: {}, b: {} }, 'router')).toBeUndefined();
  });

  it('filters the fields of an object answered under a run-time key', () => {
    const bound = boundObject({ internalloadbalancervm: { id: 'a', name: 'n', state: 'Running' } }, { maxItems: 25, maxBytes: 1e6, fields: ['id'] }, 'router');
    expect(bound.content).toEqual({ internalloadbalancervm: { id: 'a' } });
  });

  it('keeps at most maxItems items', () => {
    const bound = boundList({ count: 40, virtualmachine: vms }, { maxItems: 10, maxBytes: 1e6 }, 'virtualmachine');
    expect(bound).toMatchObject({ itemsReceived: 40, itemsKept: 10, truncated: true });
    expect((bound.content.virtualmachine as unknown[]).length).toBe(10);
  });

  it('keeps as many items as fit in maxBytes', () => {
    const bound = boundList({ count: 40, virtualmachine: vms }, { maxItems: 40, maxBytes: 5000 }, 'virtualmachine');
    expect(JSON.stringify(bound.content).length).toBeLessThanOrEqual(5000);
    expect(bound.itemsKept).toBeGreaterThan(1);
    expect(bound.truncated).toBe(true);
  });

  it('filters fields, so more items fit', () => {
    const bound = boundList({ count: 40, virtualmachine: vms }, { maxItems: 40, maxBytes: 5000, fields: ['ID', 'state'] }, 'virtualmachine');
    expect(bound.itemsKept).toBe(40);
    expect(bound.content.virtualmachine).toContainEqual({ id: 'vm-3', state: 'Running' });
  });

  it('shrinks one huge object by its largest arrays and strings first', () => {
    const big = { virtualmachine: { id: 'a', nic: Array.from({ length: 200 }, (_, i) => ({ ip: `10.0.0.${i}` })), name: 'keep' } };
    const bound = boundObject(big, { maxItems: 25, maxBytes: 2000 }, 'virtualmachine');
    expect(bound.truncated).toBe(true);
    expect(JSON.stringify(bound.content).length).toBeLessThanOrEqual(2000);
    expect((bound.content.virtualmachine as { name: string }).name).toBe('keep');
    expect(JSON.stringify(shrinkToFit({ text: 'y'.repeat(10_000) }, 1000)).length).toBeLessThanOrEqual(1000);
  });
});
