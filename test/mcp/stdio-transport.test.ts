/**
 * The stdio transport on in-memory streams: messages split and joined across chunks, every
 * malformed line answered as JSON-RPC requires, oversized messages skipped with bounded memory and
 * answered under their id, answers too large for the client replaced by an error, and an
 * unchanging answer sent as the same JSON every time, under each request's own id.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { StdioLineTransport } from '../../src/mcp/stdio-transport.ts';
import { markUnchanging } from '../../src/mcp/unchanging-answer.ts';

function harness(maxMessageBytes = 1024) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const received: JSONRPCMessage[] = [];
  const log: string[] = [];
  let output = '';
  stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const transport = new StdioLineTransport({ stdin, stdout, maxMessageBytes, log: (line) => log.push(line) });
  transport.onmessage = (message) => received.push(message);
  const sent = () =>
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return { stdin, transport, received, log, sent, flush };
}

const ping = (id: unknown) => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });

describe('StdioLineTransport', () => {
  it('reads messages split across chunks and several in one chunk, with CRLF and blank lines', async () => {
    const h = harness();
    await h.transport.start();
    const text = `${ping(1)}\r\n\n${ping(2)}\n${ping(3)}\n`;
    for (let i = 0; i < text.length; i += 7) h.stdin.write(Buffer.from(text.slice(i, i + 7)));
    await h.flush();
    expect(h.received.map((m) => (m as { id: number }).id)).toEqual([1, 2, 3]);
    expect(h.sent()).toEqual([]);
  });

  it('a multi-byte character split between chunks stays whole', async () => {
    const h = harness();
    await h.transport.start();
    const bytes = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 'é€😀', method: 'ping' }) + '\n');
    const cut = bytes.indexOf(Buffer.from('€')) + 1;
    h.stdin.write(bytes.subarray(0, cut));
    h.stdin.write(bytes.subarray(cut));
    await h.flush();
    expect(h.received).toEqual([{ jsonrpc: '2.0', id: 'é€😀', method: 'ping' }]);
  });

  it.each([
    ['not JSON', '{"jsonrpc":', null, -32700],
    ['a batch', `[${ping(1)}]`, null, -32600],
    ['a string', '"ping"', null, -32600],
    ['an id that is a fraction', '{"jsonrpc":"2.0","id":1.5,"method":"ping"}', null, -32600],
    ['an id that is null', '{"jsonrpc":"2.0","id":null,"method":"ping"}', null, -32600],
    ['JSON-RPC 1.0', '{"jsonrpc":"1.0","id":7,"method":"ping"}', 7, -32600],
    ['no method', '{"jsonrpc":"2.0","id":"a"}', 'a', -32600],
    ['a method that is a number', '{"jsonrpc":"2.0","id":8,"method":5}', 8, -32600],
    ['an extra member', '{"jsonrpc":"2.0","id":9,"method":"ping","extra":1}', 9, -32600],
    ['params that are an array', '{"jsonrpc":"2.0","id":10,"method":"tools/list","params":[]}', 10, -32602],
  ])('%s is answered with its error', async (_, line, id, code) => {
    const h = harness();
    await h.transport.start();
    h.stdin.write(`${line}\n${ping('after')}\n`);
    await h.flush();
    expect(h.sent()).toEqual([{ jsonrpc: '2.0', id, error: { code, message: expect.any(String) } }]);
    expect(h.received).toEqual([{ jsonrpc: '2.0', id: 'after', method: 'ping' }]);
    expect(h.log.join('\n')).toContain(`error ${code}`);
  });

  it('invalid notifications and responses are not answered', async () => {
    const h = harness();
    await h.transport.start();
    h.stdin.write('{"jsonrpc":"2.0","method":"notifications/x","params":5}\n{"jsonrpc":"2.0","id":1,"result":5}\n');
    await h.flush();
    expect(h.sent()).toEqual([]);
    expect(h.received).toEqual([]);
  });

  it('a message over the limit is skipped to its end, answered under the id at its end, and reading goes on', async () => {
    const h = harness(1024);
    await h.transport.start();
    const big = `{"method":"tools/call","params":{"name":"x","arguments":{"q":"${'a'.repeat(5000)}","id":"nested"}},"jsonrpc":"2.0","id":42}`;
    for (let i = 0; i < big.length; i += 100) h.stdin.write(big.slice(i, i + 100));
    h.stdin.write(`\n${ping('after')}\n`);
    await h.flush();
    expect(h.sent()).toEqual([{ jsonrpc: '2.0', id: 42, error: { code: -32600, message: expect.stringContaining('Message too large') } }]);
    expect(h.sent()[0].error.message).toContain(`${big.length} bytes`);
    expect(h.received).toEqual([{ jsonrpc: '2.0', id: 'after', method: 'ping' }]);
    expect(h.log.join('\n')).toMatch(new RegExp(`a message of ${big.length} bytes \\(tools/call request 42\\) on stdin is over the 1 KiB limit`));
  });

  it.each([
    ['the id first', `{"jsonrpc":"2.0","id":"first","method":"ping","params":{"x":"${'b'.repeat(3000)}"}}`, 'first'],
    ['an id only nested', `{"jsonrpc":"2.0","method":"ping","params":{"x":"${'b'.repeat(3000)}","y":{"id":5}}}`, null],
    ['an id inside a string', `{"jsonrpc":"2.0","method":"ping","params":{"x":"${'b'.repeat(3000)},\\"id\\":5}"}}`, null],
    ['no id at all', `{"jsonrpc":"2.0","method":"ping","params":{"x":"${'b'.repeat(3000)}"}}`, null],
  ])('an oversized message with %s', async (_, line, id) => {
    const h = harness(1024);
    await h.transport.start();
    h.stdin.write(line + '\n');
    await h.flush();
    expect(h.sent()).toEqual([{ jsonrpc: '2.0', id, error: { code: -32600, message: expect.stringContaining('Message too large') } }]);
  });

  it('an oversized response of the client is skipped without an answer', async () => {
    const h = harness(1024);
    await h.transport.start();
    h.stdin.write(`{"result":{"content":"${'c'.repeat(3000)}"},"jsonrpc":"2.0","id":3}\n${ping(4)}\n`);
    await h.flush();
    expect(h.sent()).toEqual([]);
    expect(h.received).toEqual([{ jsonrpc: '2.0', id: 4, method: 'ping' }]);
    expect(h.log.join('\n')).toContain('not answered');
  });

  it('exactly the limit is a message; one byte more is not', async () => {
    const h = harness(1024);
    await h.transport.start();
    const prefix = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"';
    const fill = (n: number) => 'd'.repeat(n - prefix.length - 3);
    h.stdin.write(`${prefix}${fill(1024)}"}}\n`);
    h.stdin.write(`${prefix.replace('"id":1', '"id":2')}${fill(1025)}"}}\n`);
    await h.flush();
    expect(h.received.map((m) => (m as { id: number }).id)).toEqual([1]);
    expect(h.sent().map((m) => [m.id, m.error.code])).toEqual([[2, -32600]]);
  });

  it('an endless line keeps no more than its edges', async () => {
    const h = harness(1024);
    await h.transport.start();
    const before = process.memoryUsage().arrayBuffers;
    const chunk = Buffer.alloc(1024 * 1024, 'e');
    for (let i = 0; i < 64; i++) h.stdin.write(chunk);
    await h.flush();
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    h.stdin.write(`\n${ping(5)}\n`);
    await h.flush();
    expect(h.received).toEqual([{ jsonrpc: '2.0', id: 5, method: 'ping' }]);
    expect(h.sent()[0].error.message).toContain(`${64 * 1024 * 1024} bytes`);
  });

  it('string ids over 256 characters are refused, not echoed', async () => {
    const h = harness(1024 * 1024);
    await h.transport.start();
    h.stdin.write(ping('i'.repeat(300)) + '\n');
    await h.flush();
    expect(h.received).toEqual([]);
    expect(h.sent()).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: id too long (300 chars, at most 256)' } }]);
  });

  it('an answer over the limit becomes an error the client can read', async () => {
    const h = harness(1024);
    await h.transport.start();
    await h.transport.send({ jsonrpc: '2.0', id: 6, result: { text: 'f'.repeat(5000) } });
    await h.transport.send({ jsonrpc: '2.0', id: 7, result: {} });
    await h.flush();
    expect(h.sent()).toEqual([
      { jsonrpc: '2.0', id: 6, error: { code: -32603, message: expect.stringMatching(/^The answer is \d+ bytes, more than the 1024 bytes/) } },
      { jsonrpc: '2.0', id: 7, result: {} },
    ]);
  });

  it('close stops reading and says so once', async () => {
    const h = harness();
    let closes = 0;
    h.transport.onclose = () => closes++;
    await h.transport.start();
    await h.transport.close();
    await h.transport.close();
    h.stdin.write(`${ping(1)}\n`);
    await h.flush();
    expect(h.received).toEqual([]);
    expect(closes).toBe(1);
  });

  it('an unchanging answer is sent as the JSON it is, under each request\'s id, and is frozen', async () => {
    const h = harness(1 << 20);
    await h.transport.start();
    const answer = markUnchanging({ tools: [{ name: 'a', description: 'é "quoted"\n', inputSchema: { type: 'object' } }] });
    await h.transport.send({ jsonrpc: '2.0', id: 1, result: answer });
    await h.transport.send({ jsonrpc: '2.0', id: 'two', result: answer });
    // A message that is more than an answer is serialised as it is.
    await h.transport.send({ jsonrpc: '2.0', id: 3, result: answer, extra: true } as JSONRPCMessage);
    await h.flush();
    expect(h.sent()).toEqual([
      { jsonrpc: '2.0', id: 1, result: answer },
      { jsonrpc: '2.0', id: 'two', result: answer },
      { jsonrpc: '2.0', id: 3, result: answer, extra: true },
    ]);
    expect(() => Object.assign(answer, { tools: [] })).toThrow(TypeError);
  });

  it('an unchanging answer over the limit still becomes an error', async () => {
    const h = harness();
    await h.transport.start();
    await h.transport.send({ jsonrpc: '2.0', id: 9, result: markUnchanging({ text: 'x'.repeat(2000) }) });
    await h.flush();
    expect(h.sent()).toEqual([{ jsonrpc: '2.0', id: 9, error: { code: -32603, message: expect.stringMatching(/^The answer is \d+ bytes/) } }]);
  });
});
