/**
 * The discovery surface: a handful of meta-tools that reach every API in one short tools/list.
 * search_apis finds an API, describe_api shows its parameters, and two call tools run it: one that
 * only runs read-only APIs (so clients can auto-approve it) and one for everything that changes state.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ApiModel } from '../model/types.ts';
import type { ApiCatalog } from './catalog.ts';
import { errorResult } from './call.ts';
import { ApiSearchIndex } from './search.ts';
import { closest } from './validate.ts';
import { CONTROL_ARGS, type ControlArgs } from './control-args.ts';

export const DISCOVERY_TOOL_NAMES = ['search_apis', 'describe_api', 'call_read_api', 'call_api'] as const;

/** Whether an API may run through call_read_api: a read that does not hand out secrets. */
export function isAutoApprovableRead(api: ApiModel): boolean {
  return api.access === 'read' && !api.returnsSecrets;
}

export function discoveryToolDefinitions(catalog: ApiCatalog, options: { readOnly: boolean }): Tool[] {
  const categories = catalog.categories().map((c) => c.id);
  const tools: Tool[] = [
    {
      name: 'search_apis',
      title: 'Search CloudStack APIs',
      description:
        `Find CloudStack APIs by what they do ("create a vm", "public ip", "attach volume"); ` +
        `${catalog.apis.length} APIs in ${categories.length} categories. Returns names to use with describe_api ` +
        `and the call tools. Without query and category it lists the categories.`,
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'What you want to do, in a few words.' },
          category: { type: 'string', enum: categories, description: 'Only APIs of this category.' },
          limit: { type: 'integer', minimum: 1, maximum: 50, description: 'Most results (default 10).' },
        },
        additionalProperties: false,
      },
      annotations: { title: 'Search CloudStack APIs', readOnlyHint: true, openWorldHint: false },
    },
    {
      name: 'describe_api',
      title: 'Describe a CloudStack API',
      description:
        'Parameters (types, required, descriptions), async behaviour, danger level and the input schema of one API. ' +
        'Accepts the API name (deployVirtualMachine) or the tool name (deploy_virtual_machine).',
      inputSchema: {
        type: 'object',
        properties: { name: { type: 'string', description: 'API name or tool name.' } },
        required: ['name'],
        additionalProperties: false,
      },
      annotations: { title: 'Describe a CloudStack API', readOnlyHint: true, openWorldHint: false },
    },
    {
      name: 'call_read_api',
      title: 'Call a read-only CloudStack API',
      description:
        'Runs a CloudStack API that changes nothing (list*, get*, query*...). Lists return one page; ' +
        'the result says how to get the next. APIs that change state, or return secrets, go through call_api.',
      inputSchema: {
        type: 'object',
        properties: {
          api: { type: 'string', description: 'API name, e.g. listVirtualMachines.' },
          args: { type: 'object', description: 'The API\'s parameters by name (see describe_api).' },
          filter: CONTROL_ARGS.filter,
        },
        required: ['api'],
        additionalProperties: false,
      },
      annotations: { title: 'Call a read-only CloudStack API', readOnlyHint: true, openWorldHint: true },
    },
  ];
  if (!options.readOnly) {
    tools.push({
      name: 'call_api',
      title: 'Call a CloudStack API that changes state',
      description:
        'Runs any CloudStack API, including those that create, change or delete resources. Async APIs are ' +
        'waited for with progress (wait=false returns the job id). Destructive APIs first return a ' +
        'confirmation token; repeat the same call with confirm set to it.',
      inputSchema: {
        type: 'object',
        properties: {
          api: { type: 'string', description: 'API name, e.g. deployVirtualMachine.' },
          args: { type: 'object', description: 'The API\'s parameters by name (see describe_api).' },
          wait: CONTROL_ARGS.wait,
          confirm: CONTROL_ARGS.confirm,
          filter: CONTROL_ARGS.filter,
        },
        required: ['api'],
        additionalProperties: false,
      },
      annotations: {
        title: 'Call a CloudStack API that changes state',
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
    });
  }
  return tools;
}

export interface DiscoveryHandlers {
  searchApis(args: Record<string, unknown>): CallToolResult;
  describeApi(args: Record<string, unknown>): CallToolResult;
  /** Resolves the API a call tool names, or explains why it cannot run through that tool. */
  resolveCall(
    tool: 'call_read_api' | 'call_api',
    args: Record<string, unknown>,
  ): { api: ApiModel; params: Record<string, unknown>; control: ControlArgs } | { error: CallToolResult };
}

export function discoveryHandlers(
  catalog: ApiCatalog,
  options: { readOnly: boolean; describe: (api: ApiModel) => { text: string; structured: Record<string, unknown> } },
): DiscoveryHandlers {
  // Built on the first search: it reads every API's description and params.
  let index: ApiSearchIndex | undefined;

  const unknownApi = (name: string): CallToolResult => {
    const guess = closest(name, catalog.apis.map((a) => a.name));
    return errorResult(
      `Unknown API "${name}"${guess ? `; did you mean ${guess}?` : ''}. Use search_apis to find the right one ` +
        '(only APIs this account may call are known).',
    );
  };

  return {
    searchApis(args) {
      const query = typeof args.query === 'string' ? args.query : '';
      const category = typeof args.category === 'string' ? args.category : undefined;
      const limit = typeof args.limit === 'number' ? args.limit : 10;
      if (!query && !category) {
        const categories = catalog.categories();
        return {
          content: [
            {
              type: 'text',
              text:
                `${catalog.apis.length} APIs in ${categories.length} categories:\n` +
                categories.map((c) => `${c.id} (${c.count})${c.description ? ` — ${c.description}` : ''}`).join('\n'),
            },
          ],
          structuredContent: { categories },
        };
      }
      index ??= new ApiSearchIndex(catalog.apis);
      const hits = index.search(query, { category, limit, access: options.readOnly ? ['read'] : undefined });
      const results = hits.map(({ api, score }) => ({
        api: api.name,
        tool: api.toolName,
        category: api.category,
        access: api.access,
        async: api.isAsync,
        description: firstSentence(api.description),
        score,
      }));
      const text =
        results.length === 0
          ? `No API matches "${query}"${category ? ` in ${category}` : ''}. Try other words or search_apis without a query for the categories.`
          : results
              .map((r) => `${r.api} [${r.category}; ${r.access}${r.async ? '; async' : ''}] — ${r.description}`)
              .join('\n') + '\nNext: describe_api with one of these names, then call it.';
      return { content: [{ type: 'text', text }], structuredContent: { query, results } };
    },

    describeApi(args) {
      const name = String(args.name ?? '');
      const api = catalog.find(name);
      if (!api) return unknownApi(name);
      const { text, structured } = options.describe(api);
      return { content: [{ type: 'text', text }], structuredContent: structured };
    },

    resolveCall(tool, args) {
      const name = String(args.api ?? '');
      const api = catalog.find(name);
      if (!api) return { error: unknownApi(name) };
      if (args.args !== undefined && (typeof args.args !== 'object' || args.args === null || Array.isArray(args.args))) {
        return { error: errorResult('args must be an object of the API\'s parameters, e.g. {"zoneid": "..."}') };
      }
      const params = (args.args ?? {}) as Record<string, unknown>;
      if (tool === 'call_read_api' && !isAutoApprovableRead(api)) {
        const why = api.access === 'read' ? 'returns secrets (credentials or keys)' : `is a ${api.access} API`;
        return {
          error: errorResult(
            options.readOnly
              ? `${api.name} ${why}; this server runs read-only (--read-only), so it cannot be called.`
              : `${api.name} ${why}, so call_read_api does not run it; use call_api.`,
          ),
        };
      }
      if (tool === 'call_api' && options.readOnly && api.access !== 'read') {
        return { error: errorResult(`${api.name} changes state; this server runs read-only (--read-only).`) };
      }
      const control: ControlArgs = {
        filter: args.filter as string[] | undefined,
        wait: args.wait as boolean | undefined,
        confirm: args.confirm as string | undefined,
      };
      return { api, params, control };
    },
  };
}

function firstSentence(text: string): string {
  const sentence = text.split(/(?<=\.)\s/)[0] ?? text;
  return sentence.length > 140 ? sentence.slice(0, 137) + '...' : sentence;
}
