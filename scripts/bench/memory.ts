/**
 * RSS over many calls on one server: a leak (a cache keyed by request, listeners piling up,
 * recorded results) shows as growth that does not go away after idling. Sequential calls, like
 * one agent working through a long session.
 */
import type { McpProcess } from './mcp-process.ts';
import { peakRssKiB, rssKiB } from './proc.ts';
import { round, sleep, timed } from './stats.ts';

export interface MemoryResult {
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
  peakRssKiB: number;
  durationMs: number;
  callsPerSecond: number;
}

export async function measureMemory(
  server: McpProcess,
  options: { calls: number; warmup: number; idleMs: number; call: () => Promise<unknown>; tool: string; between?: () => void },
): Promise<MemoryResult> {
  for (let i = 0; i < options.warmup; i++) await options.call();
  await sleep(500);
  const before = rssKiB(server.pid);
  const [, durationMs] = await timed(async () => {
    for (let i = 0; i < options.calls; i++) {
      await options.call();
      if (i % 1000 === 999) options.between?.();
    }
  });
  const after = rssKiB(server.pid);
  await sleep(options.idleMs);
  const afterIdle = rssKiB(server.pid);
  return {
    calls: options.calls,
    tool: options.tool,
    rssBeforeKiB: before,
    rssAfterKiB: after,
    rssAfterIdleKiB: afterIdle,
    idleMs: options.idleMs,
    growthKiB: after - before,
    growthAfterIdleKiB: afterIdle - before,
    peakRssKiB: peakRssKiB(server.pid),
    durationMs: round(durationMs, 0),
    callsPerSecond: round((options.calls / durationMs) * 1000, 0),
  };
}
