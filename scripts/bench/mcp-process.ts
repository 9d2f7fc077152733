/**
 * One MCP server subprocess (the real one or the floor) driven by the SDK's own `Client` over
 * `StdioClientTransport`, as an MCP host would. Both kinds are started and timed by this same code,
 * so whatever the client side costs is in both numbers alike.
 *
 * Requests go through `client.request(…, schema)` rather than `client.listTools()`: listTools also
 * compiles an ajv validator for every tool's outputSchema in the bench process, which is the
 * client's cost, not the server's (see `measureClientListTools` for what it adds).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema, ListToolsResultSchema, type CallToolResult, type ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import { timed } from './stats.ts';

export interface McpProcess {
  client: Client;
  pid: number;
  /** Wall time from spawning the process to the answer of the first tools/list. */
  startupMs: number;
  /** That first answer. */
  firstList: ListToolsResult;
  /** Its size as JSON, in bytes (what a host puts in front of the model, before its own framing). */
  firstListBytes: number;
  stderr(): string;
  listTools(): Promise<ListToolsResult>;
  callTool(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface SpawnOptions {
  /** Arguments after `node`: a script and its flags. */
  args: string[];
  env?: Record<string, string>;
  label: string;
}

export async function spawnMcp(options: SpawnOptions): Promise<McpProcess> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: options.args,
    env: { ...getDefaultEnvironment(), ...options.env },
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const client = new Client({ name: 'cloudstack-mcp-bench', version: '1.0.0' }, { capabilities: {} });
  const listTools = () => client.request({ method: 'tools/list', params: {} }, ListToolsResultSchema);
  let first: ListToolsResult;
  let startupMs: number;
  try {
    // connect() spawns the process and runs the initialize handshake: all of it is start-up.
    [first, startupMs] = await timed(async () => {
      await client.connect(transport);
      return listTools();
    });
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw new Error(`${options.label} did not start: ${(error as Error).message}\n${log}`);
  }
  const pid = transport.pid;
  if (pid === null) throw new Error(`${options.label}: no pid`);
  return {
    client,
    pid,
    startupMs,
    firstList: first,
    firstListBytes: Buffer.byteLength(JSON.stringify(first)),
    stderr: () => log,
    listTools,
    callTool: (name, args) =>
      client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema) as Promise<CallToolResult>,
    close: () => client.close(),
  };
}
