/**
 * Starts `cloudstack-mcp` as a subprocess and connects the SDK's own `Client` to it over stdio:
 * how the demo, the tests and the tool-size measurement talk to the real server binary.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';

const BIN = fileURLToPath(new URL('../../bin/cloudstack-mcp.js', import.meta.url));
// Servers started here remember live catalogs in a scratch directory, never in the user's own cache.
const SCRATCH_CACHE = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-cache-'));
// and save one-time secrets (a new key pair's private key) there too, never in the user's state directory.
const SCRATCH_SECRETS = join(SCRATCH_CACHE, 'secrets');

export interface ConnectedServer {
  client: Client;
  /** What the server wrote to stderr so far (its log). */
  stderr(): string;
  close(): Promise<void>;
  /** Ends the server process the hard way, as a crash would (SIGKILL: no clean-up runs). */
  kill(): void;
  /** The server subprocess's pid (null once it has exited), e.g. to read its RSS from /proc. */
  pid(): number | null;
}

export interface ConnectOptions {
  env?: Record<string, string>;
  /** Arguments for node itself, before the script (e.g. --import a hook). */
  nodeArgs?: string[];
  /** Answers the server's elicitation requests; when given, the client declares elicitation (form mode). */
  onElicit?: (request: ElicitRequest['params']) => Promise<ElicitResult>;
}

export async function connectToServer(args: string[], options: ConnectOptions = {}): Promise<ConnectedServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), BIN, ...args],
    env: { ...getDefaultEnvironment(), CLOUDSTACK_MCP_CACHE_DIR: SCRATCH_CACHE, CLOUDSTACK_MCP_SECRETS_DIR: SCRATCH_SECRETS, ...options.env },
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const client = new Client(
    { name: 'cloudstack-mcp-driver', version: '1.0.0' },
    { capabilities: options.onElicit ? { elicitation: { form: {} } } : {} },
  );
  if (options.onElicit) {
    const answer = options.onElicit;
    client.setRequestHandler(ElicitRequestSchema, (request) => answer(request.params));
  }
  try {
    await client.connect(transport);
  } catch (error) {
    await transport.close().catch(() => undefined);
    const shown = args.map((arg, i) => (/^--(api|secret)-key$/.test(args[i - 1] ?? '') ? '********' : arg));
    throw new Error(`cloudstack-mcp ${shown.join(' ')} did not start: ${(error as Error).message}\n${log}`);
  }
  return {
    client,
    stderr: () => log,
    close: () => client.close(),
    kill: () => {
      if (transport.pid !== null) process.kill(transport.pid, 'SIGKILL');
    },
    pid: () => transport.pid,
  };
}
