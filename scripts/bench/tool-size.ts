/**
 * How big the tool definitions are next to the facts they carry. The "input part" of a tool is what
 * a host shows the model to choose and fill a call: {name, description, inputSchema}. The minimal
 * encoding of the same facts is, per API, its tool name, its description and per parameter
 * {name, type, required, description}, as the model holds them. The ratio is what JSON Schema,
 * titles, annotations and repeated wording cost on top.
 */
import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import { BundledModel } from '../../src/model/bundled.ts';
import { ratio } from './stats.ts';

export interface ToolDefinitionSize {
  surface: 'all';
  /** Tools listed that are an API's dedicated tool (the discovery tools are not). */
  apiTools: number;
  /** Every listed tool's {name, description, inputSchema}, summed, bytes. */
  inputPartBytesAllTools: number;
  /** The same for the API tools only: the bytes compared with the minimal encoding. */
  inputPartBytes: number;
  /** The minimal encoding of those APIs, summed, bytes. */
  minimalBytes: number;
  ratio: number;
  /** The minimal encoding of every API of the bundled model, listed or not. */
  modelApis: number;
  minimalBytesAllModelApis: number;
  /** What tools/list carries beyond the input part (outputSchema, annotations, title, _meta): bytes. */
  otherPartBytes: number;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

export function measureToolDefinitions(list: ListToolsResult, toolsListBytes: number): ToolDefinitionSize {
  const model = BundledModel.open().decodeAll();
  const minimal = new Map(
    model.apis.map((api) => [
      api.toolName,
      bytes({
        name: api.toolName,
        description: api.description,
        params: api.params.map((param) => ({ name: param.name, type: param.type, required: param.required, description: param.description })),
      }),
    ]),
  );
  const inputPart = (tool: ListToolsResult['tools'][number]) => bytes({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema });
  const apiTools = list.tools.filter((tool) => minimal.has(tool.name));
  const inputPartBytes = apiTools.reduce((sum, tool) => sum + inputPart(tool), 0);
  const minimalBytes = apiTools.reduce((sum, tool) => sum + (minimal.get(tool.name) ?? 0), 0);
  const inputPartBytesAllTools = list.tools.reduce((sum, tool) => sum + inputPart(tool), 0);
  return {
    surface: 'all',
    apiTools: apiTools.length,
    inputPartBytesAllTools,
    inputPartBytes,
    minimalBytes,
    ratio: ratio(inputPartBytes, minimalBytes),
    modelApis: model.apis.length,
    minimalBytesAllModelApis: [...minimal.values()].reduce((sum, value) => sum + value, 0),
    otherPartBytes: toolsListBytes - inputPartBytesAllTools,
  };
}
