/**
 * The server's stdio transport: newline-delimited JSON-RPC on stdin and stdout, as the SDK's
 * StdioServerTransport, with the protocol's error answers where the SDK's has none:
 *
 * - a line that is not JSON is answered with -32700 (Parse error, id null);
 * - JSON that is not a JSON-RPC message with -32600 (Invalid Request), with its id when that is a
 *   valid one, and params that are not an object with -32602 (Invalid params);
 * - a message larger than `maxMessageBytes` (10 MiB, the SDK's own limit) is skipped to its end
 *   without being kept, answered with -32600 under the id found at its start or end, and logged;
 *   the SDK's transport instead closes (the server exits 0, silently) or, just over the limit,
 *   stops reading and never answers again;
 * - an answer that would exceed the limit (which the client's SDK would refuse, dropping the
 *   connection) is replaced by an error saying so.
 *
 * It reuses the SDK's serializeMessage and message schema; each problem is one line on the log.
 */
import type { Readable, Writable } from 'node:stream';
import { serializeMessage, STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { clip, quote } from './echo.ts';
import { unchangingJson } from './unchanging-answer.ts';

export interface StdioTransportOptions {
  stdin?: Readable;
  stdout?: Writable;
  /** The largest message read or written, in bytes (without its newline). */
  maxMessageBytes?: number;
  /** One line per protocol problem (stderr). */
  log?: (line: string) => void;
}

/** The longest string id answered with as it is (ids are echoed in every answer). */
export const MAX_ID_LENGTH = 256;
/** How much of an oversized message is kept to find its id: its first and last bytes. */
const EDGE_BYTES = 1024;

type Reply = { id: RequestId | null; code: number; message: string };

export class StdioLineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly max: number;
  private readonly log: (line: string) => void;
  private started = false;
  private closed = false;
  /** The line being read, in pieces (never more than `max` bytes). */
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  /** The line being skipped, once it is over the limit: its size and edges. */
  private skipping?: { bytes: number; head: Buffer; tail: Buffer };

  constructor(options: StdioTransportOptions = {}) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    this.max = options.maxMessageBytes ?? STDIO_DEFAULT_MAX_BUFFER_SIZE;
    this.log = options.log ?? (() => undefined);
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('StdioLineTransport already started (Server.connect() starts it)');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
    this.stdout.on('error', this.onStreamError);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    this.stdout.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.pieces = [];
    this.pieceBytes = 0;
    this.skipping = undefined;
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    let json = serialize(message);
    // Cheap test first: a string of n UTF-16 units is at most 3n bytes.
    if (json.length * 3 > this.max && Buffer.byteLength(json) - 1 > this.max) {
      const bytes = Buffer.byteLength(json) - 1;
      const id = 'id' in message ? message.id : undefined;
      if (id === undefined || !('result' in message || 'error' in message)) {
        this.log(`not sent: a ${'method' in message ? message.method : 'message'} of ${bytes} bytes, over the ${describeSize(this.max)} a message may carry`);
        return Promise.resolve();
      }
      this.log(`answer to request ${clip(JSON.stringify(id), 64)} is ${bytes} bytes, over the ${describeSize(this.max)} a message may carry; sent an error instead`);
      json = serializeMessage({
        jsonrpc: '2.0',
        id: id as RequestId,
        error: {
          code: ErrorCode.InternalError,
          message: `The answer is ${bytes} bytes, more than the ${this.max} bytes (${describeSize(this.max)}) a message may carry; ask for less (filter, a smaller pagesize)`,
        },
      });
    }
    return new Promise((resolve) => {
      if (this.stdout.write(json)) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  private readonly onStreamError = (error: Error) => {
    this.onerror?.(error);
  };

  private readonly onData = (chunk: Buffer | string) => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    while (start <= data.length && !this.closed) {
      const newline = data.indexOf(10, start);
      if (newline === -1) {
        this.take(data.subarray(start));
        return;
      }
      this.take(data.subarray(start, newline));
      this.endOfLine();
      start = newline + 1;
    }
  };

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    const skipping = this.skipping;
    if (skipping) {
      skipping.bytes += piece.length;
      skipping.tail = lastBytes([skipping.tail, piece], EDGE_BYTES);
      return;
    }
    if (this.pieceBytes + piece.length <= this.max) {
      this.pieces.push(piece);
      this.pieceBytes += piece.length;
      return;
    }
    const parts = [...this.pieces, piece];
    this.skipping = { bytes: this.pieceBytes + piece.length, head: firstBytes(parts, EDGE_BYTES), tail: lastBytes(parts, EDGE_BYTES) };
    this.pieces = [];
    this.pieceBytes = 0;
    this.log(`a message on stdin is over the ${describeSize(this.max)} limit: skipping it to its end, without keeping it`);
  }

  private endOfLine(): void {
    const skipping = this.skipping;
    if (skipping) {
      this.skipping = undefined;
      this.oversized(skipping);
      return;
    }
    if (this.pieceBytes === 0) return;
    const line = (this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces, this.pieceBytes)).toString('utf8');
    this.pieces = [];
    this.pieceBytes = 0;
    this.line(line);
  }

  private line(line: string): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      this.reply({ id: null, code: ErrorCode.ParseError, message: `Parse error: the line is not JSON (${clip((error as Error).message, 120)})` });
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (parsed.success) {
      const id = 'id' in parsed.data ? parsed.data.id : undefined;
      if (typeof id === 'string' && id.length > MAX_ID_LENGTH) {
        if ('method' in parsed.data) this.reply({ id: null, code: ErrorCode.InvalidRequest, message: `Invalid Request: id too long (${id.length} chars, at most ${MAX_ID_LENGTH})` });
        else this.log(`ignored a response with an id of ${id.length} chars`);
        return;
      }
      try {
        this.onmessage?.(parsed.data as JSONRPCMessage);
      } catch (error) {
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      }
      return;
    }
    const reply = invalidMessage(value);
    if (reply) this.reply(reply);
    else this.log('ignored an invalid notification or response');
  }

  private oversized({ bytes, head, tail }: { bytes: number; head: Buffer; tail: Buffer }): void {
    const start = head.toString('utf8');
    const end = tail.toString('utf8');
    const method = /"method"\s*:\s*"([^"\\]{1,64})"/.exec(start)?.[1];
    const id = idAt(start, end);
    const what = `a message of ${bytes} bytes${method ? ` (${method}${id !== null ? ` request ${JSON.stringify(id)}` : ''})` : ''}`;
    // An answer of the client's (to an elicitation) is not a request: nothing to reply to.
    if (!method && /^\s*\{\s*"(result|error)"/.test(start)) {
      this.log(`${what} on stdin is over the ${describeSize(this.max)} limit: skipped, not answered (it is a response)`);
      return;
    }
    this.log(`${what} on stdin is over the ${describeSize(this.max)} limit: skipped, answered with error ${ErrorCode.InvalidRequest}`);
    this.reply({
      id,
      code: ErrorCode.InvalidRequest,
      message: `Message too large: ${bytes} bytes, more than the ${this.max} bytes (${describeSize(this.max)}) a message may carry; it was not read. Send smaller arguments.`,
    });
  }

  private reply(reply: Reply): void {
    if (reply.code !== ErrorCode.InvalidRequest || !reply.message.startsWith('Message too large')) {
      this.log(`answered ${reply.id === null ? 'a message' : `request ${clip(JSON.stringify(reply.id), 64)}`} with error ${reply.code}: ${clip(reply.message, 200)}`);
    }
    void this.send({ jsonrpc: '2.0', id: reply.id as RequestId, error: { code: reply.code, message: reply.message } });
  }
}

/**
 * The answer to JSON that is not a JSON-RPC message, or undefined for what is not answered (an
 * invalid notification: it has no id; an invalid response: responses are not answered).
 */
function invalidMessage(value: unknown): Reply | undefined {
  const invalid = (message: string, id: RequestId | null = null): Reply => ({ id, code: ErrorCode.InvalidRequest, message: `Invalid Request: ${message}` });
  if (Array.isArray(value)) return invalid('batches are not supported (MCP sends one message per line)');
  if (value === null || typeof value !== 'object') return invalid(`a message is a JSON object, got ${value === null ? 'null' : typeof value}`);
  const record = value as Record<string, unknown>;
  const hasId = Object.hasOwn(record, 'id');
  const id = validId(record.id) ? (record.id as RequestId) : null;
  const isRequestLike = Object.hasOwn(record, 'method');
  if (!isRequestLike && (Object.hasOwn(record, 'result') || Object.hasOwn(record, 'error'))) return undefined;
  if (!isRequestLike) return invalid('no "method" (nor "result" or "error")', id);
  if (!hasId && record.jsonrpc === '2.0') return undefined; // a notification: never answered
  if (hasId && id === null) {
    return invalid(typeof record.id === 'string' ? `id too long (${(record.id as string).length} chars, at most ${MAX_ID_LENGTH})` : 'id must be a string or an integer');
  }
  if (record.jsonrpc !== '2.0') return invalid('"jsonrpc" must be "2.0"', id);
  if (typeof record.method !== 'string') return invalid('"method" must be a string', id);
  if (record.params !== undefined && (record.params === null || typeof record.params !== 'object' || Array.isArray(record.params))) {
    return { id, code: ErrorCode.InvalidParams, message: `Invalid params: params must be an object (by name), got ${Array.isArray(record.params) ? 'an array' : record.params === null ? 'null' : typeof record.params}` };
  }
  const extra = Object.keys(record).filter((k) => !['jsonrpc', 'id', 'method', 'params'].includes(k));
  if (extra.length > 0) return invalid(`unexpected member ${quote(extra[0], 40)}${extra.length > 1 ? ` and ${extra.length - 1} more` : ''}`, id);
  return { id, code: ErrorCode.InvalidParams, message: 'Invalid params: params._meta is not valid' };
}

function validId(id: unknown): boolean {
  return (typeof id === 'string' && id.length <= MAX_ID_LENGTH) || (typeof id === 'number' && Number.isSafeInteger(id));
}

/**
 * The id of an oversized message, from its first or last bytes: `{"jsonrpc":"2.0","id":…` (most
 * clients) or `…,"id":…}` at the very end (the SDK's Client writes the id last). A nested `"id"`
 * cannot end the message, and one inside a string has its quotes escaped.
 */
function idAt(start: string, end: string): RequestId | null {
  const idValue = String.raw`(-?\d{1,15}|"(?:[^"\\]|\\.){0,${MAX_ID_LENGTH}}")`;
  const first = new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${idValue}\s*[,}]`).exec(start);
  const last = new RegExp(String.raw`[,{]\s*"id"\s*:\s*${idValue}\s*\}\s*$`).exec(end);
  const found = first?.[1] ?? last?.[1];
  if (found === undefined) return null;
  try {
    const id = JSON.parse(found) as RequestId;
    return validId(id) ? id : null;
  } catch {
    return null;
  }
}

function firstBytes(parts: Buffer[], n: number): Buffer {
  const out: Buffer[] = [];
  let have = 0;
  for (const part of parts) {
    if (have >= n) break;
    const take = part.subarray(0, n - have);
    out.push(take);
    have += take.length;
  }
  return Buffer.from(Buffer.concat(out, have)); // a copy: the pieces are views on stdin's chunks
}

function lastBytes(parts: Buffer[], n: number): Buffer {
  const out: Buffer[] = [];
  let have = 0;
  for (let i = parts.length - 1; i >= 0 && have < n; i--) {
    const part = parts[i];
    const take = part.subarray(Math.max(0, part.length - (n - have)));
    out.unshift(take);
    have += take.length;
  }
  return Buffer.from(Buffer.concat(out, have));
}

function describeSize(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/** serializeMessage, with the remembered text of an unchanging answer (unchanging-answer.ts) spliced in. */
function serialize(message: JSONRPCMessage): string {
  if ('result' in message && message.jsonrpc === '2.0' && Object.keys(message).length === 3) {
    const result = unchangingJson(message.result);
    if (result !== undefined) return `{"result":${result},"jsonrpc":"2.0","id":${JSON.stringify(message.id)}}\n`;
  }
  return serializeMessage(message);
}
