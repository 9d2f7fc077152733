/**
 * The MCP tool of an API, made on first use and kept: the listed definition (src/model/listed-tool.ts,
 * compact; read from generated/model/tools/ for a bundled API as the server has it, built for
 * any other) with the control arguments the server accepts for it, and the full input schema that
 * arguments are validated against.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { IndexedApi } from '../model/bundled.ts';
import { listedTool } from '../model/listed-tool.ts';
import { inputSchema } from '../model/schema.ts';
import type { ApiModel, JsonSchema } from '../model/types.ts';
import { controlArgsFor, withControlArgs } from './control-args.ts';

export class ToolDefinitions {
  // By API object: a live-only API and a bundled one of the same name are different definitions.
  private readonly listed = new WeakMap<ApiModel, Tool>();
  private readonly schemas = new WeakMap<ApiModel, JsonSchema>();

  /** @param needsConfirmation the safety policy: whether an API takes the `confirm` argument. */
  constructor(private readonly needsConfirmation: (api: ApiModel) => boolean) {}

  /** CloudStack's parameters only, in full: what arguments are validated against. */
  inputSchema(api: ApiModel): JsonSchema {
    let schema = this.schemas.get(api);
    if (!schema) {
      schema = inputSchema(api.params);
      this.schemas.set(api, schema);
    }
    return schema;
  }

  /** The tools of a surface, as listed (the bundled ones' listed tools read at once). */
  tools(apis: readonly ApiModel[]): Tool[] {
    const bundled = apis.filter((api): api is IndexedApi => api instanceof IndexedApi && !this.listed.has(api));
    for (const source of new Set(bundled.map((api) => api.source))) {
      source.loadListedTools(bundled.filter((api) => api.source === source).map((api) => api.category));
    }
    return apis.map((api) => this.tool(api));
  }

  /** The tool as listed, with its control arguments. */
  tool(api: ApiModel): Tool {
    let tool = this.listed.get(api);
    if (!tool) {
      // Read, not built: building 859 tools allocates some 30 MB the process keeps (V8's young
      // generation grows to fit, and stays so); see BundledModel.loadListedTools.
      const listed = api instanceof IndexedApi ? api.listedTool() : listedTool(api);
      tool = {
        ...listed,
        inputSchema: withControlArgs(listed.inputSchema, controlArgsFor(api, this.needsConfirmation(api))),
      } as Tool;
      this.listed.set(api, tool);
    }
    return tool;
  }
}
