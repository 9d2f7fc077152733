/**
 * The MCP server: the low-level SDK `Server` (so generated JSON Schemas are served as they are, in
 * one tools/list page) with one dispatcher for the meta-tools and the dedicated API tools.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type ListToolsResult,
  type CallToolResult,
  type Tool,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import type { ApiModel } from '../model/types.ts';
import type { ApiCatalog } from './catalog.ts';
import type { CatalogSource } from './catalog-source.ts';
import { CallPipeline, type CallContext, type PipelineDeps } from './call.ts';
import { controlArgsBoundProblem, splitControlArgs } from './control-args.ts';
import { DISCOVERY_TOOL_NAMES, discoveryHandlers, discoveryToolDefinitions, isAutoApprovableRead, type DiscoveryHandlers } from './discovery.ts';
import { clip, quote, tooLong } from './echo.ts';
import { guardRequests } from './request-guard.ts';
import { markUnchanging, unchangingJson } from './unchanging-answer.ts';
import { closest, nestingProblem } from './validate.ts';
import { errorResult } from './call.ts';
import { dedicatedApis, listsPerApiTools } from './surfaces.ts';
import type { ServerConfig } from '../config.ts';
import type { AskUser } from '../safety/gate.ts';

export interface ServerParts {
  config: ServerConfig;
  catalogs: CatalogSource;
  pipeline: PipelineDeps;
  /** The dedicated tools of these APIs (their listed definitions plus control arguments). */
  toolsOf: (apis: readonly ApiModel[]) => Tool[];
  describe: (api: ApiModel) => { text: string; structured: Record<string, unknown> };
  version: string;
  /** Subscribes to catalog changes (the catalog source is shared by sessions); returns the unsubscribe. */
  onCatalogChange: (listener: (catalog: ApiCatalog) => void) => () => void;
}

/** What one catalog gives the server: its tools, built once, and the handlers over it. */
interface Surface {
  catalog: ApiCatalog;
  dedicated: Map<string, ApiModel>;
  discovery: DiscoveryHandlers;
  /** Its tools/list answer, once asked for. */
  listAnswer?: ListToolsResult;
}

export function createMcpServer(parts: ServerParts): Server {
  const { config, catalogs } = parts;
  const pipeline = new CallPipeline(parts.pipeline);
  const surfaces = new WeakMap<ApiCatalog, Surface>();
  const surfaceOf = (catalog: ApiCatalog): Surface => {
    let surface = surfaces.get(catalog);
    if (!surface) {
      surface = {
        catalog,
        dedicated: new Map(dedicatedApis(catalog, config).map((api) => [api.toolName, api])),
        discovery: discoveryHandlers(catalog, { readOnly: config.readOnly, describe: parts.describe }),
      };
      surfaces.set(catalog, surface);
    }
    return surface;
  };
  // The discovery surface is the same whatever the server grants, so it need not wait for listApis.
  const perApiTools = listsPerApiTools(config);
  // Built once per surface, sent as the same text every time (unchanging-answer.ts).
  const listAnswerOf = (surface: Surface): ListToolsResult =>
    (surface.listAnswer ??= markUnchanging({
      tools: [...discoveryToolDefinitions(surface.catalog, { readOnly: config.readOnly }), ...parts.toolsOf([...surface.dedicated.values()])],
    }));

  const server = new GuardedServer(
    { name: 'cloudstack-mcp', version: parts.version },
    {
      capabilities: { tools: { listChanged: true } },
      instructions:
        `CloudStack ${catalogs.current().origin.modelVersion} management. ` +
        'Find an API with search_apis, read its parameters with describe_api, run it with call_read_api ' +
        '(read-only) or call_api (changes). Lists return one page at a time. Every tool that runs an API ' +
        'also takes: filter (only these fields of each item), wait (async APIs: false returns the job id ' +
        'instead of waiting for the job) and confirm (the token a call that needs confirmation returned, ' +
        'to run it with the same arguments).',
    },
  );
  // What the SDK reports (a response to no request, a failed send): one bounded line on the log.
  server.onerror = (error) => process.stderr.write(`cloudstack-mcp: protocol: ${clip(error.message, 300)}\n`);
  // What this session last listed: a changed catalog is announced only when its list differs.
  let listed: ListToolsResult | undefined;
  const unsubscribe = parts.onCatalogChange((catalog) => {
    // Nothing but answers before the client's initialize (MCP's lifecycle).
    if (!server.transport || !server.initialized() || !listed) return;
    if (unchangingJson(listAnswerOf(surfaceOf(catalog))) === unchangingJson(listed)) return;
    void server.sendToolListChanged().catch(() => undefined);
  });
  server.onCatalogUnsubscribe = unsubscribe;

  // Every tool on one page: several major clients never ask for a second. A deferred listApis
  // starts once this answer is on its way.
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const answer = listAnswerOf(surfaceOf(perApiTools ? await catalogs.listable() : catalogs.current()));
    listed = answer;
    setImmediate(() => catalogs.refreshNow());
    return answer;
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    const progressToken = request.params._meta?.progressToken;
    const context: CallContext = {
      tool: name,
      signal: extra.signal,
      askUser: askUserFor(server, extra.signal, extra.requestId),
      reportProgress:
        progressToken === undefined
          ? undefined
          : (progress, message) =>
              extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } }),
    };
    const { catalog, discovery, dedicated } = surfaceOf(await catalogs.ready());

    switch (name) {
      case 'search_apis':
        return discovery.searchApis(args);
      case 'describe_api':
        return discovery.describeApi(args);
      case 'call_read_api':
      case 'call_api': {
        if (name === 'call_api' && config.readOnly) break;
        const resolved = discovery.resolveCall(name, args);
        if ('error' in resolved) return resolved.error;
        const deep = nestingProblem(resolved.params);
        if (deep) return errorResult(`Invalid arguments for ${resolved.api.name}: ${deep.message}`);
        return pipeline.run(resolved.api, resolved.params, resolved.control, context);
      }
    }
    const api = dedicated.get(name);
    if (!api) throw new McpError(ErrorCode.InvalidParams, unknownToolMessage(name, surfaceOf(catalog), config.readOnly));
    const { params, control } = splitControlArgs(args);
    const problem = controlArgsBoundProblem(control) ?? nestingProblem(params)?.message;
    if (problem) return errorResult(`Invalid arguments for ${api.name}: ${problem}`);
    return pipeline.run(api, params, control, context);
  });

  return server;
}

/** The Server, with requests screened before its own dispatch (src/mcp/request-guard.ts). */
class GuardedServer extends Server {
  private guard?: { initialized(): boolean };
  onCatalogUnsubscribe?: () => void;

  override async close(): Promise<void> {
    // A closed session hears of no more catalog changes (the source outlives it).
    this.onCatalogUnsubscribe?.();
    await super.close();
  }

  override async connect(transport: Transport): Promise<void> {
    await super.connect(transport);
    // After the Server set its handler; nothing arrives before the transport's first read.
    this.guard = guardRequests(transport, { log: (line) => process.stderr.write(`cloudstack-mcp: ${line}\n`) });
  }

  initialized(): boolean {
    return this.guard?.initialized() ?? false;
  }
}

/**
 * Why a tool name is not served, and what to call instead: the listed tool it means (names are
 * case-sensitive), the call tool that runs the API it names, or the nearest listed name.
 */
function unknownToolMessage(name: string, surface: Surface, readOnly: boolean): string {
  const long = tooLong('tool name', name);
  if (long) return `Unknown tool: ${long}`;
  const listed = [...DISCOVERY_TOOL_NAMES.filter((t) => !(readOnly && t === 'call_api')), ...surface.dedicated.keys()];
  if (name === 'call_api' && readOnly) return 'Tool call_api is not available: this server runs read-only (--read-only)';
  const sameButCase = listed.find((t) => t.toLowerCase() === name.toLowerCase());
  if (sameButCase) return `Unknown tool ${quote(name)}; tool names are case-sensitive: did you mean ${sameButCase}?`;
  const api = surface.catalog.find(name);
  if (api) {
    if (surface.dedicated.has(api.toolName)) return `Unknown tool ${quote(name)}; did you mean ${api.toolName} (the tool of ${api.name})?`;
    const through = isAutoApprovableRead(api) ? 'call_read_api' : 'call_api';
    if (readOnly && through === 'call_api') {
      return `Tool ${quote(name)} is not listed on this server's surface, and ${api.name} cannot run on it: the server runs read-only (--read-only)`;
    }
    return `Tool ${quote(name)} is not listed on this server's surface; call ${api.name} through ${through} {"api": "${api.name}", "args": {...}}`;
  }
  const guess = closest(name, listed);
  return `Unknown tool ${quote(name)}${guess ? `; did you mean ${guess}?` : ''} (tools/list shows the tools)`;
}

/**
 * Confirmation through elicitation, when the client declared it (form mode). Anything but an
 * explicit "yes" is not a yes; a failure to ask returns undefined so the token path takes over.
 */
function askUserFor(server: Server, signal: AbortSignal, relatedRequestId: RequestId): AskUser | undefined {
  const elicitation = server.getClientCapabilities()?.elicitation as Record<string, unknown> | undefined;
  const formMode = elicitation !== undefined && (elicitation.form !== undefined || Object.keys(elicitation).length === 0);
  if (!formMode) return undefined;
  return async (message) => {
    try {
      const answer = await server.elicitInput(
        {
          message,
          requestedSchema: {
            type: 'object',
            properties: { confirm: { type: 'boolean', title: 'Run it', description: 'Yes to run the call now.' } },
            required: ['confirm'],
          },
        },
        // On the call's own stream: over HTTP with replicas, the client's standalone stream may
        // be held by another replica, and a question sent there would never arrive.
        { signal, relatedRequestId },
      );
      if (answer.action === 'accept') return answer.content?.confirm === true ? 'accept' : 'decline';
      return answer.action;
    } catch {
      return undefined;
    }
  };
}
