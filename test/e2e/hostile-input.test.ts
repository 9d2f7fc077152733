/**
 * Hostile and malformed input end to end (issue 11): the real binary over stdio, spoken to in raw
 * JSON-RPC lines (parse errors, invalid requests, oversized messages, requests before initialize)
 * and through the SDK's Client (secrets in argument errors, huge names, huge error replies).
 * Every request gets an answer, every answer is bounded, and the server keeps serving.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';

const BIN = fileURLToPath(new URL('../../bin/cloudstack-mcp.js', import.meta.url));
const MiB = 1024 * 1024;
const CAP = 10 * MiB;

type Result = CallToolResult & { structuredContent?: Record<string, any> };
const textOf = (r: Result) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const everything = (r: Result) => textOf(r) + '\n' + JSON.stringify(r.structuredContent ?? {});

type Message = { jsonrpc: string; id?: unknown; method?: string; result?: any; error?: { code: number; message: string } };

/** The server binary spoken to line by line: what a client with its own JSON-RPC stack would do. */
class RawServer {
  private readonly process: ChildProcessWithoutNullStreams;
  private pending = '';
  readonly messages: Message[] = [];
  private waiters: Array<() => void> = [];
  private log = '';
  readonly exited: Promise<{ code: number | null; signal: string | null }>;

  constructor(args: string[]) {
    this.process = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, CLOUDSTACK_MCP_CACHE_DIR: mkdtempSync(join(tmpdir(), 'cloudstack-mcp-cache-')) },
    });
    this.process.stdout.on('data', (chunk: Buffer) => {
      this.pending += chunk.toString('utf8');
      let newline: number;
      while ((newline = this.pending.indexOf('\n')) !== -1) {
        const line = this.pending.slice(0, newline);
        this.pending = this.pending.slice(newline + 1);
        if (line.trim()) this.messages.push(JSON.parse(line));
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.log += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve({ code, signal })));
    // A broken pipe is what a test of a dead server sees; the test reports it, not node.
    this.process.stdin.on('error', () => undefined);
  }

  stderr(): string {
    return this.log;
  }

  write(text: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.process.stdin.write(text, (error) => (error ? reject(error) : resolve())));
  }

  send(message: unknown): Promise<void> {
    return this.write(JSON.stringify(message) + '\n');
  }

  /** The first message (since `from`) that matches, within `ms`. */
  async next(match: (m: Message) => boolean, ms = 10_000, from = 0): Promise<Message> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${ms} ms; got ${JSON.stringify(this.messages).slice(0, 2000)}\n${this.log}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  reply(id: unknown, ms?: number): Promise<Message> {
    return this.next((m) => m.id === id && (m.result !== undefined || m.error !== undefined), ms);
  }

  async initialize(id: number | string = 'init'): Promise<void> {
    await this.send({
      jsonrpc: '2.0',
      id,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    expect((await this.reply(id)).result.serverInfo.name).toBe('cloudstack-mcp');
    await this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  /** The server still serves: a ping is answered. */
  async serves(id: number | string): Promise<void> {
    await this.send({ jsonrpc: '2.0', id, method: 'ping' });
    expect(await this.reply(id)).toMatchObject({ id, result: {} });
  }

  running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async close(): Promise<void> {
    if (!this.running()) return;
    this.process.stdin.end();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

describe('the MCP lifecycle over stdin', () => {
  let raw: RawServer;
  beforeAll(async () => {
    raw = new RawServer(['--simulator']);
  });
  afterAll(async () => raw.close());

  it('requests before initialize are refused; initialize and ping are served', async () => {
    await raw.send({ jsonrpc: '2.0', id: 'early-ping', method: 'ping' });
    expect(await raw.reply('early-ping')).toMatchObject({ result: {} });
    await raw.send({ jsonrpc: '2.0', id: 'early-call', method: 'tools/call', params: { name: 'search_apis', arguments: {} } });
    const early = await raw.reply('early-call');
    expect(early.result).toBeUndefined();
    expect(early.error!.code).toBe(-32600);
    expect(early.error!.message).toMatch(/not initialized.*initialize/i);
    await raw.send({ jsonrpc: '2.0', id: 'early-list', method: 'tools/list' });
    expect((await raw.reply('early-list')).error!.code).toBe(-32600);
    // Nor does the server send notifications of its own (the live catalog arrives after ~1 s).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(raw.messages.filter((m) => m.method !== undefined)).toEqual([]);
    await raw.initialize();
    await raw.send({ jsonrpc: '2.0', id: 'after', method: 'tools/call', params: { name: 'search_apis', arguments: {} } });
    expect((await raw.reply('after')).result.structuredContent.categories.length).toBeGreaterThan(10);
  });
});

describe('the JSON-RPC protocol over stdin', () => {
  let raw: RawServer;
  beforeAll(async () => {
    raw = new RawServer(['--simulator']);
    await raw.initialize();
  });
  afterAll(async () => raw.close());

  it('a line that is not JSON gets -32700 with id null, and the server keeps serving', async () => {
    const before = raw.messages.length;
    await raw.write('{"jsonrpc":"2.0","id":1,"method":"ping"\n');
    const error = await raw.next((m) => m.error?.code === -32700, 10_000, before);
    expect(error).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(error.error!.message).toMatch(/^Parse error/);
    await raw.serves('after-parse-error');
  });

  it('invalid requests get -32600 (with the id when it is a valid one), bad params -32602', async () => {
    const before = raw.messages.length;
    // An id JSON-RPC does not allow: answered, with id null.
    await raw.write('{"jsonrpc":"2.0","id":1.5,"method":"ping"}\n');
    const badId = await raw.next((m) => m.error?.code === -32600 && m.id === null, 10_000, before);
    expect(badId.error!.message).toMatch(/\bid\b/);
    await raw.send({ jsonrpc: '2.0', id: { x: 1 }, method: 'ping' });
    await raw.next((m) => m.error?.code === -32600 && m.id === null && m !== badId, 10_000, before);
    // Not JSON-RPC 2.0, but the id is a fine one: answered with it.
    await raw.send({ jsonrpc: '1.0', id: 'v1', method: 'ping' });
    expect((await raw.reply('v1')).error!.code).toBe(-32600);
    await raw.send({ jsonrpc: '2.0', id: 'nomethod' });
    expect((await raw.reply('nomethod')).error!.code).toBe(-32600);
    await raw.send({ jsonrpc: '2.0', id: 'arrayparams', method: 'tools/list', params: [1, 2] });
    expect((await raw.reply('arrayparams')).error!.code).toBe(-32602);
    // A batch (which MCP does not use) and a bare value.
    const beforeBatch = raw.messages.length;
    await raw.write('[{"jsonrpc":"2.0","id":"in-batch","method":"ping"}]\n');
    expect((await raw.next((m) => m.error?.code === -32600, 10_000, beforeBatch)).error!.message).toMatch(/batch/i);
    const beforeBare = raw.messages.length;
    await raw.write('42\n');
    expect(await raw.next((m) => m.error?.code === -32600, 10_000, beforeBare)).toMatchObject({ id: null });
    await raw.serves('after-invalid');
  });

  it('bad tools/call params are -32602 with a short message naming the field, not a zod dump', async () => {
    await raw.send({ jsonrpc: '2.0', id: 'name-number', method: 'tools/call', params: { name: 5 } });
    const wrongName = await raw.reply('name-number');
    expect(wrongName.error!.code).toBe(-32602);
    expect(wrongName.error!.message).toContain('name');
    expect(wrongName.error!.message).not.toContain('\n');
    expect(wrongName.error!.message).not.toContain('"code"');
    await raw.send({ jsonrpc: '2.0', id: 'args-array', method: 'tools/call', params: { name: 'search_apis', arguments: [1] } });
    const wrongArgs = await raw.reply('args-array');
    expect(wrongArgs.error!.code).toBe(-32602);
    expect(wrongArgs.error!.message).toContain('arguments');
    await raw.send({ jsonrpc: '2.0', id: 'no-params', method: 'tools/call' });
    expect((await raw.reply('no-params')).error!.code).toBe(-32602);
    await raw.send({ jsonrpc: '2.0', id: 'cursor', method: 'tools/list', params: { cursor: 5 } });
    expect((await raw.reply('cursor')).error!.code).toBe(-32602);
  });

  it('arguments nested 100,000 levels deep are refused as such, not with a stack overflow (-32603)', async () => {
    // Written by hand: JSON.stringify itself overflows on such a value.
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const user = '"username":"u","email":"e","firstname":"f","lastname":"l","account":"admin"';
    for (const [id, tool, args] of [
      ['deep-name', 'call_read_api', `{"api":"listZones","args":{"name":${deep}}}`],
      ['deep-password', 'call_api', `{"api":"createUser","args":{${user},"password":${deep}}}`],
      ['deep-dedicated', 'query_async_job_result', `{"jobid":${deep}}`],
    ]) {
      await raw.write(`{"jsonrpc":"2.0","id":"${id}","method":"tools/call","params":{"name":"${tool}","arguments":${args}}}\n`);
      const answer = await raw.reply(id);
      expect(answer.error).toBeUndefined();
      expect(answer.result.isError).toBe(true);
      expect(answer.result.content[0].text).toMatch(/parameter "(name|password|jobid)" is nested too deeply \(more than 32 levels/);
    }
  });

  it('an id of more than 256 characters is refused, not echoed', async () => {
    const before = raw.messages.length;
    await raw.send({ jsonrpc: '2.0', id: 'i'.repeat(100_000), method: 'ping' });
    const error = await raw.next((m) => m.error?.code === -32600 && m.id === null, 10_000, before);
    expect(JSON.stringify(error).length).toBeLessThan(1_000);
  });

  it('a message over 10 MiB gets an error with its id, stderr says so, and the server keeps serving', async () => {
    // The SDK's Client writes the id last: {"method":..., "params":..., "jsonrpc":"2.0", "id":N}.
    const query = 'a'.repeat(CAP + 1024);
    await raw.write(`{"method":"tools/call","params":{"name":"search_apis","arguments":{"query":"${query}"}},"jsonrpc":"2.0","id":"big"}\n`);
    const error = await raw.reply('big', 20_000);
    expect(error.error!.code).toBe(-32600);
    expect(error.error!.message).toMatch(/too large/i);
    expect(error.error!.message).toContain(String(CAP));
    expect(raw.stderr()).toMatch(/message of \d+ bytes.*10 MiB/);
    await raw.serves('after-big');
  }, 30_000);

  it('a message just over the cap, sent in pieces, and one with the id first', async () => {
    const head = '{"jsonrpc":"2.0","id":"just-over","method":"tools/call","params":{"name":"search_apis","arguments":{"query":"';
    const tail = '"}}}';
    const fill = 'b'.repeat(CAP + 1 - head.length - tail.length);
    expect(Buffer.byteLength(head + fill + tail)).toBe(CAP + 1);
    const message = Buffer.from(head + fill + tail + '\n');
    for (let offset = 0; offset < message.length; offset += 3 * MiB) await raw.write(message.subarray(offset, offset + 3 * MiB));
    expect((await raw.reply('just-over', 20_000)).error!.code).toBe(-32600);
    await raw.serves('after-just-over');
    // Exactly at the cap is still a message (here: a query too long to search, answered as a tool error).
    const atCap = `{"jsonrpc":"2.0","id":"at-cap","method":"tools/call","params":{"name":"search_apis","arguments":{"query":"`;
    const atCapFill = 'c'.repeat(CAP - atCap.length - tail.length);
    await raw.write(atCap + atCapFill + tail + '\n');
    const answered = await raw.reply('at-cap', 20_000);
    expect(answered.result.isError).toBe(true);
    expect(answered.result.content[0].text).toMatch(/query too long \(\d+ chars, at most \d+\)/);
    expect(JSON.stringify(answered).length).toBeLessThan(2_000);
    expect(raw.running()).toBe(true);
  }, 60_000);
});

describe('hostile tool arguments through the SDK client', () => {
  let server: ConnectedServer;
  beforeAll(async () => {
    server = await connectToServer(['--simulator']);
  });
  afterAll(async () => server.close());
  const call = (name: string, args: Record<string, unknown>) => server.client.callTool({ name, arguments: args }) as Promise<Result>;

  it('a password sent as an array or an object: its value never shows in the error (only its shape)', async () => {
    const secret = 'Sup3r-Secret-Passw0rd-that-is-long-enough-to-be-cut-in-a-preview-0123456789';
    const user = { username: 'eve', email: 'eve@example.com', firstname: 'E', lastname: 'V', account: 'admin' };
    for (const password of [[secret], { value: secret }, [secret.slice(0, 20), secret.slice(20)], secret.repeat(5)]) {
      const result = await call('call_api', { api: 'createUser', args: { ...user, password } });
      expect(result.isError).toBe(true);
      const all = everything(result);
      expect(all).toContain('parameter \\"password\\"');
      for (const piece of [secret.slice(0, 8), secret.slice(20, 28), 'Sup3r']) expect(all).not.toContain(piece);
      // Its shape, or for a string too long its length: nothing of its content.
      expect(textOf(result)).toMatch(/parameter "password" must be (a string, got (an array of \d items?|an object)|at most \d+ characters, got \d+)\n/);
    }
  });

  it('a 1 MB describe_api name is answered at once, and does not hold up other requests', async () => {
    const started = Date.now();
    const [huge, list] = await Promise.all([call('describe_api', { name: 'x'.repeat(MiB) }), server.client.listTools()]);
    const elapsed = Date.now() - started;
    expect(list.tools.length).toBeGreaterThan(3);
    expect(huge.isError).toBe(true);
    expect(textOf(huge)).toContain(`name too long (${MiB} chars, at most 256)`);
    expect(everything(huge).length).toBeLessThan(1_000);
    expect(elapsed).toBeLessThan(1_500);
    // The same through the call tools and a dedicated tool's unknown parameter.
    const viaCall = await call('call_read_api', { api: 'l'.repeat(MiB) });
    expect(textOf(viaCall)).toContain(`name too long (${MiB} chars, at most 256)`);
    const viaParam = await call('call_read_api', { api: 'listZones', args: { ['z'.repeat(MiB)]: 1 } });
    expect(textOf(viaParam)).toContain(`parameter name too long (${MiB} chars, at most 256)`);
    expect(everything(viaParam).length).toBeLessThan(2_000);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('4,000 unknown 1,000-character names: a short reply that says how many more, and the connection stays', async () => {
    const args = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`${i}`.padStart(1000, 'q'), 1]));
    const started = Date.now();
    const result = await call('call_read_api', { api: 'listZones', args });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.isError).toBe(true);
    const all = everything(result);
    expect(all.length).toBeLessThan(20_000);
    expect(all).toContain('parameter name too long (1000 chars, at most 256)');
    expect(all).toContain('and 3980 more');
    expect(result.structuredContent!.error.problems.length).toBeLessThanOrEqual(21);
    // Near the limit (200 characters each) they are still looked up, but only the reported ones.
    const near = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`${i}`.padStart(200, 'n'), 1]));
    const second = await call('call_read_api', { api: 'listZones', args: near });
    expect(everything(second).length).toBeLessThan(20_000);
    expect(everything(second)).toContain('and 3980 more');
    expect((await call('search_apis', { query: 'zone' })).isError).toBeFalsy();
  });

  it('a long search query is refused before any work, with the limit', async () => {
    const result = await call('search_apis', { query: 'vm '.repeat(300_000) });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/query too long \(900000 chars, at most \d+\)/);
  });

  it('a tool call over 10 MiB gets an error, and the client goes on', async () => {
    const error = await call('search_apis', { query: 'x'.repeat(CAP) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32600);
    expect((error as McpError).message).toMatch(/too large/i);
    expect((await call('search_apis', { query: 'zone' })).isError).toBeFalsy();
    expect(server.stderr()).toMatch(/message of \d+ bytes/);
  }, 30_000);
});

describe('arguments the server used to misread', () => {
  let server: ConnectedServer;
  beforeAll(async () => {
    server = await connectToServer(['--simulator', '--tools', 'all']);
  });
  afterAll(async () => server.close());
  const call = (name: string, args: Record<string, unknown>) => server.client.callTool({ name, arguments: args }) as Promise<Result>;

  it('api: ["listZones"] is refused, not coerced to a string', async () => {
    const result = await call('call_read_api', { api: ['listZones'] });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('"api" must be a string');
    const named = await call('describe_api', { name: ['listZones'] });
    expect(named.isError).toBe(true);
    expect(textOf(named)).toContain('"name" must be a string');
  });

  it('arguments a meta-tool does not take are refused, with where they belong', async () => {
    const result = await call('call_read_api', { api: 'listZones', zoneid: 'x' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('unknown argument "zoneid"');
    expect(textOf(result)).toContain('inside args');
  });

  it('tags: {env: "prod"} is accepted as the key/value shorthand, and runs', async () => {
    const zones = await call('list_zones', {});
    const zoneid = zones.structuredContent!.zone[0].id;
    const result = await call('create_tags', { resourceids: zoneid, resourcetype: 'Zone', tags: { env: 'prod' } });
    expect(textOf(result)).not.toContain('Invalid arguments');
  });

  it('errors inside a map parameter name the parameter and the item, not an unknown top-level parameter', async () => {
    const result = await call('create_tags', { resourceids: 'x', resourcetype: 'Zone', tags: [{ key: 'env', colour: 'red' }] });
    expect(result.isError).toBe(true);
    const message = textOf(result);
    expect(message).not.toContain('unknown parameter "colour"');
    expect(message).toContain('parameter "tags" item 0 has an unknown field "colour"');
    const nested = await call('create_tags', { resourceids: 'x', resourcetype: 'Zone', tags: { env: { nested: true } } });
    expect(textOf(nested)).toContain('parameter "tags" entry "env" must be a string, number or boolean');
  });

  it('a tool name in the wrong case on --tools all names the listed tool', async () => {
    const error = await call('LIST_ZONES', {}).then(
      () => undefined,
      (e: unknown) => e as McpError,
    );
    expect(error).toBeInstanceOf(McpError);
    expect(error!.message).not.toContain('not listed');
    expect(error!.message).toContain('did you mean list_zones');
    const long = await call('t'.repeat(MiB), {}).then(
      () => undefined,
      (e: unknown) => e as McpError,
    );
    expect(long!.message).toContain(`name too long (${MiB} chars, at most 256)`);
    expect(long!.message.length).toBeLessThan(500);
  });
});
