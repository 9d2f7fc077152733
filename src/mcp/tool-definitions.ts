/**
 * The MCP tool of an API: the generated definition (generated/tools/) for APIs of the bundled
 * model, the same definition built at run time for the others (a --snapshot, or APIs only a live
 * server has), plus the control arguments the server accepts for it.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { toolDescription } from '../../codegen/tool-description.ts';
import { toolInputSchema, toolOutputSchema } from '../../codegen/schema.ts';
import type { ApiModel, JsonSchema } from '../../codegen/types.ts';
import { toolsByApiName, type GeneratedTool } from '../../generated/tools/index.ts';
import { controlArgsFor, withControlArgs } from './control-args.ts';

export class ToolDefinitions {
  private readonly built = new Map<string, GeneratedTool>();

  /**
   * @param bundled whether the catalog's model is the generated one (then generated/tools/ holds
   *   exactly these definitions, and reading them avoids rebuilding 859 schemas).
   * @param needsConfirmation the safety policy: whether an API takes the `confirm` argument.
   */
  constructor(
    private readonly bundled: boolean,
    private readonly needsConfirmation: (api: ApiModel) => boolean,
  ) {}

  /** The generated (or equivalent runtime-built) definition, without control arguments. */
  generated(api: ApiModel): GeneratedTool {
    const fromBundle = this.bundled ? toolsByApiName.get(api.name) : undefined;
    if (fromBundle) return fromBundle;
    let tool = this.built.get(api.name);
    if (!tool) {
      tool = {
        name: api.toolName,
        apiName: api.name,
        title: api.title,
        category: api.category,
        description: toolDescription(api),
        isAsync: api.isAsync,
        access: api.access,
        returnsSecrets: api.returnsSecrets,
        since: api.since,
        inputSchema: toolInputSchema(api),
        outputSchema: toolOutputSchema(api),
        annotations: api.annotations,
      };
      this.built.set(api.name, tool);
    }
    return tool;
  }

  /** CloudStack's parameters only: what arguments are validated against. */
  inputSchema(api: ApiModel): JsonSchema {
    return this.generated(api).inputSchema;
  }

  /** The tool as listed: control arguments added; reads that return secrets are not marked read-only. */
  tool(api: ApiModel): Tool {
    const base = this.generated(api);
    const annotations = api.returnsSecrets ? { ...base.annotations, readOnlyHint: false, destructiveHint: false } : base.annotations;
    return {
      name: base.name,
      title: base.title,
      description: base.description,
      inputSchema: withControlArgs(base.inputSchema, controlArgsFor(api, this.needsConfirmation(api))) as Tool['inputSchema'],
      outputSchema: base.outputSchema as Tool['outputSchema'],
      annotations,
    };
  }
}
