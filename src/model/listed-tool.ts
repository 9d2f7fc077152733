/**
 * A tool as tools/list shows it: every fact of the full definition (each param's name, type,
 * required flag and description), in fewer bytes. The client's context window pays for every byte
 * of every listed tool, so what tells a model nothing is left out:
 * - `maxLength: 255`, the length CloudStack gives every param by default (other limits stay);
 * - `since` versions no bundled snapshot predates: every supported server has those;
 * - the string alternative of list and map params: the array is advertised, the comma string and
 *   the single object are still accepted (validation uses the full schema of src/model/schema.ts).
 */
import { compareVersions } from './overrides.ts';
import { entitySchema, inputSchema, outputSchemaWithEntity, paramDescription, paramSchema } from './schema.ts';
import type { ApiModel, JsonSchema, ParamModel, ToolAnnotations } from './types.ts';

/** The oldest CloudStack version of api-snapshots/ (test/model/listed-tool.test.ts keeps it true). */
export const OLDEST_BUNDLED_VERSION = '4.19.0.0';

const DEFAULT_LENGTH = 255;

const newsworthy = new Map<string, boolean>();

/** A `since` worth telling: newer than the oldest version this package supports. */
export function newsworthySince(since: string | undefined): string | undefined {
  if (!since) return undefined;
  let news = newsworthy.get(since);
  if (news === undefined) newsworthy.set(since, (news = compareVersions(since, OLDEST_BUNDLED_VERSION) > 0));
  return news ? since : undefined;
}

/** The tool's description: CloudStack's text, and the version it came with if that is news. */
export function listedToolDescription(api: ApiModel): string {
  const text = api.description.trim() || `${api.title}.`;
  const since = newsworthySince(api.since);
  return since ? `${text} (Since CloudStack ${since}.)` : text;
}

const NOTES: Partial<Record<ParamModel['encoding'], string>> = {
  uuid: 'A UUID.',
  date: 'Date: yyyy-MM-dd, or yyyy-MM-dd HH:mm:ss, or ISO-8601 with offset.',
};

function listedParamSchema(param: ParamModel): JsonSchema {
  const description = paramDescription(param.description, newsworthySince(param.since), NOTES[param.encoding]);
  // The description is replaced below: paramSchema's own notes are the long ones.
  const full = paramSchema(
    { name: param.name, description: '', length: param.length === DEFAULT_LENGTH ? undefined : param.length },
    param.encoding,
    param.type,
    { ...(param.mapShape ? { mapShape: param.mapShape } : {}), ...(param.enum ? { enumValues: param.enum } : {}) },
  );
  if (param.encoding === 'list' || param.encoding === 'map') {
    const array = (full.anyOf as JsonSchema[])[0];
    return { ...array, description };
  }
  return { ...full, description };
}

/** The inputSchema as listed (CloudStack's params only; the server adds its control arguments). */
export function listedInputSchema(api: ApiModel): JsonSchema {
  return inputSchema(api.params, listedParamSchema);
}

/**
 * An API's tool as tools/list shows it, before the server adds the control arguments its
 * settings decide (src/mcp/control-args.ts). Codegen writes it for every bundled API to
 * generated/model/tools/<category>.json, which the server reads as it is (src/model/bundled.ts).
 */
export interface ListedTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  annotations: Omit<ToolAnnotations, 'title'>;
}

export function listedTool(api: ApiModel): ListedTool {
  // The title is already the tool's own; repeating it in the annotations costs 859 times over.
  const { title: _title, ...hints } = api.annotations;
  return {
    name: api.toolName,
    title: api.title,
    description: listedToolDescription(api),
    inputSchema: listedInputSchema(api),
    outputSchema: compactOutputSchema(api),
    // A read that returns secrets is not offered for automatic approval.
    annotations: api.returnsSecrets ? { ...hints, readOnlyHint: false, destructiveHint: false } : hints,
  };
}

/**
 * The outputSchema as listed: the answer's shape (count, the entity key, job fields) with entities
 * as plain objects. Full entity schemas repeat per tool and would make tools/list of every API some
 * 3.7 MB; entities allow any fields anyway, so this accepts exactly what the full schema accepts at
 * the top level. It is the full schema's own shape (src/model/schema.ts), cut to one level.
 */
export function compactOutputSchema(api: Pick<ApiModel, 'responseKind' | 'responseKey' | 'isAsync' | 'immediateId' | 'response'>): JsonSchema {
  // Only an answer without an entity key needs its fields (they sit at the top).
  const entity = api.responseKey ? { type: 'object' } : entitySchema(api.response);
  const full = outputSchemaWithEntity(api.responseKind, api.responseKey, entity, api);
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
