/**
 * The MCP tool of an API, as data: rendered into generated/tools/ by the templates and built by the
 * MCP server at run time for APIs the snapshot lacks, from this one function.
 */
import { inputSchema, toolOutputSchema } from './schema.ts';
import type { AccessClass, ApiModel, JsonSchema, ToolAnnotations } from './types.ts';

export interface ToolDefinition {
  name: string;
  apiName: string;
  title: string;
  category: string;
  description: string;
  isAsync: boolean;
  access: AccessClass;
  returnsSecrets?: boolean;
  since?: string;
  inputSchema: JsonSchema;
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
