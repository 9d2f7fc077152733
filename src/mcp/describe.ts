/**
 * describe_api's answer: everything needed to call one API correctly, compact enough to read.
 */
import type { ApiModel, JsonSchema, ParamModel } from '../model/types.ts';
import { isAutoApprovableRead } from './discovery.ts';

export interface DescribeOptions {
  inputSchemaOf: (api: ApiModel) => JsonSchema;
  /** Whether calling the API asks for a confirmation first (the safety policy). */
  needsConfirmation: (api: ApiModel) => boolean;
}

export function describeApi(api: ApiModel, options: DescribeOptions): { text: string; structured: Record<string, unknown> } {
  const callWith = isAutoApprovableRead(api) ? 'call_read_api' : 'call_api';
  const confirmation = options.needsConfirmation(api);
  const lines = [
    `${api.name} (tool ${api.toolName}) — ${api.category}`,
    api.description || '(no description)',
    [
      `access: ${api.access}${api.returnsSecrets ? ' (returns secrets: masked)' : ''}`,
      api.isAsync ? 'async: waits for the job (wait=false returns the job id)' : 'sync',
      confirmation ? 'asks for confirmation first' : undefined,
      api.since ? `since ${api.since}` : undefined,
    ]
      .filter(Boolean)
      .join('; '),
  ];
  const required = api.params.filter((p) => p.required);
  const optional = api.params.filter((p) => !p.required);
  if (required.length) lines.push('Required:', ...required.map(paramLine));
  if (optional.length) lines.push('Optional:', ...optional.map(paramLine));
  const fields = api.response.map((f) => f.name);
  if (api.responseKind === 'success') lines.push('Returns: success');
  else {
    const what = api.responseKey ? (api.responseKind === 'list' ? `a list of ${api.responseKey}` : api.responseKey) : 'an object';
    lines.push(`Returns: ${what}${fields.length ? ` with fields ${fields.join(', ')}` : ''}`);
  }
  lines.push(`Call: ${callWith} {"api": "${api.name}", "args": {...}}`);
  return {
    text: lines.join('\n'),
    structured: {
      api: api.name,
      tool: api.toolName,
      category: api.category,
      access: api.access,
      async: api.isAsync,
      confirmation,
      since: api.since,
      description: api.description,
      callWith,
      inputSchema: options.inputSchemaOf(api),
      returns: { kind: api.responseKind, key: api.responseKey, fields },
    },
  };
}

function paramLine(p: ParamModel): string {
  const type = p.type === 'map' && p.mapShape ? `map (${p.mapShape})` : p.type;
  const description = p.description ? `: ${p.description}` : '';
  return `  ${p.name} (${type})${description}${p.since ? ` [since ${p.since}]` : ''}`;
}
