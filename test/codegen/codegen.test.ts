/**
 * The acceptance checks of issue 2 on the real snapshots: counts read independently from the
 * snapshot JSON, schemas compiled by ajv in strict mode, required params and descriptions
 * carried over, determinism, speed, and every supported snapshot generating.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { BundledModel } from '../../src/model/bundled.ts';
import { runCodegen, type CodegenResult } from '../../codegen/index.ts';
import { loadSnapshotFile } from '../../src/model/load.ts';
import { buildModel } from '../../src/model/build.ts';
import { renderAll, writeRendered } from '../../codegen/render.ts';
import { toolInputSchema, toolOutputSchema } from '../../src/model/schema.ts';
import type { ApiModelDocument } from '../../src/model/types.ts';
import { overrides } from '../../overrides/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const snapshotPath = (version: string) => join(root, 'api-snapshots', `cloudstack-${version}.json`);
const DEFAULT_VERSION = '4.20.2.0';
const VERSIONS = ['4.19.0.0', '4.20.0.0', '4.20.1.0', '4.20.2.0', '4.22.0.0-SNAPSHOT'];

interface IndependentParam {
  name: string;
  description?: string;
  required?: boolean;
}
interface IndependentApi {
  name: string;
  params: IndependentParam[];
}

/** The snapshot read without the loader under test. */
function readSnapshot(version: string): IndependentApi[] {
  const doc = JSON.parse(readFileSync(snapshotPath(version), 'utf8')) as { listapisresponse: { api: IndependentApi[] } };
  return doc.listapisresponse.api;
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-codegen-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

describe(`codegen of the default snapshot (${DEFAULT_VERSION})`, () => {
  const snapshotApis = readSnapshot(DEFAULT_VERSION);
  const first = tempDir();
  const second = tempDir();
  const result: CodegenResult = runCodegen(snapshotPath(DEFAULT_VERSION), first);
  const model: ApiModelDocument = BundledModel.open(join(first, 'model')).decodeAll();

  it('makes one tool per API of the snapshot', () => {
    const uniqueNames = new Set(snapshotApis.map((api) => api.name));
    expect(result.tools).toBe(uniqueNames.size);
    expect(model.apis.map((api) => api.name).sort()).toEqual([...uniqueNames].sort());
    expect(new Set(model.apis.map((api) => api.toolName)).size).toBe(uniqueNames.size);
    console.log(
      `codegen ${DEFAULT_VERSION}: ${result.apis} APIs, ${result.tools} tools, ${result.params} params, ` +
        `${result.asyncApis} async, ${result.files} files, ${(result.bytes / 1024 / 1024).toFixed(1)} MiB, ${result.elapsedMs.toFixed(0)} ms`,
    );
  });

  it('counts params and async APIs like the snapshot (duplicated params counted once)', () => {
    const params = snapshotApis.reduce((sum, api) => sum + new Set(api.params.map((param) => param.name)).size, 0);
    expect(result.params).toBe(params);
    const asyncApis = (JSON.parse(readFileSync(snapshotPath(DEFAULT_VERSION), 'utf8')) as {
      listapisresponse: { api: Array<{ isasync: boolean }> };
    }).listapisresponse.api.filter((api) => api.isasync).length;
    expect(result.asyncApis).toBe(asyncApis);
    expect(result.warnings).toEqual([]);
  });

  it('is deterministic: a second run gives byte-identical files', () => {
    runCodegen(snapshotPath(DEFAULT_VERSION), second);
    const a = filesUnder(first);
    const b = filesUnder(second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, content] of a) expect(b.get(path)!.equals(content), path).toBe(true);
  });

  it('keeps every generated line readable (no giant single-line files)', () => {
    for (const [path, content] of filesUnder(first)) {
      const longest = content
        .toString('utf8')
        .split('\n')
        .reduce((max, line) => Math.max(max, line.length), 0);
      expect(longest, path).toBeLessThan(4000);
    }
  });

  it('marks every required param of the snapshot required, and carries every description', () => {
    const byName = new Map(model.apis.map((api) => [api.name, api]));
    let checked = 0;
    for (const snapshotApi of snapshotApis) {
      const api = byName.get(snapshotApi.name)!;
      const schema = toolInputSchema(api) as { required?: string[]; properties: Record<string, { description?: string }> };
      for (const param of snapshotApi.params) {
        if (param.required) expect(schema.required, `${api.name}.${param.name}`).toContain(param.name);
        const description = param.description?.trim() ?? '';
        expect(schema.properties[param.name]!.description ?? '', `${api.name}.${param.name}`).toContain(description);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(result.params);
  });
});

describe('the committed generated/ tools', async () => {
  const { tools, toolsByName } = await import('../../generated/tools/index.ts');
  const apis = readSnapshot(DEFAULT_VERSION);

  it('hold one tool per API of the default snapshot', () => {
    expect(tools).toHaveLength(new Set(apis.map((api) => api.name)).size);
    expect(toolsByName.get('list_virtual_machines')?.apiName).toBe('listVirtualMachines');
  });

  it('compile with ajv in strict mode (every inputSchema and outputSchema)', () => {
    const ajv = new Ajv({ strict: true });
    for (const tool of tools) {
      expect(() => ajv.compile(tool.inputSchema), `${tool.name} input`).not.toThrow();
      expect(() => ajv.compile(tool.outputSchema), `${tool.name} output`).not.toThrow();
    }
  }, 180_000); // compiles some 1,700 schemas: tens of seconds on a busy 2-core machine

  it('follow the structuredContent convention: object at the top, no required, extra fields allowed', () => {
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.inputSchema.additionalProperties).toBe(false);
      expect(tool.outputSchema.type).toBe('object');
      expect(tool.outputSchema.required).toBeUndefined();
      expect(tool.outputSchema.additionalProperties).toBe(true);
    }
  });
});

describe.each(VERSIONS)('codegen of cloudstack-%s', (version) => {
  it('builds, renders and its schemas compile', () => {
    const { doc, meta, snapshotName } = loadSnapshotFile(snapshotPath(version));
    const warnings: string[] = [];
    const model = buildModel(doc, { overrides, meta, snapshotName, warn: (message) => warnings.push(message) });
    const files = renderAll(model);
    writeRendered(tempDir(), files);
    expect(model.apis).toHaveLength(new Set(readSnapshot(version).map((api) => api.name)).size);
    expect(model.hasMeta).toBe(true);
    expect(model.categories.length).toBeGreaterThanOrEqual(20);
    expect(model.categories.length).toBeLessThanOrEqual(45);
    expect(warnings).toEqual([]);
    // The default snapshot's schemas are compiled from the committed tools above.
    if (version === DEFAULT_VERSION) return;
    const ajv = new Ajv({ strict: true });
    for (const api of model.apis) {
      ajv.compile(toolInputSchema(api));
      ajv.compile(toolOutputSchema(api));
    }
  });
});
