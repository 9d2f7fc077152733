import { describe, expect, it } from 'vitest';
import { CloudStackApi } from '../../generated/client/index.ts';
import { tools } from '../../generated/tools/index.ts';
import { formatHintOf } from '../../src/format/hint.ts';
import { renderAnswer } from '../../src/format/render.ts';
import { BundledModel } from '../../src/model/bundled.ts';

// The client end to end (real CloudStackClient, simulator): test/e2e/typed-client.test.ts.
describe('the generated client', () => {
  it('has one method per tool', () => {
    const api = new CloudStackApi({ callApi: async () => ({}) }) as unknown as Record<string, Record<string, unknown>>;
    for (const tool of tools) {
      const category = tool.category.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
      expect(typeof api[category]?.[tool.apiName], tool.apiName).toBe('function');
    }
  });
});

describe('format hints from the generated model', () => {
  const model = BundledModel.open().document();
  const hint = (name: string) => formatHintOf(model.apis.find((api) => api.name === name)!);
  it('render each kind of answer', () => {
    expect(renderAnswer(hint('listZones'), { count: 1, zone: [{ id: 'z1', name: 'zone1' }] })).toContain('zone1');
    expect(renderAnswer(hint('deleteZone'), { success: true })).toBe('Succeeded');
    expect(renderAnswer(hint('createZone'), { zone: { id: 'z1', name: 'zone1' } })).toMatch(/^name: zone1\nid: z1$/);
  });
});
