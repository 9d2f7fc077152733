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
import { inputSchema, paramDescription, paramSchema } from './schema.ts';
import type { ApiModel, JsonSchema, ParamModel } from './types.ts';

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
