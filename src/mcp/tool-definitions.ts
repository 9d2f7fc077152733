/**
 * The MCP tool of an API, built from the model on first use and kept: the listed definition
 * (src/model/listed-tool.ts, compact) with the control arguments the server accepts for it, and
 * the full input schema that arguments are validated against.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { listedInputSchema, listedToolDescription } from '../model/listed-tool.ts';
import { entitySchema, inputSchema, outputSchemaWithEntity } from '../model/schema.ts';
import type { ApiModel, JsonSchema } from '../model/types.ts';
import { controlArgsFor, withControlArgs } from './control-args.ts';

export class ToolDefinitions {
  // By API object: a live-only API and a bundled one of the same name are different definitions.
  private readonly tools = new WeakMap<ApiModel, Tool>();
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

  /** The tool as listed: control arguments added; reads that return secrets are not marked read-only. */
  tool(api: ApiModel): Tool {
    let tool = this.tools.get(api);
    if (!tool) {
      // The title is already the tool's own; repeating it in the annotations costs 859 times over.
      const { title: _title, ...hints } = api.annotations;
      tool = {
        name: api.toolName,
        title: api.title,
        description: listedToolDescription(api),
        inputSchema: withControlArgs(listedInputSchema(api), controlArgsFor(api, this.needsConfirmation(api))) as Tool['inputSchema'],
        outputSchema: compactOutputSchema(api) as Tool['outputSchema'],
        annotations: api.returnsSecrets ? { ...hints, readOnlyHint: false, destructiveHint: false } : hints,
      };
      this.tools.set(api, tool);
    }
    return tool;
  }
}

/**
 * The outputSchema as listed: the answer's shape (count, the entity key, job fields) with entities
 * as plain objects. Full entity schemas repeat per tool and would make tools/list of every API some
 * 3.7 MB; entities allow any fields anyway, so this accepts exactly what the full schema accepts at
 * the top level. It is the full schema's own shape (src/model/schema.ts), cut to one level.
 */
export function compactOutputSchema(api: Pick<ApiModel, 'responseKind' | 'responseKey' | 'isAsync' | 'response'>): JsonSchema {
  // Only an answer without an entity key needs its fields (they sit at the top).
  const entity = api.responseKey ? { type: 'object' } : entitySchema(api.response);
  const full = outputSchemaWithEntity(api.responseKind, api.responseKey, entity, api.isAsync);
  const properties = Object.fromEntries(
    Object.entries(full.properties as Record<string, JsonSchema>).map(([name, property]) => [name, shallow(property)]),
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
