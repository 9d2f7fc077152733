import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../../src/model/categories.ts';
import { compareVersions, OverrideError, validateOverrides, type Overrides } from '../../src/model/overrides.ts';

const model = {
  apis: [
    { name: 'listZones', params: [{ name: 'id' }, { name: 'name' }] },
    { name: 'deleteZone', params: [{ name: 'id' }] },
  ],
};

function problemsOf(overrides: Overrides, version = '4.20.2.0'): string {
  try {
    validateOverrides(model, overrides, version, CATEGORY_IDS);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(OverrideError);
    return (error as Error).message;
  }
}

describe('validateOverrides', () => {
  it('accepts overrides that name existing APIs and params', () => {
    expect(problemsOf({ categories: { listZones: 'zone' }, params: { listZones: { name: { description: 'x' } } } })).toBe('');
  });

  it('names an absent API and the snapshot version', () => {
    const message = problemsOf({ access: { listZonez: { access: 'read' } } });
    expect(message).toContain('access: API "listZonez" is not in the snapshot (CloudStack 4.20.2.0)');
  });

  it('names an absent param of an existing API', () => {
    expect(problemsOf({ params: { deleteZone: { force: { enum: ['true'] } } } })).toContain(
      'params: param "force" of API "deleteZone" is not in the snapshot (CloudStack 4.20.2.0)',
    );
  });

  it('lists every problem at once, in every section', () => {
    const message = problemsOf({
      categories: { a1: 'zone' },
      descriptions: { a2: 'x' },
      responseShapes: { a3: { key: 'x', reason: 'the reason for it' }, a4: { kind: 'list', reason: 'the reason for it' } },
      formatters: { a5: { columns: [] } },
    });
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) expect(message).toContain(`"${name}"`);
  });

  it('with the bundled API names: skips an API this snapshot lacks, refuses one no bundled snapshot has', () => {
    const bundled = new Set(['listZones', 'deleteZone', 'listWebhooks']);
    const overrides: Overrides = { access: { listWebhooks: { access: 'read' } }, formatters: { listWebhookz: { columns: [] } } };
    expect(() => validateOverrides(model, overrides, '4.18.0.0', CATEGORY_IDS, bundled)).toThrow('formatters: API "listWebhookz" is in no bundled snapshot (a typo?)');
    expect(validateOverrides(model, { access: overrides.access }, '4.18.0.0', CATEGORY_IDS, bundled)).toEqual(['listWebhooks']);
  });

  it('checks response shape entries: a known kind, something decided, a reason', () => {
    const message = problemsOf({
      responseShapes: {
        listZones: { kind: 'table' as never, reason: 'because of something' },
        deleteZone: { reason: 'because of something' },
      },
    });
    expect(message).toContain('API "listZones" has unknown kind "table"');
    expect(message).toContain('API "deleteZone" decides neither kind, key nor error envelope');
    expect(problemsOf({ responseShapes: { listZones: { key: 'zone', reason: '' } } })).toContain('API "listZones" needs a reason');
  });

  it('refuses an unknown category id', () => {
    expect(problemsOf({ categories: { listZones: 'zones' } })).toContain('unknown category "zones"');
  });

  it('skips names declared absent from this version, and still checks them inside their range', () => {
    const overrides: Overrides = { access: { listWebhooks: { access: 'read' } }, versions: { listWebhooks: { since: '4.20.0.0' } } };
    expect(problemsOf(overrides, '4.19.0.0')).toBe('');
    expect(problemsOf(overrides, '4.20.2.0')).toContain('API "listWebhooks" is not in the snapshot (CloudStack 4.20.2.0)');
  });

  it('compares versions numerically, ignoring -SNAPSHOT', () => {
    expect(compareVersions('4.9.0', '4.19.0.0')).toBeLessThan(0);
    expect(compareVersions('4.22.0.0-SNAPSHOT', '4.22.0.0')).toBe(0);
  });
});
