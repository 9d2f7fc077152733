/**
 * The shape of bench/results.json. It is committed and compared across commits, so its key names
 * are stable: add keys, do not rename them (bump `schema` if a meaning changes). Times are ms,
 * memory KiB, sizes bytes; ratios are cloudstack-mcp / baseline.
 */
import type { CallResult } from './calls.ts';
import type { CodegenTiming } from './codegen.ts';
import type { RepeatedListing } from './listing.ts';
import type { MemoryResult } from './memory.ts';
import type { HelpTiming, SurfaceStartup } from './startup.ts';
import type { Surface } from './surfaces.ts';
import type { ToolDefinitionSize } from './tool-size.ts';

/** 2: calls[*].floorSameResult and ratioSameResult, secondToolsList.wire. 3: memoryFloor, memory[*].server. */
export const RESULTS_SCHEMA = 3;

export interface SurfaceResult {
  label: string;
  flags: string;
  tools: number;
  toolsListBytes: number;
  startup: SurfaceStartup;
}

export interface BenchResults {
  schema: number;
  environment: {
    date: string;
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    mcpSdk: string;
    cloudstackVersion: string;
    gitCommit: string;
    gitDirty: boolean;
  };
  settings: {
    startupRuns: number;
    idleMs: number;
    secondListIterations: number;
    readIterations: number;
    readWarmup: number;
    deployIterations: number;
    deployWarmup: number;
    jobPollMs: number;
    memoryCalls: number;
    cappedOldSpaceMiB: number;
    startupSimulator: string;
    callsSimulator: string;
  };
  codegen: CodegenTiming;
  help: HelpTiming;
  surfaces: Record<Surface['key'], SurfaceResult>;
  secondToolsList: RepeatedListing;
  calls: Record<'listZones' | 'listVirtualMachines' | 'deployVirtualMachine', CallResult>;
  memory: MemoryResult;
  /** The same run with NODE_OPTIONS=--max-old-space-size=<settings.cappedOldSpaceMiB>. */
  memoryCappedHeap: MemoryResult;
  /** The floor over the same calls, answering with the server's listZones result: what the SDK and Node grow by alone. */
  memoryFloor: MemoryResult;
  toolDefinitions: ToolDefinitionSize;
}
