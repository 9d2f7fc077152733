import { describe, expect, it } from 'vitest';
import { chooseColumns, renderAnswer, valueText } from '../../src/format/render.ts';
import { renderTable } from '../../src/format/table.ts';

describe('renderTable', () => {
  it('aligns columns and cuts long cells', () => {
    const text = renderTable(['name', 'id'], [['a', '1'], ['x'.repeat(50), '22']], { maxCellWidth: 10 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('name        id');
    expect(lines[1]).toBe('----------  --');
    expect(lines[3]).toBe('xxxxxxxxx…  22');
  });
});

describe('renderAnswer', () => {
  const zones = { kind: 'list', key: 'zone', keyFields: ['name', 'id', 'allocationstate'] } as const;

  it('renders a list as a count line and a table of the key columns present', () => {
    const text = renderAnswer(zones, { count: 3, zone: [{ name: 'z1', id: 'u1', networktype: 'Advanced' }, { name: 'z2', id: 'u2' }] });
    expect(text.split('\n')).toEqual(['3 zones, 2 on this page', 'name  id', '----  --', 'z1    u1', 'z2    u2']);
  });

  it('renders a list under another key than the model\'s, as bounds reads it (listRouters: internal LB VMs)', () => {
    const routers = { kind: 'list', key: 'router', keyFields: ['name', 'state'] } as const;
    const text = renderAnswer(routers, { count: 1, internalloadbalancervm: [{ name: 'ilb1', state: 'Running' }] });
    expect(text.split('\n')).toEqual(['1 internalloadbalancervm', 'name  state', '----  -------', 'ilb1  Running']);
    const object = renderAnswer({ kind: 'object', key: 'router', keyFields: ['name'] }, { internalloadbalancervm: { name: 'ilb1', id: 'u' } });
    expect(object.split('\n')).toEqual(['name: ilb1', 'id: u']);
  });

  it('renders fields answers (login, queryAsyncJobResult) as their fields', () => {
    const text = renderAnswer({ kind: 'fields', keyFields: [] }, { username: 'admin', timeout: 1800 });
    expect(text.split('\n')).toEqual(['username: admin', 'timeout: 1800']);
  });

  it('renders an empty list answer ({})', () => {
    expect(renderAnswer(zones, {})).toBe('0 zones');
  });

  it('limits rows', () => {
    const zone = Array.from({ length: 5 }, (_, index) => ({ name: `z${index}` }));
    const text = renderAnswer(zones, { count: 5, zone }, { maxRows: 2 });
    expect(text).toContain('… 3 more rows not shown');
  });

  it('renders an object with key fields first', () => {
    const hint = { kind: 'object', key: 'virtualmachine', keyFields: ['name', 'state'] } as const;
    const text = renderAnswer(hint, { virtualmachine: { id: 'u1', state: 'Running', name: 'vm1', nic: [{ id: 'n' }] } });
    expect(text.split('\n')).toEqual(['name: vm1', 'state: Running', 'id: u1', 'nic: [1 item]']);
  });

  it('renders success answers and job-id-only answers in one line', () => {
    const hint = { kind: 'success', keyFields: [] } as const;
    expect(renderAnswer(hint, { success: true })).toBe('Succeeded');
    expect(renderAnswer(hint, { success: false, displaytext: 'in use' })).toBe('Failed: in use');
    expect(renderAnswer(hint, { success: true, details: 'done' })).toBe('Succeeded: done');
    expect(renderAnswer(zones, { jobid: 'j1', id: 'e1' })).toBe('Async job j1 started for e1; query it with query_async_job_result.');
  });

  it('falls back to scalar columns when no key field is present', () => {
    expect(chooseColumns([{ foo: 1, bar: { x: 1 }, baz: 'b' }], ['name'])).toEqual(['foo', 'baz']);
    expect(valueText(['a', 'b'])).toBe('a, b');
  });
});
