/**
 * RSS over many calls on one server: a leak (a cache keyed by request, listeners piling up,
 * recorded results) shows as growth that does not go away after idling. Sequential calls, like
 * one agent working through a long session. V8 grows its heap lazily up to a limit far above what
 * the server needs, so RSS growth alone does not tell garbage from a leak: the bench repeats the
 * run with a small old-space cap, and samples RSS along the way: a leak keeps growing in the second
 * half of the run (and would fail under the cap); garbage levels off once the heap is at its size.
 * The floor runs the same calls too: how much a server on this SDK grows by with no work of its own.
 */
import type { McpProcess } from './mcp-process.ts';
import { peakRssKiB, rssKiB } from './proc.ts';
import { round, sleep, timed } from './stats.ts';

export interface MemoryResult {
  /** Which server ran: cloudstack-mcp or the floor. */
  server: string;
  /** NODE_OPTIONS of the server ('' for none). */
  nodeOptions: string;
  calls: number;
  tool: string;
  /** After a warm-up and a short idle. */
  rssBeforeKiB: number;
  rssAfterKiB: number;
  /** After `idleMs` more: what stays. */
  rssAfterIdleKiB: number;
  idleMs: number;
  growthKiB: number;
  growthAfterIdleKiB: number;
  /** RSS at the start and after every `sampleEvery` calls. */
  sampleEvery: number;
  rssSamplesKiB: number[];
  /** Growth from the middle of the run to its end: near 0 unless something accumulates. */
  growthSecondHalfKiB: number;
  peakRssKiB: number;
  durationMs: number;
  callsPerSecond: number;
}

export async function measureMemory(
  server: McpProcess,
  options: {
    server: string;
    nodeOptions: string;
    calls: number;
    warmup: number;
    idleMs: number;
    call: () => Promise<unknown>;
    tool: string;
    between?: () => unknown;
  },
): Promise<MemoryResult> {
  for (let i = 0; i < options.warmup; i++) await options.call();
  await sleep(500);
  const sampleEvery = 1000;
  const before = rssKiB(server.pid);
  const samples = [before];
  let middle = before;
  const [, durationMs] = await timed(async () => {
    for (let i = 1; i <= options.calls; i++) {
      await options.call();
      if (i % sampleEvery === 0) {
        samples.push(rssKiB(server.pid));
        await options.between?.();
      }
      if (i === Math.floor(options.calls / 2)) middle = rssKiB(server.pid);
    }
  });
  const after = rssKiB(server.pid);
  await sleep(options.idleMs);
  const afterIdle = rssKiB(server.pid);
  return {
    server: options.server,
    nodeOptions: options.nodeOptions,
    calls: options.calls,
    tool: options.tool,
    rssBeforeKiB: before,
    rssAfterKiB: after,
    rssAfterIdleKiB: afterIdle,
    idleMs: options.idleMs,
    growthKiB: after - before,
    growthAfterIdleKiB: afterIdle - before,
    sampleEvery,
    rssSamplesKiB: samples,
    growthSecondHalfKiB: after - middle,
    peakRssKiB: peakRssKiB(server.pid),
    durationMs: round(durationMs, 0),
    callsPerSecond: round((options.calls / durationMs) * 1000, 0),
  };
}
