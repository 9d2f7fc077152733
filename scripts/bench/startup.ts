/**
 * Start-up to the first tools/list answer and idle RSS, per surface: the real server cold (an empty
 * catalog cache: per-API surfaces wait for the live listApis, started early), warm (the cache a previous start
 * wrote) and the floor server serving the same tools. Runs are interleaved (run 1 of every variant,
 * then run 2, ...) so that a slow phase of the machine hits every variant alike.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnMcp, type McpProcess } from './mcp-process.ts';
import { BIN, FLOOR_SERVER } from './paths.ts';
import { rssKiB } from './proc.ts';
import { ratio, sleep, summarize, timed, type RunSummary } from './stats.ts';
import type { Surface } from './surfaces.ts';

export interface StartupSample {
  startupMs: number;
  idleRssKiB: number;
}

export interface StartupMeasure {
  startupMs: RunSummary;
  idleRssKiB: RunSummary;
}

export interface SurfaceStartup {
  cold: StartupMeasure;
  warm: StartupMeasure;
  floor: StartupMeasure;
  /** server / floor, from the medians. */
  ratios: { startupCold: number; startupWarm: number; idleRssCold: number; idleRssWarm: number };
}

export interface StartupOptions {
  runs: number;
  idleMs: number;
  /** Environment of the real server (URL, keys); the cache directory is set per variant. */
  serverEnv: Record<string, string>;
  /** A cache directory that already holds this endpoint's and key's catalog. */
  warmCacheDir: string;
  /** Per surface: the tools/list JSON file the floor serves. */
  floorToolsFile: (surface: Surface) => string;
}

/** Starts, waits for the first tools/list, idles, reads RSS, closes. */
async function sample(start: () => Promise<McpProcess>, idleMs: number): Promise<StartupSample> {
  const server = await start();
  try {
    // Idle: what the process holds once start-up work (and a background listApis) has settled.
    await sleep(idleMs);
    return { startupMs: server.startupMs, idleRssKiB: rssKiB(server.pid) };
  } finally {
    await server.close();
  }
}

const measure = (samples: StartupSample[]): StartupMeasure => ({
  startupMs: summarize(samples.map((s) => s.startupMs)),
  idleRssKiB: summarize(
    samples.map((s) => s.idleRssKiB),
    0,
  ),
});

export async function measureStartup(surfaces: Surface[], options: StartupOptions): Promise<Record<string, SurfaceStartup>> {
  if (!readdirSync(options.warmCacheDir).some((name) => name.startsWith('catalog-'))) {
    throw new Error(`${options.warmCacheDir} holds no catalog: warm starts would be cold`);
  }
  type Variant = 'cold' | 'warm' | 'floor';
  const samples = new Map<string, StartupSample[]>();
  const record = (surface: Surface, variant: Variant, value: StartupSample) => {
    const key = `${surface.key}/${variant}`;
    samples.set(key, [...(samples.get(key) ?? []), value]);
  };
  const real = (surface: Surface, cacheDir: string) => () =>
    spawnMcp({
      args: [BIN, ...surface.flags],
      env: { ...options.serverEnv, CLOUDSTACK_MCP_CACHE_DIR: cacheDir },
      label: `cloudstack-mcp ${surface.label}`,
    });

  for (let run = 0; run < options.runs; run++) {
    for (const surface of surfaces) {
      const fresh = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-bench-cold-'));
      try {
        record(surface, 'cold', await sample(real(surface, fresh), options.idleMs));
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
      record(surface, 'warm', await sample(real(surface, options.warmCacheDir), options.idleMs));
      const floor = () => spawnMcp({ args: [FLOOR_SERVER, options.floorToolsFile(surface)], label: `floor ${surface.label}` });
      record(surface, 'floor', await sample(floor, options.idleMs));
    }
  }

  const results: Record<string, SurfaceStartup> = {};
  for (const surface of surfaces) {
    const [cold, warm, floor] = (['cold', 'warm', 'floor'] as const).map((variant) => measure(samples.get(`${surface.key}/${variant}`) ?? []));
    results[surface.key] = {
      cold,
      warm,
      floor,
      ratios: {
        startupCold: ratio(cold.startupMs.median, floor.startupMs.median),
        startupWarm: ratio(warm.startupMs.median, floor.startupMs.median),
        idleRssCold: ratio(cold.idleRssKiB.median, floor.idleRssKiB.median),
        idleRssWarm: ratio(warm.idleRssKiB.median, floor.idleRssKiB.median),
      },
    };
  }
  return results;
}

/** Wall time of a process that starts, prints and exits. */
async function runToExit(args: string[]): Promise<number> {
  const [, ms] = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.resume();
        child.stderr.resume();
        child.once('error', reject);
        child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} exited with ${code}`))));
      }),
  );
  return ms;
}

export interface HelpTiming {
  /** `node bin/cloudstack-mcp.js --help`. */
  helpMs: RunSummary;
  /** `node -e 0`: Node's own start and exit, the floor of any CLI. */
  nodeBareMs: RunSummary;
  ratio: number;
}

export async function measureHelp(runs: number): Promise<HelpTiming> {
  const help: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < runs; run++) {
    help.push(await runToExit([BIN, '--help']));
    bare.push(await runToExit(['-e', '0']));
  }
  const helpMs = summarize(help);
  const nodeBareMs = summarize(bare);
  return { helpMs, nodeBareMs, ratio: ratio(helpMs.median, nodeBareMs.median) };
}
