import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SNAPSHOT } from '../../../codegen/index.ts';
import { main } from '../../../codegen/coverage/cli.ts';
import { checkGenerated, generatedCoveragePasses } from '../../../codegen/coverage/generated-coverage.ts';
import { generatedCoverageMarkdown } from '../../../codegen/coverage/markdown.ts';
import { loadGeneratedSide, loadSnapshotSide } from '../../../codegen/coverage/sides.ts';
import { doctoredGenerated, GENERATED_DIR } from '../../support/coverage.ts';

const snapshot = loadSnapshotSide(DEFAULT_SNAPSHOT);
const paramsOf = (api: string) => snapshot.apis.find((candidate) => candidate.name === api)!.params.length;

let dir: string;
let doctoredDir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-coverage-'));
  doctoredDir = doctoredGenerated(dir, { dropTools: ['listZones'], dropParams: [['deployVirtualMachine', 'keypair']] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--generated on the real tree', () => {
  it('covers every API and param of the default snapshot with no difference', async () => {
    const report = checkGenerated(snapshot, await loadGeneratedSide(GENERATED_DIR));
    expect(report.coveredApis).toBe(snapshot.apis.length);
    expect(report.coveredParams).toBe(snapshot.info.params);
    expect(report.differences).toBe(0);
    expect(generatedCoveragePasses(report)).toBe(true);
    expect(generatedCoverageMarkdown(report)).not.toContain('## ');
  });
});

describe('--generated on a doctored copy', () => {
  it('names the API without a tool, the missing param and the model/tool disagreement', async () => {
    const report = checkGenerated(snapshot, await loadGeneratedSide(doctoredDir));
    expect(report.apisWithoutTool).toEqual(['listZones']);
    expect(report.paramsMissing).toEqual([{ api: 'deployVirtualMachine', tool: 'deploy_virtual_machine', param: 'keypair' }]);
    expect(report.modelDiffers).toEqual([{ api: 'listZones', problem: 'in the model but has no tool' }]);
    expect(report.coveredApis).toBe(snapshot.apis.length - 1);
    expect(report.coveredParams).toBe(snapshot.info.params - paramsOf('listZones') - 1);
    expect(generatedCoveragePasses(report)).toBe(false);
    const markdown = generatedCoverageMarkdown(report);
    expect(markdown).toContain('## APIs without a tool (1)\n\n`listZones`');
    expect(markdown).toContain('- `deployVirtualMachine`: `keypair`');
  });

  it('finds tools without an API, extra schema properties, and required/async disagreements', async () => {
    const generated = await loadGeneratedSide(GENERATED_DIR);
    const tools = generated.tools.map((tool) => ({ ...tool, inputSchema: structuredClone(tool.inputSchema) }));
    const deploy = tools.find((tool) => tool.apiName === 'deployVirtualMachine')!;
    (deploy.inputSchema.properties as Record<string, unknown>).bogus = { type: 'string' };
    deploy.inputSchema.required = (deploy.inputSchema.required as string[]).filter((name) => name !== 'zoneid');
    const zones = tools.find((tool) => tool.apiName === 'listZones')!;
    Object.assign(zones, { isAsync: true });
    tools.push({ ...zones, name: 'list_gizmos', apiName: 'listGizmos' });
    const report = checkGenerated(snapshot, { ...generated, tools });
    expect(report.toolsWithoutApi).toEqual([{ tool: 'list_gizmos', api: 'listGizmos' }]);
    expect(report.paramsExtra).toEqual([{ api: 'deployVirtualMachine', tool: 'deploy_virtual_machine', param: 'bogus' }]);
    expect(report.requiredDiffers).toEqual([
      { api: 'deployVirtualMachine', tool: 'deploy_virtual_machine', param: 'zoneid', requiredInApi: true, requiredInTool: false },
    ]);
    expect(report.asyncDiffers).toEqual([{ api: 'listZones', tool: 'list_zones', asyncInApi: false, asyncInTool: true }]);
    expect(report.differences).toBe(4);
  });

  it('notices a model built from another version', async () => {
    const generated = await loadGeneratedSide(GENERATED_DIR);
    const report = checkGenerated(loadSnapshotSide(DEFAULT_SNAPSHOT.replace('4.20.2.0', '4.20.1.0')), generated);
    expect(report.modelDiffers[0]).toEqual({ problem: 'the model is for CloudStack 4.20.2.0, the snapshot is 4.20.1.0' });
    expect(generatedCoveragePasses(report)).toBe(false);
  });
});

describe('coverage-diff --generated CLI', () => {
  let out: string[];
  beforeEach(() => {
    out = [];
    vi.spyOn(console, 'log').mockImplementation((message: unknown) => void out.push(String(message)));
    vi.spyOn(console, 'error').mockImplementation((message: unknown) => void out.push(String(message)));
  });
  afterEach(() => vi.restoreAllMocks());

  it('passes on the real tree with the one-line summary', async () => {
    expect(await main(['--generated', '--summary'])).toBe(0);
    expect(out).toEqual([`coverage: ${snapshot.apis.length}/${snapshot.apis.length} APIs, ${snapshot.info.params}/${snapshot.info.params} params, 0 differences`]);
  });

  it('fails with exit code 1 on the doctored copy', async () => {
    expect(await main(['--generated', '--generated-dir', doctoredDir, '--summary'])).toBe(1);
    const params = snapshot.info.params;
    expect(out).toEqual([`coverage: ${snapshot.apis.length - 1}/${snapshot.apis.length} APIs, ${params - paramsOf('listZones') - 1}/${params} params, 1 difference`]);
  });

  it('names a directory that is not codegen output', async () => {
    expect(await main(['--generated', '--generated-dir', join(dir, 'nothing')])).toBe(2);
    expect(out).toEqual([`coverage-diff: ${join(dir, 'nothing', 'model', 'index.json')} not found: is ${join(dir, 'nothing')} a codegen output directory?`]);
  });
});
