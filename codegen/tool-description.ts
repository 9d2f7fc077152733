/**
 * A tool's description: CloudStack's text plus what a caller must know (since, async). Used by the
 * templates and, for APIs only a live server has, by the MCP server at run time.
 */
import type { ApiModel } from './types.ts';

export function toolDescription(api: ApiModel): string {
  const parts = [api.description.trim() || `${api.title}.`];
  if (api.since) parts.push(`(Since CloudStack ${api.since}.)`);
  if (api.isAsync) parts.push('Asynchronous: CloudStack runs it as a job; the tool waits for the job and returns its result.');
  return parts.join(' ');
}
