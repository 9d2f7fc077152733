/**
 * Text and structuredContent show the same list: bounds (src/mcp/bounds.ts) and the text rendering
 * both take the list key from findListKey, so an answer under another key than the model's (some
 * APIs decide it at run time, a newer server may rename it) is not hidden from the text.
 */
import { describe, expect, it } from 'vitest';
import { formatHintOf } from '../../src/format/hint.ts';
import { renderAnswer } from '../../src/format/render.ts';
import { CallPipeline } from '../../src/mcp/call.ts';
import { ToolDefinitions } from '../../src/mcp/tool-definitions.ts';
import { BundledModel } from '../../src/model/bundled.ts';
import { ConfirmationGate } from '../../src/safety/gate.ts';

const apis = BundledModel.open().document().apis;
const apiNamed = (name: string) => apis.find((api) => api.name === name)!;
const definitions = new ToolDefinitions(() => false);

/** The server's call path with a client that answers `answer`, rendering as src/mcp/main.ts does. */
function pipelineAnswering(answer: unknown): CallPipeline {
  return new CallPipeline({
    client: { callApi: async () => structuredClone(answer) },
    settings: { maxItems: 50, maxResultBytes: 60_000, jobTimeoutMs: 1000, revealSecrets: false, oneTimeSecrets: 'refuse', profile: 'test' },
    inputSchemaOf: (api) => definitions.inputSchema(api),
    format: (api, content) => renderAnswer(formatHintOf(api), content, { maxRows: 50 }),
    gate: new ConfirmationGate('never'),
    lookup: (name) => apis.find((api) => api.name === name),
  });
}

const textOf = (result: Awaited<ReturnType<CallPipeline['run']>>) =>
  result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');

describe('the list key of text and structuredContent', () => {
  it.each([
    ['listRouters', 'router', 'internalloadbalancervm'],
    ['listVMSnapshot', 'vmSnapshot', 'vmsnapshot'],
    ['listZones', 'zone', 'zones'],
  ])('%s answering under another key than the model\'s %s (%s)', async (name, modelKey, answerKey) => {
    const api = apiNamed(name);
    expect(api.responseKey).toBe(modelKey);
    const items = [
      { id: 'e1a1', name: 'first-item', displayname: 'first-item', state: 'Running' },
      { id: 'e2b2', name: 'second-item', displayname: 'second-item', state: 'Stopped' },
    ];
    const result = await pipelineAnswering({ count: 2, [answerKey]: items }).run(api, {}, {}, { tool: 'call_read_api' });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as Record<string, unknown>;
    expect(Object.keys(structured)).toContain(answerKey);
    expect((structured[answerKey] as unknown[]).length).toBe(2);
    const text = textOf(result);
    expect(text.split('\n')[0]).toBe(`2 ${answerKey}${answerKey.endsWith('s') ? '' : 's'}`);
    for (const item of items) {
      expect(text).toContain(item.name);
      expect(text).toContain(item.state);
    }
  });

  it('a page cut to fit shows the same items in both', async () => {
    const items = Array.from({ length: 80 }, (_, index) => ({ id: `id-${index}`, name: `zone-${index}`, description: 'x'.repeat(900) }));
    const result = await pipelineAnswering({ count: 80, zones: items }).run(apiNamed('listZones'), {}, {}, { tool: 'call_read_api' });
    const kept = (result.structuredContent as { zones: { name: string }[] }).zones;
    expect(kept.length).toBeLessThan(80);
    const rows = textOf(result).split('\n').filter((line) => /^zone-\d+ /.test(line));
    expect(rows.map((line) => line.split(/\s+/)[0])).toEqual(kept.map((zone) => zone.name));
  });
});

describe('an async job\'s result through the call path', () => {
  it('is rendered as the API\'s answer when the server waited for it', async () => {
    const vm = { id: 'v1', name: 'web-01', state: 'Running', serviceofferingname: 'Large', nic: [{ ipaddress: '10.1.1.25', isdefault: true }] };
    const result = await pipelineAnswering({ virtualmachine: vm }).run(apiNamed('scaleVirtualMachine'), { id: 'v1', serviceofferingid: 'o1' }, {}, { tool: 'call_api' });
    const text = textOf(result);
    expect(text).not.toMatch(/^Failed/);
    expect(text).toContain('offering: Large');
    expect(text).toContain('ip: 10.1.1.25');
    expect((result.structuredContent as { virtualmachine: unknown }).virtualmachine).toEqual(vm);
  });
});

describe('a job result that is an unnamed ListResponse', () => {
  it('dedicateHost\'s {"null": {"responses": [...]}}: text and structuredContent show the same dedicated hosts', async () => {
    const responses = Array.from({ length: 60 }, (_, index) => ({ id: `d${index}`, hostid: `h${index}`, hostname: `host-${index}`, domainid: 'dom1', domainname: 'ROOT' }));
    const result = await pipelineAnswering({ null: { responses } }).run(
      apiNamed('dedicateHost'),
      { hostid: 'h0', domainid: 'dom1' },
      {},
      { tool: 'call_api' },
    );
    expect(result.isError).toBeFalsy();
    const kept = (result.structuredContent as { null: { responses: { hostname: string }[] } }).null.responses;
    expect(kept.length).toBe(50); // the pipeline's maxItems: bounded inside the wrapper
    const text = textOf(result);
    expect(text.split('\n')[0]).toBe('50 dedicatedhosts');
    for (const host of kept) expect(text).toContain(host.hostname);
  });
});
