import { describe, expect, it } from 'vitest';
import { CloudStackApi } from '../../generated/client/index.ts';
import { formatHints } from '../../generated/formatters/index.ts';
import { tools } from '../../generated/tools/index.ts';
import { renderAnswer } from '../../src/format/render.ts';

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

describe('the generated formatter data', () => {
  it('has a hint per tool that renders its kind of answer', () => {
    expect(Object.keys(formatHints)).toHaveLength(tools.length);
    expect(renderAnswer(formatHints.listZones!, { count: 1, zone: [{ id: 'z1', name: 'zone1' }] })).toContain('zone1');
    expect(renderAnswer(formatHints.deleteZone!, { success: true })).toBe('Succeeded');
    expect(renderAnswer(formatHints.createZone!, { zone: { id: 'z1', name: 'zone1' } })).toMatch(/^name: zone1\nid: z1$/);
  });
});
