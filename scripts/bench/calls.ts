/**
 * tools/call latency through the MCP server, next to what it is built from: the same CloudStack
 * request made directly with CloudStackClient against the same simulator, plus an empty tools/call
 * round trip to the floor server. MCP p50 / (direct p50 + floor p50) is the server's own overhead
 * factor: validation, the pipeline, masking, bounding, formatting, and the JSON it writes.
 *
 * The simulator runs in this process here (unlike for start-up) because it must be seeded with
 * 200 VMs, which only the in-process API can do; the server is still a subprocess.
 */
import { BundledModel } from '../../src/model/bundled.ts';
import { CloudStackClient } from '../../src/cloudstack/client.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import type { McpProcess } from './mcp-process.ts';
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
  /** mcp p50 / (direct p50 + floor p50). */
  ratio: number;
  /** mcp p50 − (direct p50 + floor p50), in ms. */
  overheadMs: number;
}

export interface CallsContext {
  sim: RunningSimulator;
  server: McpProcess;
  floor: McpProcess;
  /** First wait before polling a job, the same for the server (--job-poll-ms) and the direct client. */
  jobPollMs: number;
}

function wireParamsOf(sim: RunningSimulator, command: string): Record<string, string> {
  const sent = sim.requests.find((request) => request.command === command);
  if (!sent) throw new Error(`the server sent no ${command}`);
  return Object.fromEntries(Object.entries(sent.params).filter(([name]) => !SIGNING_PARAMS.has(name.toLowerCase())));
}

const sameParams = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

export function directClient(sim: RunningSimulator, jobPollMs: number): CloudStackClient {
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
  sim.requests.length = 0;
  const first = await viaMcp();
  const resultBytes = Buffer.byteLength(JSON.stringify(first));
  const serverParams = wireParamsOf(sim, spec.api);
  const isRead = spec.tool === 'call_read_api';
  const viaDirect = isRead
    ? () => direct.request(spec.api, serverParams, { readOnly: true })
    : () => direct.callApi(spec.api, spec.args ?? {});
  sim.requests.length = 0;
  await viaDirect();
  const sameRequest = sameParams(serverParams, wireParamsOf(sim, spec.api));
  const viaFloor = () => floor.callTool(spec.tool, toolArgs);

  for (let i = 0; i < spec.warmup; i++) {
    await viaMcp();
    await viaDirect();
    await viaFloor();
  }
  // Interleaved, so that drift (GC, the simulator's growing state) is shared by all three.
  const times = { mcp: [] as number[], direct: [] as number[], floor: [] as number[] };
  for (let i = 0; i < spec.iterations; i++) {
    times.mcp.push((await timed(viaMcp))[1]);
    times.direct.push((await timed(viaDirect))[1]);
    times.floor.push((await timed(viaFloor))[1]);
    // The simulator records every request; keep that from growing the bench's heap for nothing.
    if (sim.requests.length > 1000) sim.requests.length = 0;
  }
  const mcp = latencies(times.mcp);
  const directSummary = latencies(times.direct);
  const floorSummary = latencies(times.floor);
  const baseline = directSummary.p50Ms + floorSummary.p50Ms;
  return {
    label: spec.label,
    wireParams: Object.keys(serverParams).sort(),
    sameRequest,
    resultBytes,
    mcp,
    direct: directSummary,
    floor: floorSummary,
    ratio: ratio(mcp.p50Ms, baseline),
    overheadMs: round(mcp.p50Ms - baseline, 2),
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
