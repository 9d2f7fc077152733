/**
 * Runs fuzz cases (test/support/fuzz-cases.ts) against the real server binary over stdio, pointed at
 * an in-process simulator so that every request the server sends is counted. For each case: the
 * answer is the expected kind of error, names the problem, arrives within the bound, nothing reached
 * CloudStack, and no secret (nor its first 8 characters) appears in the answer or on stderr.
 */
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { connectToServer, type ConnectedServer } from './stdio-client.ts';
import type { FuzzCase, FuzzKind } from './fuzz-cases.ts';

/** The bound on every answer (issue 11): a bound, not a benchmark. */
export const ANSWER_WITHIN_MS = 1_000;
/** How long a call may take before it is given up on as a hang (the run goes on). */
const HANG_MS = 10_000;

export interface FuzzHarness {
  sim: RunningSimulator;
  server: ConnectedServer;
  /** Restarts the server (after a crash), against the same simulator. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A simulator and one server on it with every tool listed (`--tools all`: the 859 dedicated tools
 * and the meta-tools), settled: its start-up listApis has arrived before the first case, so the
 * simulator's request count moves only for what a case makes the server send.
 */
export async function startFuzzHarness(): Promise<FuzzHarness> {
  const sim = await startSimulator({ jobDelayMs: 1 });
  const { apiKey, secretKey } = sim.accounts.admin;
  const args = ['--url', sim.url, '--api-key', apiKey, '--secret-key', secretKey, '--tools', 'all', '--cache-ttl-s', '0'];
  const start = async (): Promise<ConnectedServer> => {
    const server = await connectToServer(args);
    await server.client.listTools();
    // A valid call waits for the start-up listApis (calls wait for it), then sends its own request.
    const zones = (await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones' } })) as CallToolResult;
    if (zones.isError) throw new Error(`fuzz harness: listZones failed: ${JSON.stringify(zones).slice(0, 500)}`);
    await settle(sim);
    return server;
  };
  const harness: FuzzHarness = {
    sim,
    server: await start(),
    async restart() {
      await harness.server.close().catch(() => undefined);
      harness.server = await start();
    },
    async close() {
      await harness.server.close().catch(() => undefined);
      await sim.close();
    },
  };
  return harness;
}

/** Until the simulator has had no request for a while (the server's start-up requests are in). */
async function settle(sim: RunningSimulator, quietMs = 300): Promise<void> {
  let seen = sim.requests.length;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    if (sim.requests.length === seen) return;
    seen = sim.requests.length;
  }
}

export interface CaseOutcome {
  case: FuzzCase;
  /** The answer was the expected kind of error (isError, or a JSON-RPC error). */
  refused: boolean;
  /** It named the problem (one of the case's `names` appears in it). */
  named: boolean;
  ms: number;
  /** Requests the simulator received during the case (what validation should have stopped). */
  sent: string[];
  /** Secrets (or their 8-character prefixes) found in the answer or on stderr. */
  leaks: string[];
  /** The server crashed or the call hung. */
  broken?: string;
  /** What the answer said (cut), for reports. */
  answer: string;
  failures: string[];
}

/** Runs one case; never throws for what the server does (a crash or hang is an outcome). */
export async function runCase(harness: FuzzHarness, c: FuzzCase): Promise<CaseOutcome> {
  const { sim, server } = harness;
  const before = sim.requests.length;
  const stderrBefore = server.stderr().length;
  let text = '';
  let everything = '';
  let refused = false;
  let broken: string | undefined;
  const started = performance.now();
  try {
    const result = (await server.client.callTool({ name: c.tool, arguments: c.arguments as Record<string, unknown> }, undefined, {
      timeout: HANG_MS,
    })) as CallToolResult;
    text = (result.content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    everything = `${text}\n${JSON.stringify(result.structuredContent ?? null)}\n${JSON.stringify(result)}`;
    refused = c.expect === 'tool-error' && result.isError === true;
  } catch (error) {
    if (error instanceof McpError && error.code === -32001) broken = `no answer within ${HANG_MS} ms`;
    else if (error instanceof McpError && error.code === -32000) broken = `connection closed: ${error.message}`;
    else if (!(error instanceof McpError)) broken = `client error: ${(error as Error).message}`;
    text = (error as Error).message;
    everything = `${text}\n${JSON.stringify((error as McpError).data ?? null)}`;
    refused = c.expect === 'rpc-error' && error instanceof McpError && error.code === -32602;
  }
  const ms = performance.now() - started;
  if (broken) await harness.restart();
  const sent = sim.requests.slice(before).map((r) => r.command ?? '?');
  // The server the case ran on (after a crash, the restarted one is another).
  const stderr = server.stderr().slice(stderrBefore);
  const leaks: string[] = [];
  const haystack = `${everything}\n${stderr}`;
  for (const secret of [...c.secrets, ...sim.knownSecrets]) {
    for (const piece of [secret, secret.slice(0, 8)]) {
      if (piece.length > 0 && haystack.includes(piece)) leaks.push(piece === secret ? `secret ${secret.slice(0, 3)}…` : `prefix of ${secret.slice(0, 3)}…`);
    }
  }
  const named = c.names.some((needle) => text.includes(needle));
  const failures: string[] = [];
  if (broken) failures.push(broken);
  if (!refused) failures.push(c.expect === 'rpc-error' ? 'not a JSON-RPC -32602 error' : 'not isError');
  if (!named) failures.push(`does not name it (${c.names.map((n) => JSON.stringify(n.slice(0, 50))).join(' or ')})`);
  if (ms >= ANSWER_WITHIN_MS) failures.push(`took ${Math.round(ms)} ms`);
  if (sent.length > 0) failures.push(`sent to CloudStack: ${sent.join(', ')}`);
  if (leaks.length > 0) failures.push(`leaked ${leaks.join(', ')}`);
  // The server's own bugs are logged as such (src/mcp/call.ts): none may come from bad input.
  const internal = /internal error|uncaught|unhandled|RangeError|TypeError/i.exec(stderr);
  if (internal) failures.push(`the server logged ${JSON.stringify(stderr.slice(internal.index, internal.index + 120))}`);
  return { case: c, refused, named, ms, sent, leaks, broken, answer: text.slice(0, 400), failures };
}

/** Per-kind counts, as `npm run fuzz` prints them. */
export interface KindCounts {
  cases: number;
  refused: number;
  named: number;
  within: number;
  sent: number;
  leaks: number;
  failed: number;
  knownDefect: number;
  /** The slowest answer, ms. */
  maxMs: number;
}

export class FuzzTally {
  readonly byKind = new Map<FuzzKind, KindCounts>();
  readonly failures: CaseOutcome[] = [];
  readonly known: CaseOutcome[] = [];
  readonly tools = new Set<string>();
  slowest = 0;

  add(outcome: CaseOutcome): void {
    const { kind, tool } = outcome.case;
    this.tools.add(tool);
    const k = this.byKind.get(kind) ?? { cases: 0, refused: 0, named: 0, within: 0, sent: 0, leaks: 0, failed: 0, knownDefect: 0, maxMs: 0 };
    k.cases++;
    if (outcome.refused) k.refused++;
    if (outcome.named) k.named++;
    if (outcome.ms < ANSWER_WITHIN_MS) k.within++;
    if (outcome.sent.length > 0) k.sent++;
    if (outcome.leaks.length > 0) k.leaks++;
    if (outcome.failures.length > 0) {
      if (outcome.case.knownDefect) {
        k.knownDefect++;
        this.known.push(outcome);
      } else {
        k.failed++;
        this.failures.push(outcome);
      }
    }
    k.maxMs = Math.max(k.maxMs, Math.round(outcome.ms));
    this.byKind.set(kind, k);
    this.slowest = Math.max(this.slowest, outcome.ms);
  }

  table(): string {
    const head = ['kind', 'cases', 'isError', 'named', '<1s', 'sent', 'leaks', 'failed', 'known', 'max ms'];
    const rows = [...this.byKind].map(([kind, k]) =>
      [kind, k.cases, k.refused, k.named, k.within, k.sent, k.leaks, k.failed, k.knownDefect, k.maxMs].map(String),
    );
    const total = (f: Exclude<keyof KindCounts, 'maxMs'>) => String([...this.byKind.values()].reduce((sum, k) => sum + k[f], 0));
    rows.push([
      'total', total('cases'), total('refused'), total('named'), total('within'), total('sent'), total('leaks'), total('failed'), total('knownDefect'),
      String(Math.round(this.slowest)),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
    return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
  }
}

/** One line about a failed case: tool, kind, label, arguments (cut) and what went wrong. */
export function describeOutcome(outcome: CaseOutcome): string {
  const c = outcome.case;
  let args: string;
  try {
    args = JSON.stringify(c.arguments);
  } catch {
    args = '(not serialisable)';
  }
  const cut = args.length > 160 ? `${args.slice(0, 160)}… (${args.length} chars)` : args;
  return `${c.tool} [${c.kind}] ${c.label}: ${outcome.failures.join('; ')}\n    arguments ${cut}\n    answer ${JSON.stringify(outcome.answer.slice(0, 200))}`;
}
