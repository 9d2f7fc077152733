import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tools as generatedTools } from '../../generated/tools/index.ts';
import { ToolDefinitions } from '../../src/mcp/tool-definitions.ts';
import { BundledModel } from '../../src/model/bundled.ts';
import { listedInputSchema, listedToolDescription, OLDEST_BUNDLED_VERSION } from '../../src/model/listed-tool.ts';
import { compareVersions } from '../../src/model/overrides.ts';
import type { JsonSchema, ParamModel } from '../../src/model/types.ts';
import { needsConfirmation } from '../../src/safety/policy.ts';

const model = BundledModel.open().decodeAll();
const definitions = new ToolDefinitions((api) => needsConfirmation(api, 'destructive'));

/** The JSON type a listed param must show for its listApis type. */
const LISTED_TYPE: Record<ParamModel['encoding'], string | undefined> = {
  string: 'string',
  uuid: 'string',
  date: 'string',
  boolean: 'boolean',
  integer: 'integer',
  number: 'number',
  list: 'array',
  map: 'array',
  object: undefined, // a string or an object
};

describe('listed tool definitions', () => {
  it('know the oldest bundled snapshot', () => {
    const versions = readdirSync(fileURLToPath(new URL('../../api-snapshots/', import.meta.url)))
      .map((file) => /^cloudstack-(.+)\.json$/.exec(file)?.[1])
      .filter((version): version is string => version !== undefined && !version.endsWith('.meta'))
      .sort(compareVersions);
    expect(versions[0]).toBe(OLDEST_BUNDLED_VERSION);
  });

  it('keep every param, its type, its required flag and its description', () => {
    let params = 0;
    for (const api of model.apis) {
      const schema = listedInputSchema(api);
      const properties = schema.properties as Record<string, JsonSchema>;
      expect(Object.keys(properties).sort(), api.name).toEqual(api.params.map((p) => p.name).sort());
      expect(schema.required ?? [], api.name).toEqual(api.params.filter((p) => p.required).map((p) => p.name));
      for (const param of api.params) {
        const listed = properties[param.name];
        expect(listed.type, `${api.name}.${param.name}`).toBe(LISTED_TYPE[param.encoding]);
        expect(String(listed.description), `${api.name}.${param.name}`).toContain(param.description.trim());
        if (param.since && compareVersions(param.since, OLDEST_BUNDLED_VERSION) > 0) expect(listed.description).toContain(param.since);
        params++;
      }
      expect(listedToolDescription(api)).toContain(api.description.trim());
    }
    expect(params).toBe(model.apis.reduce((sum, api) => sum + api.params.length, 0));
  });

  it('are within 1.1× the minimal encoding of the same facts, control arguments included', () => {
    let listed = 0;
    let minimal = 0;
    for (const api of model.apis) {
      const tool = definitions.tool(api);
      listed += JSON.stringify({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }).length;
      minimal += JSON.stringify({
        name: api.toolName,
        description: api.description,
        params: api.params.map((p) => ({ name: p.name, type: p.type, required: p.required, description: p.description })),
      }).length;
    }
    expect(listed / minimal).toBeLessThanOrEqual(1.1);
  });

  it('are served from generated/model/tools/ exactly as they are built from the full definitions', () => {
    const bundled = BundledModel.open().document().apis;
    expect(bundled.map((api) => api.name)).toEqual(model.apis.map((api) => api.name));
    // The bundled APIs read their tools from the files (all categories at once); the decoded ones are built from the model.
    const served = definitions.tools(bundled);
    bundled.forEach((api, i) => expect(served[i], api.name).toEqual(definitions.tool(model.apis[i])));
    // One API alone reads its own category's file.
    const alone = BundledModel.open().document().apis.find((api) => api.name === 'queryAsyncJobResult')!;
    expect(definitions.tool(alone)).toEqual(definitions.tool(model.apis.find((api) => api.name === 'queryAsyncJobResult')!));
  });

  it('validate against the full schema that generated/tools holds', () => {
    const byApi = new Map(generatedTools.map((tool) => [tool.apiName, tool]));
    for (const api of model.apis) expect(definitions.inputSchema(api), api.name).toEqual(byApi.get(api.name)!.inputSchema);
  });
});
