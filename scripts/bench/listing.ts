/**
 * One start per surface to learn what the real server lists: the tools/list answer is saved to a
 * file for the floor server to serve (so both serve byte-identical tools), and counted (tools,
 * bytes). The same starts prime the catalog cache for the warm start-up runs. On `--tools all`
 * it also times later tools/list calls (answers a host asks for again, e.g. after list_changed),
 * on the real server and on the floor, twice: through the SDK Client (a host's view, its parsing
 * and validation included) and on the wire (wire-client.ts: the server's work and the pipe alone).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import { spawnMcp, type McpProcess } from './mcp-process.ts';
import { BIN, FLOOR_SERVER } from './paths.ts';
import { median, round, ratio, timed } from './stats.ts';
import { startWireClient } from './wire-client.ts';
import type { Surface } from './surfaces.ts';

export interface SurfaceListing {
  tools: number;
  toolsListBytes: number;
  /** Where the floor reads it (a temp file). */
  file: string;
  list: ListToolsResult;
}

export interface RepeatedListing {
  surface: Surface['key'];
  iterations: number;
  serverMedianMs: number;
  floorMedianMs: number;
  ratio: number;
  /** The same, on the wire: from the request's line written to the answer's last byte. */
  wire: { serverMedianMs: number; floorMedianMs: number; ratio: number };
  /**
   * The SDK Client's own listTools() on the same answer, once: it compiles an ajv validator per
   * outputSchema in the client. A host's cost, not the server's, but a host on this SDK pays it.
   */
  sdkClientListToolsMs: number;
}

async function repeatedListMs(server: McpProcess, iterations: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) times.push((await timed(() => server.listTools()))[1]);
  return median(times);
}

/** Later tools/list answers on the wire, the server's and the floor's interleaved (after one each). */
async function repeatedListOnTheWire(
  server: { args: string[]; env: Record<string, string> },
  floorArgs: string[],
  iterations: number,
): Promise<RepeatedListing['wire']> {
  const real = await startWireClient({ ...server, label: 'cloudstack-mcp on the wire' });
  const floor = await startWireClient({ args: floorArgs, label: 'floor on the wire' });
  try {
    await real.timedRequest('tools/list');
    await floor.timedRequest('tools/list');
    const times = { real: [] as number[], floor: [] as number[] };
    for (let i = 0; i < iterations; i++) {
      times.real.push(await real.timedRequest('tools/list'));
      times.floor.push(await floor.timedRequest('tools/list'));
    }
    const [serverMedianMs, floorMedianMs] = [median(times.real), median(times.floor)];
    return { serverMedianMs: round(serverMedianMs, 2), floorMedianMs: round(floorMedianMs, 2), ratio: ratio(serverMedianMs, floorMedianMs) };
  } finally {
    await Promise.all([real.close(), floor.close()]);
  }
}

export async function listSurfaces(
  surfaces: Surface[],
  options: { serverEnv: Record<string, string>; dir: string; repeatOn: Surface['key']; iterations: number },
): Promise<{ listings: Record<string, SurfaceListing>; repeated: RepeatedListing }> {
  const listings: Record<string, SurfaceListing> = {};
  let repeated: RepeatedListing | undefined;
  for (const surface of surfaces) {
    const server = await spawnMcp({ args: [BIN, ...surface.flags], env: options.serverEnv, label: `cloudstack-mcp ${surface.label}` });
    try {
      const file = join(options.dir, `tools-${surface.key}.json`);
      writeFileSync(file, JSON.stringify(server.firstList));
      listings[surface.key] = { tools: server.firstList.tools.length, toolsListBytes: server.firstListBytes, file, list: server.firstList };
      if (surface.key !== options.repeatOn) continue;
      const serverMedianMs = await repeatedListMs(server, options.iterations);
      const [, sdkClientListToolsMs] = await timed(() => server.client.listTools());
      const floor = await spawnMcp({ args: [FLOOR_SERVER, file], label: `floor ${surface.label}` });
      try {
        const floorMedianMs = await repeatedListMs(floor, options.iterations);
        repeated = {
          surface: surface.key,
          iterations: options.iterations,
          serverMedianMs: round(serverMedianMs, 2),
          floorMedianMs: round(floorMedianMs, 2),
          ratio: ratio(serverMedianMs, floorMedianMs),
          wire: await repeatedListOnTheWire({ args: [BIN, ...surface.flags], env: options.serverEnv }, [FLOOR_SERVER, file], options.iterations),
          sdkClientListToolsMs: round(sdkClientListToolsMs),
        };
      } finally {
        await floor.close();
      }
    } finally {
      await server.close();
    }
  }
  if (!repeated) throw new Error(`surface ${options.repeatOn} was not listed`);
  return { listings, repeated };
}
