/**
 * tools/call latency through the MCP server, next to what it is built from: the same CloudStack
 * request made directly with CloudStackClient against the same simulator, plus an empty tools/call
 * round trip to the floor server. MCP p50 / (direct p50 + floor p50) is the server's own overhead
 * factor: validation, the pipeline, masking, bounding, formatting, and the JSON it writes.
 *
 * A second floor answers every call with the very result the server gave (its bytes, none of the
 * work): MCP p50 / (direct p50 + that floor's p50) leaves out what moving a big answer through
 * stdio and the SDK costs on both ends, which no server can avoid, and is the work that is ours.
 *
 * The simulator is a process of its own (seeded-simulator.mjs, 200 VMs), so that the direct call
 * crosses a process boundary as the server's call does, and as every call to a real CloudStack does.
 */
import { BundledModel } from '../../src/model/bundled.ts';
import { CloudStackClient } from '../../src/cloudstack/client.ts';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { McpProcess } from './mcp-process.ts';
import type { SeededSimulatorProcess } from './simulator-process.ts';
import { latencies, ratio, round, timed, type LatencySummary } from './stats.ts';

/** Parameters the client adds itself: not part of "the same request". */
const SIGNING_PARAMS = new Set(['command', 'response', 'apikey', 'signature', 'signatureversion', 'expires']);

export interface CallCase {
  /** results.json key. */
  key: 'listZones' | 'listVirtualMachines' | 'deployVirtualMachine';
  label: string;
  tool: 'call_read_api' | 'call_api';
  api: string;
  args?: Record<string, unknown>;
  iterations: number;
  warmup: number;
}

export interface CallResult {
  label: string;
  /** The CloudStack parameters the server sent (names only: ids differ between runs). */
  wireParams: string[];
  /** The direct call sent the same parameters as the server did. */
  sameRequest: boolean;
  /** Bytes of the tools/call result (JSON), as the host receives it. */
  resultBytes: number;
  mcp: LatencySummary;
  direct: LatencySummary;
  floor: LatencySummary;
  /** The floor answering with the server's own result (resultBytes). */
  floorSameResult: LatencySummary;
  /** mcp p50 / (direct p50 + floor p50). */
  ratio: number;
  /** mcp p50 − (direct p50 + floor p50), in ms. */
  overheadMs: number;
  /** mcp p50 / (direct p50 + floorSameResult p50). */
  ratioSameResult: number;
}

export interface CallsContext {
  sim: SeededSimulatorProcess;
  server: McpProcess;
  floor: McpProcess;
  /** Starts a floor that answers every tools/call with this result (the same tools as `floor`). */
  floorAnswering(result: CallToolResult): Promise<McpProcess>;
  /** First wait before polling a job, the same for the server (--job-poll-ms) and the direct client. */
  jobPollMs: number;
}

async function wireParamsOf(sim: SeededSimulatorProcess, command: string): Promise<Record<string, string>> {
  const sent = await sim.firstRequest(command);
  if (!sent) throw new Error(`the server sent no ${command}`);
  return Object.fromEntries(Object.entries(sent.params).filter(([name]) => !SIGNING_PARAMS.has(name.toLowerCase())));
}

const sameParams = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

export function directClient(sim: SeededSimulatorProcess, jobPollMs: number): CloudStackClient {
  const admin = sim.accounts.admin;
  return new CloudStackClient({
    url: sim.url,
    apiKey: admin.apiKey,
    secretKey: admin.secretKey,
    model: BundledModel.open().document(),
    jobPolling: { initialDelayMs: jobPollMs },
  });
}

export async function measureCall(context: CallsContext, direct: CloudStackClient, spec: CallCase): Promise<CallResult> {
  const { sim, server, floor } = context;
  const toolArgs = { api: spec.api, ...(spec.args ? { args: spec.args } : {}) };
  const viaMcp = async () => {
    const result = await server.callTool(spec.tool, toolArgs);
    if (result.isError) throw new Error(`${spec.label}: ${JSON.stringify(result.content)}`);
    return result;
  };

  // What the server puts on the wire for this call is what the direct call repeats.
  await sim.clearRequests();
  const first = await viaMcp();
  const resultBytes = Buffer.byteLength(JSON.stringify(first));
  const serverParams = await wireParamsOf(sim, spec.api);
  const isRead = spec.tool === 'call_read_api';
  const viaDirect = isRead
    ? () => direct.request(spec.api, serverParams, { readOnly: true })
    : () => direct.callApi(spec.api, spec.args ?? {});
  await sim.clearRequests();
  await viaDirect();
  const sameRequest = sameParams(serverParams, await wireParamsOf(sim, spec.api));
  const viaFloor = () => floor.callTool(spec.tool, toolArgs);
  const sizedFloor = await context.floorAnswering(first);
  try {
    const viaSizedFloor = () => sizedFloor.callTool(spec.tool, toolArgs);
    const ways = { mcp: viaMcp, direct: viaDirect, floor: viaFloor, floorSameResult: viaSizedFloor };
    const times = await measureInterleaved(spec, ways, async (i) => {
      // The simulator records every request; keep that from growing its heap for nothing.
      if (i % 1000 === 999) await sim.clearRequests();
    });
    return summarise(spec, { serverParams, sameRequest, resultBytes }, times);
  } finally {
    await sizedFloor.close();
  }
}

type Timings = Record<'mcp' | 'direct' | 'floor' | 'floorSameResult', number[]>;

/** Warm-up, then each way once per iteration, interleaved so that drift (GC, the simulator's growing state) is shared by all. */
async function measureInterleaved(
  spec: CallCase,
  ways: Record<keyof Timings, () => Promise<unknown>>,
  between: (iteration: number) => Promise<void>,
): Promise<Timings> {
  const order = Object.keys(ways) as (keyof Timings)[];
  for (let i = 0; i < spec.warmup; i++) for (const way of order) await ways[way]();
  const times: Timings = { mcp: [], direct: [], floor: [], floorSameResult: [] };
  for (let i = 0; i < spec.iterations; i++) {
    for (const way of order) times[way].push((await timed(ways[way]))[1]);
    await between(i);
  }
  return times;
}

function summarise(
  spec: CallCase,
  request: { serverParams: Record<string, string>; sameRequest: boolean; resultBytes: number },
  times: Timings,
): CallResult {
  const mcp = latencies(times.mcp);
  const direct = latencies(times.direct);
  const floor = latencies(times.floor);
  const floorSameResult = latencies(times.floorSameResult);
  const baseline = direct.p50Ms + floor.p50Ms;
  return {
    label: spec.label,
    wireParams: Object.keys(request.serverParams).sort(),
    sameRequest: request.sameRequest,
    resultBytes: request.resultBytes,
    mcp,
    direct,
    floor,
    floorSameResult,
    ratio: ratio(mcp.p50Ms, baseline),
    overheadMs: round(mcp.p50Ms - baseline, 2),
    ratioSameResult: ratio(mcp.p50Ms, direct.p50Ms + floorSameResult.p50Ms),
  };
}

/** Ids a deploy needs, the first of each kind the simulator has. */
export async function deployArgs(direct: CloudStackClient): Promise<Record<string, string>> {
  const first = async (command: string, key: string, params: Record<string, string> = {}) => {
    const answer = (await direct.request(command, params, { readOnly: true })) as Record<string, Array<{ id: string }> | undefined>;
    const id = answer[key]?.[0]?.id;
    if (!id) throw new Error(`${command} returned no ${key}`);
    return id;
  };
  return {
    serviceofferingid: await first('listServiceOfferings', 'serviceoffering'),
    templateid: await first('listTemplates', 'template', { templatefilter: 'all' }),
    zoneid: await first('listZones', 'zone'),
  };
}
