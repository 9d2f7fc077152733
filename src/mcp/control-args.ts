/**
 * Arguments the MCP server adds to CloudStack's own parameters. No CloudStack API (4.19–4.22) has a
 * parameter of these names; `assertNoClash` keeps it that way for whatever a live server adds.
 */
import type { ApiModel, JsonSchema } from '../model/types.ts';
import { MAX_NAME_LENGTH } from './echo.ts';

export const CONTROL_ARGS = {
  filter: {
    type: 'array',
    items: { type: 'string' },
    description: 'Only these fields of each item, e.g. ["id","name","state"].',
  },
  wait: {
    type: 'boolean',
    description: 'false: return the job id at once instead of waiting (default true).',
  },
  confirm: {
    type: 'string',
    description: 'Token from the previous call with the same arguments, to confirm it.',
  },
} as const satisfies Record<string, JsonSchema>;

export type ControlArgName = keyof typeof CONTROL_ARGS;

export interface ControlArgs {
  filter?: string[];
  wait?: boolean;
  confirm?: string;
}

/** Which control arguments make sense for an API. */
export function controlArgsFor(api: ApiModel, needsConfirmation: boolean): ControlArgName[] {
  const names: ControlArgName[] = [];
  if (api.responseKind !== 'success') names.push('filter');
  if (api.isAsync) names.push('wait');
  if (needsConfirmation) names.push('confirm');
  return names;
}

/** Splits tool arguments into CloudStack's parameters and the server's control arguments. */
export function splitControlArgs(args: Record<string, unknown>): { params: Record<string, unknown>; control: ControlArgs } {
  const { filter, wait, confirm, ...params } = args;
  return { params, control: { filter: filter as string[] | undefined, wait: wait as boolean | undefined, confirm: confirm as string | undefined } };
}

/** The most field names `filter` takes: an entity has fewer fields than that. */
export const MAX_FILTER_FIELDS = 256;

/**
 * Bounds on control arguments, checked before any work with them (their types are checked with
 * the call): a filter of a million names would be matched against every item of the answer.
 */
export function controlArgsBoundProblem(control: ControlArgs): string | undefined {
  const { filter } = control;
  if (Array.isArray(filter)) {
    if (filter.length > MAX_FILTER_FIELDS) return `filter has ${filter.length} field names, at most ${MAX_FILTER_FIELDS}`;
    const long = filter.find((f) => typeof f === 'string' && f.length > MAX_NAME_LENGTH);
    if (long !== undefined) return `filter field name too long (${long.length} chars, at most ${MAX_NAME_LENGTH})`;
  }
  if (typeof control.confirm === 'string' && control.confirm.length > MAX_NAME_LENGTH) {
    return `confirm too long (${control.confirm.length} chars, at most ${MAX_NAME_LENGTH}): it is the token a previous call returned`;
  }
  return undefined;
}

export function assertNoClash(api: ApiModel): void {
  const clash = api.params.find((p) => p.name in CONTROL_ARGS);
  if (clash) {
    throw new Error(`API ${api.name} has a parameter "${clash.name}", which the MCP server reserves for its own use`);
  }
}

/**
 * The control arguments as a dedicated tool lists them: without descriptions, which would repeat in
 * hundreds of tools. The server's instructions describe them once; the discovery tools in full.
 */
const LISTED_CONTROL_ARGS = Object.fromEntries(
  Object.entries(CONTROL_ARGS).map(([name, { description: _once, ...schema }]) => [name, schema]),
) as unknown as Record<ControlArgName, JsonSchema>;

/** An API's (listed) input schema with the control arguments it accepts added. */
export function withControlArgs(inputSchema: JsonSchema, names: ControlArgName[]): JsonSchema {
  if (names.length === 0) return inputSchema;
  const properties = { ...(inputSchema.properties as Record<string, JsonSchema>) };
  for (const name of names) properties[name] = LISTED_CONTROL_ARGS[name];
  return { ...inputSchema, properties };
}
