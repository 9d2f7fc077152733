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
import { closest, type ArgumentProblem } from './validate.ts';
import { CONTROL_ARGS, controlArgsBoundProblem, type ControlArgs } from './control-args.ts';
import { clip, MAX_PROBLEMS, quote, shapeOf, tooLong } from './echo.ts';

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

/** The longest search query: "a few words"; matching runs per word over every API. */
export const MAX_QUERY_LENGTH = 500;

/** The arguments each meta-tool takes (its inputSchema's properties; anything else is refused). */
const META_TOOL_ARGS: Record<(typeof DISCOVERY_TOOL_NAMES)[number], readonly string[]> = {
  search_apis: ['query', 'category', 'limit'],
  describe_api: ['name'],
  call_read_api: ['api', 'args', 'filter'],
  call_api: ['api', 'args', 'wait', 'confirm', 'filter'],
};

export function discoveryHandlers(
  catalog: ApiCatalog,
  options: { readOnly: boolean; describe: (api: ApiModel) => { text: string; structured: Record<string, unknown> } },
): DiscoveryHandlers {
  // Built on the first search: it reads every API's description and params.
  let index: ApiSearchIndex | undefined;
  let apiNames: string[] | undefined;

  /**
   * An API by name, or what is wrong with the name: not a string, too long to look up, or unknown
   * to this account (with the likely intended one).
   */
  const lookUp = (argument: 'api' | 'name', value: unknown): { api: ApiModel } | { problem: Problem; unknown?: true } => {
    const problem = (message: string) => ({ problem: { param: argument, message } });
    if (value === undefined) return problem(`missing "${argument}": the API name, e.g. "listZones" (or its tool name, list_zones)`);
    if (typeof value !== 'string') return problem(`"${argument}" must be a string (an API name such as "listZones"), got ${shapeOf(value)}`);
    const long = tooLong('API name', value);
    if (long) return problem(`${long}: ${quote(value, 40)}`);
    const api = catalog.find(value);
    if (api) return { api };
    const guess = closest(value, (apiNames ??= catalog.apis.map((a) => a.name)));
    return {
      unknown: true,
      ...problem(
        `Unknown API ${quote(value)}${guess ? `; did you mean ${guess}?` : ''}. Use search_apis to find the right one ` +
          '(only APIs this account may call are known).',
      ),
    };
  };

  return {
    searchApis(args) {
      const problems = unknownArguments('search_apis', args);
      const { query = '', category, limit = 10 } = args;
      if (typeof query !== 'string') problems.push({ param: 'query', message: `"query" must be a string of a few words, got ${shapeOf(query)}` });
      else if (query.length > MAX_QUERY_LENGTH) {
        problems.push({ param: 'query', message: `query too long (${query.length} chars, at most ${MAX_QUERY_LENGTH}): say it in a few words` });
      }
      if (category !== undefined) {
        const categories = catalog.categories().map((c) => c.id);
        if (typeof category !== 'string') problems.push({ param: 'category', message: `"category" must be a string, got ${shapeOf(category)}` });
        else if (!categories.includes(category)) {
          const guess = closest(category, categories);
          problems.push({
            param: 'category',
            message: `unknown category ${quote(category)}${guess ? ` (did you mean ${quote(guess)}?)` : ''}; search_apis without arguments lists the categories`,
          });
        }
      }
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 50) {
        problems.push({ param: 'limit', message: `"limit" must be a whole number from 1 to 50, got ${typeof limit === 'number' ? limit : shapeOf(limit)}` });
      }
      if (problems.length > 0) return invalidArguments('search_apis', problems);
      const words = query as string;
      if (!words && category === undefined) {
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
      const hits = index.search(words, {
        category: category as string | undefined,
        limit: limit as number,
        access: options.readOnly ? ['read'] : undefined,
      });
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
          ? `No API matches ${quote(words, 100)}${category ? ` in ${category}` : ''}. Try other words or search_apis without a query for the categories.`
          : results
              .map((r) => `${r.api} [${r.category}; ${r.access}${r.async ? '; async' : ''}] — ${r.description}`)
              .join('\n') + '\nNext: describe_api with one of these names, then call it.';
      return { content: [{ type: 'text', text }], structuredContent: { query: words, results } };
    },

    describeApi(args) {
      const problems = unknownArguments('describe_api', args);
      const found = lookUp('name', args.name);
      if ('api' in found && problems.length === 0) {
        const { text, structured } = options.describe(found.api);
        return { content: [{ type: 'text', text }], structuredContent: structured };
      }
      // An unknown API alone: the suggestion is the whole answer.
      if ('unknown' in found && problems.length === 0) return errorResult(found.problem.message);
      return invalidArguments('describe_api', 'problem' in found ? [...problems, found.problem] : problems);
    },

    resolveCall(tool, args) {
      const found = lookUp('api', args.api);
      const problems = unknownArguments(tool, args, 'api' in found ? found.api : undefined);
      if ('unknown' in found && problems.length === 0) return { error: errorResult(found.problem.message) };
      if ('problem' in found) problems.push(found.problem);
      if (args.args !== undefined && (typeof args.args !== 'object' || args.args === null || Array.isArray(args.args))) {
        problems.push({ param: 'args', message: `"args" must be an object of the API's parameters, e.g. {"zoneid": "..."}, got ${shapeOf(args.args)}` });
      }
      const control: ControlArgs = {
        filter: args.filter as string[] | undefined,
        wait: args.wait as boolean | undefined,
        confirm: args.confirm as string | undefined,
      };
      const bound = controlArgsBoundProblem(control);
      if (bound) problems.push({ param: bound.split(' ')[0], message: bound });
      if (problems.length > 0 || !('api' in found)) return { error: invalidArguments(tool, problems) };
      const { api } = found;
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
      return { api, params, control };
    },
  };
}

type Problem = ArgumentProblem;

/** Arguments a meta-tool does not take, each with where it belongs (at most MAX_PROBLEMS). */
function unknownArguments(tool: keyof typeof META_TOOL_ARGS, args: Record<string, unknown>, api?: ApiModel): Problem[] {
  const allowed = META_TOOL_ARGS[tool];
  const unknown = Object.keys(args).filter((name) => !allowed.includes(name));
  const isCall = tool === 'call_read_api' || tool === 'call_api';
  const problems = unknown.slice(0, MAX_PROBLEMS).map((name): Problem => {
    const long = tooLong('argument name', name);
    if (long) return { param: clip(name), message: `${long}: ${quote(name, 40)}` };
    const isParam = api?.params.some((p) => p.name === name) === true;
    const hint = !isCall
      ? ''
      : isParam
        ? `; ${name} is a parameter of ${api!.name}: put it inside args, e.g. {"api": "${api!.name}", "args": {"${name}": ...}}`
        : "; the API's parameters go inside args";
    return { param: name, message: `unknown argument ${quote(name)} of ${tool} (it takes ${allowed.join(', ')})${hint}` };
  });
  if (unknown.length > MAX_PROBLEMS) problems.push({ param: '…', message: `and ${unknown.length - MAX_PROBLEMS} more unknown arguments` });
  return problems;
}

function invalidArguments(tool: string, problems: Problem[]): CallToolResult {
  return errorResult(`Invalid arguments for ${tool}:\n${problems.map((p) => `- ${p.message}`).join('\n')}`, {
    error: { kind: 'invalid-arguments', problems },
  });
}

function firstSentence(text: string): string {
  const sentence = text.split(/(?<=\.)\s/)[0] ?? text;
  return sentence.length > 140 ? sentence.slice(0, 137) + '...' : sentence;
}
