/**
 * The default rendering (answers no custom formatter covers: the `widget` key below is no
 * CloudStack response type) and the rules every rendering follows.
 */
import { describe, expect, it } from 'vitest';
import { entityFormatters, type EntityFormatter } from '../../overrides/formatters/index.ts';
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

describe('renderAnswer, default rendering', () => {
  const widgets = { kind: 'list', key: 'widget', keyFields: ['name', 'id', 'allocationstate', 'size'] } as const;

  it('renders a list as a count line and a table of the key columns present', () => {
    const widget = [{ name: 'w1', id: 'u1', size: 1, allocationstate: 'Enabled', networktype: 'Advanced' }, { name: 'w2', id: 'u2', size: 2 }];
    const text = renderAnswer(widgets, { count: 3, widget });
    expect(text.split('\n')).toEqual([
      '3 widgets, 2 on this page',
      'name  id  allocationstate  size',
      '----  --  ---------------  ----',
      'w1    u1  Enabled          1',
      'w2    u2                   2',
    ]);
  });

  it('fills a narrow table with the answer\'s other scalar fields', () => {
    const text = renderAnswer({ kind: 'list', key: 'widget', keyFields: ['id'] }, { count: 1, widget: [{ id: 'u1', hypervisor: 'KVM', maxguests: 50, nested: { a: 1 }, enabled: true }] });
    expect(text.split('\n')[1].split(/\s+/)).toEqual(['id', 'hypervisor', 'maxguests', 'enabled']);
  });

  it('renders fields answers (login) as their fields', () => {
    const text = renderAnswer({ kind: 'fields', keyFields: [] }, { username: 'admin', timeout: 1800 });
    expect(text.split('\n')).toEqual(['username: admin', 'timeout: 1800']);
  });

  it('renders an empty list answer ({}) and pluralises the noun', () => {
    expect(renderAnswer(widgets, {})).toBe('0 widgets');
    expect(renderAnswer({ kind: 'list', key: 'policy', keyFields: [] }, { count: 2 })).toBe('2 policies (none on this page)');
    expect(renderAnswer({ kind: 'list', key: 'address', keyFields: [] }, {})).toBe('0 addresses');
  });

  it('limits rows', () => {
    const widget = Array.from({ length: 5 }, (_, index) => ({ name: `w${index}` }));
    const text = renderAnswer(widgets, { count: 5, widget }, { maxRows: 2 });
    expect(text).toContain('… 3 more rows not shown');
  });

  it('renders an object with key fields first, then states, and names nested items', () => {
    const hint = { kind: 'object', key: 'widget', keyFields: ['name'] } as const;
    const entity = { id: 'u1', zoneid: 'z', name: 'w1', resourcestate: 'Maintenance', part: [{ ipaddress: '10.0.0.1' }, { ipaddress: '10.0.0.2' }], tags: [] };
    const text = renderAnswer(hint, { widget: entity });
    expect(text.split('\n')).toEqual(['name: w1', 'resourcestate: Maintenance', 'id: u1', 'zoneid: z', 'part: 10.0.0.1, 10.0.0.2']);
  });

  it('renders success answers and job-id-only answers in one line', () => {
    const hint = { kind: 'success', keyFields: [] } as const;
    expect(renderAnswer(hint, { success: true })).toBe('Succeeded');
    expect(renderAnswer(hint, { success: false, displaytext: 'in use' })).toBe('Failed: in use');
    expect(renderAnswer(hint, { success: 'false' })).toBe('Failed');
    expect(renderAnswer(hint, { success: true, details: 'done' })).toBe('Succeeded: done');
    expect(renderAnswer(widgets, { jobid: 'j1', id: 'e1' })).toBe('Async job j1 started for e1; query it with query_async_job_result.');
  });

  it('never reads a missing success as a failure', () => {
    const hint = { kind: 'success', keyFields: [] } as const;
    expect(renderAnswer(hint, {})).toBe('Succeeded');
    expect(renderAnswer(hint, { displaytext: 'restarted' })).toBe('Succeeded: restarted');
  });

  it('summarises values', () => {
    expect(chooseColumns([{ foo: 1, bar: { x: 1 }, baz: 'b' }], ['name'])).toEqual(['foo', 'baz']);
    expect(valueText(['a', 'b'])).toBe('a, b');
    expect(valueText([{ name: 'sg1' }, { name: 'sg2' }])).toBe('sg1, sg2');
    expect(valueText([{ key: 'k', value: 'v' }])).toBe('[1 item]');
  });
});

describe('a formatter that cannot render', () => {
  it('leaves the answer to the default rendering instead of failing the call', () => {
    const formatters = entityFormatters as Record<string, EntityFormatter>;
    formatters.describeWidget = { columns: [{ header: 'broken', cell: '{{nosuchhelper name}}' }], template: 'no-such-template.hbs' };
    try {
      const hint = { api: 'describeWidget', kind: 'object', key: 'widget', keyFields: ['name'] } as const;
      expect(renderAnswer(hint, { widget: { name: 'w1', id: 'u1' } })).toBe('name: w1\nid: u1');
      expect(renderAnswer({ ...hint, kind: 'list' }, { count: 1, widget: [{ name: 'w1', id: 'u1' }] })).toContain('w1    u1');
    } finally {
      delete formatters.describeWidget;
    }
  });
});
