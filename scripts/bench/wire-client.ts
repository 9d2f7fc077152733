/**
 * A bare JSON-RPC client on a server's stdio, for what the SDK Client would hide: the time from a
 * request's line written to its answer's last byte read, i.e. the server's work and the pipe, with
 * none of the client's parsing and validation (for a megabyte of tools/list, the SDK Client's own
 * zod pass takes longer than the server's answer). Each answer is still parsed, after its time is
 * taken, to check that it answers the request.
 */
import { spawn } from 'node:child_process';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

export interface WireClient {
  /** Sends one request and waits for its answer; resolves with the milliseconds to its last byte. */
  timedRequest(method: string, params?: Record<string, unknown>): Promise<number>;
  close(): Promise<void>;
}

export async function startWireClient(options: { args: string[]; env?: Record<string, string>; label: string }): Promise<WireClient> {
  const child = spawn(process.execPath, options.args, { env: { ...getDefaultEnvironment(), ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  // An exit while a request waits fails that request (with what the process said) instead of hanging.
  let failPending: ((error: Error) => void) | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      failPending?.(new Error(`${options.label} exited (${code}):\n${log}`));
      resolve();
    }),
  );
  let pieces: Buffer[] = [];
  let answered: ((line: string, at: number) => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    let rest = chunk;
    for (let newline = rest.indexOf(10); newline !== -1; newline = rest.indexOf(10)) {
      const at = performance.now();
      pieces.push(rest.subarray(0, newline));
      const line = Buffer.concat(pieces).toString('utf8');
      pieces = [];
      rest = rest.subarray(newline + 1);
      answered?.(line, at);
    }
    if (rest.length > 0) pieces.push(rest);
  });
  let nextId = 0;
  const request = (method: string, params: Record<string, unknown>) =>
    new Promise<{ message: { id?: unknown; error?: unknown }; ms: number }>((resolve, reject) => {
      const id = ++nextId;
      const sentAt = performance.now();
      failPending = reject;
      answered = (line, at) => {
        const message = JSON.parse(line) as { id?: unknown; error?: unknown };
        // Notifications (list_changed at start-up) pass by; the answer is the line with our id.
        if (message.id !== id) return;
        answered = undefined;
        failPending = undefined;
        if (message.error) reject(new Error(`${options.label}: ${method} failed: ${JSON.stringify(message.error)}`));
        else resolve({ message, ms: at - sentAt });
      };
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  await request('initialize', { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'cloudstack-mcp-bench-wire', version: '1.0.0' } });
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  return {
    timedRequest: async (method, params = {}) => (await request(method, params)).ms,
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
