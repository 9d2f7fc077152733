/**
 * The full MCP tool of an API, as data: what generated/tools/ holds for review and coverage (the
 * server lists the compact form of src/model/listed-tool.ts and validates against the same
 * inputSchema).
 */
import { inputSchema, toolOutputSchema } from './schema.ts';
import type { AccessClass, ApiModel, JsonSchema, ToolAnnotations } from './types.ts';

export interface ToolDefinition {
  /** MCP tool name, e.g. `list_virtual_machines`. */
  name: string;
  /** CloudStack API name, e.g. `listVirtualMachines`. */
  apiName: string;
  title: string;
  /** Category (toolset) id. */
  category: string;
  description: string;
  isAsync: boolean;
  access: AccessClass;
  /** The answer carries secrets: never auto-approve although read-only. */
  returnsSecrets?: boolean;
  since?: string;
  inputSchema: JsonSchema;
  /**
   * The structuredContent: the content of CloudStack's response envelope. Lists
   * `{count, <key>: [...], page?, pagesize?, truncated?, nextPage?}`, objects `{<key>: {...}}`,
   * success `{success, displaytext?, details?}`; async tools also allow `jobid`, `id`, `jobstatus`.
   */
  outputSchema: JsonSchema;
  annotations: ToolAnnotations;
}

/** CloudStack's text plus what a caller must know (since, async). */
export function toolDescription(api: ApiModel): string {
  const parts = [api.description.trim() || `${api.title}.`];
  if (api.since) parts.push(`(Since CloudStack ${api.since}.)`);
  if (api.isAsync) parts.push('Asynchronous: CloudStack runs it as a job; the tool waits for the job and returns its result.');
  return parts.join(' ');
}

/** @param outputSchema the render passes one with shared entity schemas; by default it is built here. */
export function toolDefinition(api: ApiModel, outputSchema: JsonSchema = toolOutputSchema(api)): ToolDefinition {
  return {
    name: api.toolName,
    apiName: api.name,
    title: api.title,
    category: api.category,
    description: toolDescription(api),
    isAsync: api.isAsync,
    access: api.access,
    ...(api.returnsSecrets ? { returnsSecrets: true } : {}),
    ...(api.since ? { since: api.since } : {}),
    inputSchema: inputSchema(api.params),
    outputSchema,
    annotations: api.annotations,
  };
}
