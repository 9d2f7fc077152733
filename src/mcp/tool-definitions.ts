/**
 * The MCP tool of an API: the generated definition (generated/tools/) for APIs of the bundled
 * model, the same definition built at run time for the others (a --snapshot, or APIs only a live
 * server has), plus the control arguments the server accepts for it.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { toolDefinition } from '../model/tool-definition.ts';
import type { ApiModel, JsonSchema } from '../model/types.ts';
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
      tool = toolDefinition(api);
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
    // The title is already the tool's own; repeating it in the annotations costs 859 times over.
    const { title: _title, ...hints } = base.annotations;
    const annotations = api.returnsSecrets ? { ...hints, readOnlyHint: false, destructiveHint: false } : hints;
    return {
      name: base.name,
      title: base.title,
      description: base.description,
      inputSchema: withControlArgs(base.inputSchema, controlArgsFor(api, this.needsConfirmation(api))) as Tool['inputSchema'],
      outputSchema: compactOutputSchema(base.outputSchema) as Tool['outputSchema'],
      annotations,
    };
  }
}

/**
 * The outputSchema as listed: the answer's shape (count, the entity key, job fields) with entities
 * as plain objects. Full entity schemas repeat per tool and would make tools/list of every API some
 * 3.7 MB; entities allow any fields anyway, so this accepts exactly what the full schema accepts at
 * the top level. The full schema stays in generated/tools/ and describe_api.
 */
export function compactOutputSchema(schema: JsonSchema): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => [name, shallow(property)]),
  );
  return { type: 'object', properties, additionalProperties: true };
}

function shallow(schema: JsonSchema): JsonSchema {
  if (schema.type === 'array') {
    const items = schema.items as JsonSchema | undefined;
    return { type: 'array', items: items?.type ? { type: items.type } : {} };
  }
  return schema.type ? { type: schema.type } : {};
}
