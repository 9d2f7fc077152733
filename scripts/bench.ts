/**
 * `npm run bench`: speed, memory and size of cloudstack-mcp, each measured side by side with a
 * baseline built in the same run (a bare server on the same SDK serving the same tools; the same
 * CloudStack request made directly). Writes bench/results.json and prints a Markdown report.
 * Nothing here asserts a timing: numbers are for reading and comparing across commits.
 *
 *   npm run bench                          measure, write bench/results.json, print the report
 *   npm run bench -- --write-readme        … and put the table in README.md between the bench markers
 *   npm run bench -- --from-results        no measuring: report (and --write-readme) from bench/results.json
 *   npm run bench -- --runs 3              fewer start-up runs (default 7)
 *
 * The helpers are in scripts/bench/, one concept a file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BundledModel } from '../src/model/bundled.ts';
import { deployArgs, directClient, measureCall, type CallCase, type CallResult } from './bench/calls.ts';
import { measureCodegen } from './bench/codegen.ts';
import { listSurfaces } from './bench/listing.ts';
import { spawnMcp } from './bench/mcp-process.ts';
import { measureMemory } from './bench/memory.ts';
import { BIN, FLOOR_SERVER, README_FILE, RESULTS_FILE, ROOT } from './bench/paths.ts';
import { renderReadmeTable } from './bench/readme-table.ts';
import { writeReadmeTable } from './bench/readme-write.ts';
import { renderReport } from './bench/report.ts';
import { RESULTS_SCHEMA, type BenchResults, type SurfaceResult } from './bench/results.ts';
import { startSeededSimulatorProcess, startSimulatorProcess } from './bench/simulator-process.ts';
import { measureHelp, measureStartup } from './bench/startup.ts';
import { SURFACES } from './bench/surfaces.ts';
import { measureToolDefinitions } from './bench/tool-size.ts';

const { values: flags } = parseArgs({
  options: {
    'write-readme': { type: 'boolean', default: false },
    'from-results': { type: 'boolean', default: false },
    runs: { type: 'string', default: '7' },
  },
  strict: true,
});

const SETTINGS = {
  startupRuns: Number(flags.runs),
  // Long enough for the background listApis (a worker process) to have finished: idle means at rest.
  idleMs: 3_000,
  secondListIterations: 20,
  readIterations: 500,
  // Enough for V8 to have optimised the server's hot paths: the p50 of a server in use, not of its first calls.
  readWarmup: 300,
  deployIterations: 50,
  deployWarmup: 5,
  // Jobs finish at once in the simulator; a short first poll (the same for the server and the
  // direct client) makes a deploy measure the work, not the default 500 ms sleep.
  jobPollMs: 10,
  memoryCalls: 10_000,
  cappedOldSpaceMiB: 64,
  startupSimulator: 'separate process (cloudstack-mcp simulate --job-delay-ms 0)',
  seededVms: 200,
  callsSimulator: 'separate process (scripts/bench/seeded-simulator.mjs, 200 seeded VMs)',
};
if (!Number.isInteger(SETTINGS.startupRuns) || SETTINGS.startupRuns < 1) throw new Error(`--runs needs a positive integer, got ${flags.runs}`);

// Progress goes to stderr: stdout is the report.
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

function environment(): BenchResults['environment'] {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const sdk = JSON.parse(readFileSync(join(ROOT, 'node_modules/@modelcontextprotocol/sdk/package.json'), 'utf8')) as { version: string };
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    mcpSdk: sdk.version,
    cloudstackVersion: BundledModel.open().index.cloudstackVersion,
    gitCommit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    gitDirty: git('status', '--porcelain') !== '',
  };
}

async function measure(): Promise<BenchResults> {
  const env = environment();
  const scratch = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-bench-'));
  try {
    progress('codegen');
    const codegen = await measureCodegen(3);

    progress('start-up: simulator in a process of its own');
    const simProcess = await startSimulatorProcess();
    let surfaces: Record<string, SurfaceResult>;
    let listing: Awaited<ReturnType<typeof listSurfaces>>;
    let help: BenchResults['help'];
    try {
      const admin = simProcess.accounts.admin;
      const serverEnv = { CLOUDSTACK_API_URL: simProcess.url, CLOUDSTACK_API_KEY: admin.apiKey, CLOUDSTACK_SECRET_KEY: admin.secretKey };
      const warmCacheDir = join(scratch, 'warm-cache');
      mkdirSync(warmCacheDir);
      progress('tools/list per surface (saved for the floor; primes the warm cache)');
      listing = await listSurfaces(SURFACES, {
        serverEnv: { ...serverEnv, CLOUDSTACK_MCP_CACHE_DIR: warmCacheDir },
        dir: scratch,
        repeatOn: 'all',
        iterations: SETTINGS.secondListIterations,
      });
      progress('--help');
      help = await measureHelp(SETTINGS.startupRuns);
      progress(`start-up and idle RSS, ${SETTINGS.startupRuns} runs × ${SURFACES.length} surfaces × (cold, warm, floor)`);
      const startup = await measureStartup(SURFACES, {
        runs: SETTINGS.startupRuns,
        idleMs: SETTINGS.idleMs,
        serverEnv,
        warmCacheDir,
        floorToolsFile: (surface) => listing.listings[surface.key].file,
      });
      surfaces = Object.fromEntries(
        SURFACES.map((surface) => {
          const listed = listing.listings[surface.key];
          return [
            surface.key,
            { label: surface.label, flags: surface.flags.join(' '), tools: listed.tools, toolsListBytes: listed.toolsListBytes, startup: startup[surface.key] },
          ];
        }),
      );
    } finally {
      await simProcess.stop();
    }

    progress('tool definition size');
    const toolDefinitions = measureToolDefinitions(listing.listings.all.list, listing.listings.all.toolsListBytes);

    progress('tools/call latency (simulator in a process of its own, 200 VMs)');
    const sim = await startSeededSimulatorProcess(SETTINGS.seededVms);
    let calls: BenchResults['calls'];
    let memory: BenchResults['memory'];
    let memoryCappedHeap: BenchResults['memoryCappedHeap'];
    let memoryFloor: BenchResults['memoryFloor'];
    try {
      const admin = sim.accounts.admin;
      const serverEnv = { CLOUDSTACK_API_URL: sim.url, CLOUDSTACK_API_KEY: admin.apiKey, CLOUDSTACK_SECRET_KEY: admin.secretKey };
      // The server's own result of each call case, which a floor then answers with.
      const resultFile = (key: CallCase['key']) => join(scratch, `result-${key}.json`);
      const startServer = (label: string, extraEnv: Record<string, string> = {}) => {
        const cacheDir = mkdtempSync(join(scratch, 'calls-cache-'));
        return spawnMcp({
          args: [BIN, '--job-poll-ms', String(SETTINGS.jobPollMs)],
          env: { ...serverEnv, CLOUDSTACK_MCP_CACHE_DIR: cacheDir, ...extraEnv },
          label,
        });
      };
      const direct = directClient(sim, SETTINGS.jobPollMs);
      const deploy = await deployArgs(direct);
      const cases: CallCase[] = [
        { key: 'listZones', label: 'call_read_api listZones', tool: 'call_read_api', api: 'listZones', iterations: SETTINGS.readIterations, warmup: SETTINGS.readWarmup },
        {
          key: 'listVirtualMachines',
          label: 'call_read_api listVirtualMachines (200 VMs)',
          tool: 'call_read_api',
          api: 'listVirtualMachines',
          iterations: SETTINGS.readIterations,
          warmup: SETTINGS.readWarmup,
        },
        {
          key: 'deployVirtualMachine',
          label: 'call_api deployVirtualMachine (async)',
          tool: 'call_api',
          api: 'deployVirtualMachine',
          args: deploy,
          iterations: SETTINGS.deployIterations,
          warmup: SETTINGS.deployWarmup,
        },
      ];
      const server = await startServer('cloudstack-mcp (calls)');
      const floor = await spawnMcp({ args: [FLOOR_SERVER, listing.listings.discovery.file], label: 'floor (calls)' });
      const measured: Partial<Record<CallCase['key'], CallResult>> = {};
      try {
        for (const spec of cases) {
          progress(`  ${spec.label}: ${spec.iterations} iterations`);
          const floorAnswering = (result: CallToolResult) => {
            const file = resultFile(spec.key);
            writeFileSync(file, JSON.stringify(result));
            return spawnMcp({ args: [FLOOR_SERVER, listing.listings.discovery.file, file], label: `floor answering ${spec.key}` });
          };
          measured[spec.key] = await measureCall({ sim, server, floor, floorAnswering, jobPollMs: SETTINGS.jobPollMs }, direct, spec);
        }
      } finally {
        await Promise.all([server.close(), floor.close()]);
      }
      calls = measured as BenchResults['calls'];

      // Once as users run it, once with a small heap cap (garbage must then be collected; a leak would not be).
      const memoryRun = async (nodeOptions: string) => {
        progress(`RSS over ${SETTINGS.memoryCalls.toLocaleString('en')} calls${nodeOptions ? ` (NODE_OPTIONS=${nodeOptions})` : ''}`);
        const fresh = await startServer('cloudstack-mcp (memory)', nodeOptions ? { NODE_OPTIONS: nodeOptions } : {});
        try {
          return await measureMemory(fresh, {
            server: 'cloudstack-mcp',
            nodeOptions,
            calls: SETTINGS.memoryCalls,
            warmup: 100,
            idleMs: 2_000,
            tool: 'call_read_api {"api":"listZones"}',
            call: () => fresh.callTool('call_read_api', { api: 'listZones' }),
            between: () => sim.clearRequests(),
          });
        } finally {
          await fresh.close();
        }
      };
      memory = await memoryRun('');
      memoryCappedHeap = await memoryRun(`--max-old-space-size=${SETTINGS.cappedOldSpaceMiB}`);
      progress(`RSS over ${SETTINGS.memoryCalls.toLocaleString('en')} calls, the floor answering with the server's listZones result`);
      const floorForMemory = await spawnMcp({ args: [FLOOR_SERVER, listing.listings.discovery.file, resultFile('listZones')], label: 'floor (memory)' });
      try {
        memoryFloor = await measureMemory(floorForMemory, {
          server: 'floor',
          nodeOptions: '',
          calls: SETTINGS.memoryCalls,
          warmup: 100,
          idleMs: 2_000,
          tool: 'call_read_api {"api":"listZones"}',
          call: () => floorForMemory.callTool('call_read_api', { api: 'listZones' }),
        });
      } finally {
        await floorForMemory.close();
      }
      await direct.close();
    } finally {
      await sim.stop();
    }

    return {
      schema: RESULTS_SCHEMA,
      environment: env,
      settings: SETTINGS,
      codegen,
      help,
      surfaces: surfaces as BenchResults['surfaces'],
      secondToolsList: listing.repeated,
      calls,
      memory,
      memoryCappedHeap,
      memoryFloor,
      toolDefinitions,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

let results: BenchResults;
if (flags['from-results']) {
  results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
  if (results.schema !== RESULTS_SCHEMA) {
    process.stderr.write(`bench: ${RESULTS_FILE} has schema ${results.schema}, this bench reports schema ${RESULTS_SCHEMA}: run npm run bench to measure anew\n`);
    process.exit(1);
  }
} else {
  const started = performance.now();
  results = await measure();
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
  progress(`wrote bench/results.json in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
process.stdout.write(renderReport(results));
if (flags['write-readme'] && writeReadmeTable(README_FILE, renderReadmeTable(results))) progress('README.md: table written between the bench markers');
