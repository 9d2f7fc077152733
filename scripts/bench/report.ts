/**
 * The Markdown report `npm run bench` prints: every number of results.json, each next to its
 * baseline, so that a reader sees what the server costs on top of what it cannot avoid.
 */
import { bytes, int, mib, ms, signedMib, times } from './format.ts';
import type { BenchResults } from './results.ts';
import { SURFACES } from './surfaces.ts';

export function renderReport(results: BenchResults): string {
  const { environment: env, settings } = results;
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);

  out('# cloudstack-mcp benchmark');
  out();
  out(
    `${env.date} · Node ${env.node} · ${env.platform}/${env.arch} · ${env.cpus} × ${env.cpuModel} · ` +
      `@modelcontextprotocol/sdk ${env.mcpSdk} · CloudStack ${env.cloudstackVersion} model · ${env.gitCommit}${env.gitDirty ? ' (dirty)' : ''}`,
  );
  out();
  out(
    `Floor: a bare server on the same SDK (low-level \`Server\`, plain node) serving the same tools/list JSON and answering ` +
      `tools/call with an empty result. Start-up: spawn to first tools/list answer, median of ${settings.startupRuns}; ` +
      `idle RSS: VmRSS after ${settings.idleMs} ms idle. Simulator for start-up: ${settings.startupSimulator}; for calls: ${settings.callsSimulator}.`,
  );
  out();

  out('## Start-up to first tools/list');
  out();
  out('| surface | tools | tools/list bytes | cold | warm | floor | cold / floor | warm / floor |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { key } of SURFACES) {
    const s = results.surfaces[key];
    const { cold, warm, floor, ratios } = s.startup;
    out(
      `| ${s.label} | ${s.tools} | ${int(s.toolsListBytes)} | ${ms(cold.startupMs.median)} | ${ms(warm.startupMs.median)} | ` +
        `${ms(floor.startupMs.median)} | ${times(ratios.startupCold)} | ${times(ratios.startupWarm)} |`,
    );
  }
  out();
  out('Cold: empty catalog cache (per-API surfaces wait for the live listApis); warm: the cache of an earlier start.');
  out();

  out('## Idle RSS');
  out();
  out('| surface | cold | warm | floor | cold / floor | warm / floor |');
  out('|---|---:|---:|---:|---:|---:|');
  for (const { key } of SURFACES) {
    const s = results.surfaces[key];
    const { cold, warm, floor, ratios } = s.startup;
    out(
      `| ${s.label} | ${mib(cold.idleRssKiB.median)} | ${mib(warm.idleRssKiB.median)} | ${mib(floor.idleRssKiB.median)} | ` +
        `${times(ratios.idleRssCold)} | ${times(ratios.idleRssWarm)} |`,
    );
  }
  out();

  out('## `--help`');
  out();
  const { help } = results;
  out(`\`cloudstack-mcp --help\`: ${ms(help.helpMs.median)} (median of ${help.helpMs.runs}); \`node -e 0\`: ${ms(help.nodeBareMs.median)}; ratio ${times(help.ratio)}.`);
  out();

  out('## A later tools/list');
  out();
  const again = results.secondToolsList;
  out(
    `On \`--tools all\`, tools/list after the first, on the wire (request written to the answer's last byte read): ` +
      `${ms(again.wire.serverMedianMs)} (median of ${again.iterations}); floor ${ms(again.wire.floorMedianMs)}; ratio ${times(again.wire.ratio)}. ` +
      `Through the SDK Client (its zod pass over the answer included): ${ms(again.serverMedianMs)}; floor ${ms(again.floorMedianMs)}; ratio ${times(again.ratio)}. ` +
      `(The SDK Client's own \`listTools()\` on that answer takes ${ms(again.sdkClientListToolsMs)} in the client: it compiles an output-schema validator per tool.)`,
  );
  out();

  out('## tools/call latency');
  out();
  out(
    `Default surface, simulator in a process of its own (jobs finish at once; job polling starts after ${settings.jobPollMs} ms for the server and the direct client alike). ` +
      `Direct: the same CloudStack request with CloudStackClient; floor: an empty tools/call round trip; ` +
      `floor, same result: the floor answering with the server's own result (its bytes without the work).`,
  );
  out();
  out(
    '| call | MCP p50 | MCP p99 | direct p50 | direct p99 | floor p50 | floor p99 | MCP / (direct + floor) | overhead p50 | ' +
      'floor, same result p50 | MCP / (direct + floor, same result) | result bytes | n |',
  );
  out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const call of Object.values(results.calls)) {
    out(
      `| ${call.label} | ${ms(call.mcp.p50Ms)} | ${ms(call.mcp.p99Ms)} | ${ms(call.direct.p50Ms)} | ${ms(call.direct.p99Ms)} | ` +
        `${ms(call.floor.p50Ms)} | ${ms(call.floor.p99Ms)} | ${times(call.ratio)} | ${ms(call.overheadMs)} | ` +
        `${ms(call.floorSameResult.p50Ms)} | ${times(call.ratioSameResult)} | ${int(call.resultBytes)} | ${call.mcp.iterations} |`,
    );
  }
  const different = Object.values(results.calls).filter((call) => !call.sameRequest);
  if (different.length > 0) out(`\nNote: the direct call did not send the server's parameters for: ${different.map((c) => c.label).join(', ')}.`);
  out();

  out(`## RSS over ${int(results.memory.calls)} calls`);
  out();
  out('| server | before | after | after idle | growth | growth after idle | growth in 2nd half | peak | calls/s |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const memoryRuns = [results.memory, results.memoryCappedHeap, results.memoryFloor];
  for (const mem of memoryRuns) {
    out(
      `| ${mem.server}, ${mem.nodeOptions ? `NODE_OPTIONS=${mem.nodeOptions}` : 'as run by users'} | ${mib(mem.rssBeforeKiB)} | ${mib(mem.rssAfterKiB)} | ` +
        `${mib(mem.rssAfterIdleKiB)} | ${signedMib(mem.growthKiB)} | ${signedMib(mem.growthAfterIdleKiB)} | ${signedMib(mem.growthSecondHalfKiB)} | ` +
        `${mib(mem.peakRssKiB)} | ${int(mem.callsPerSecond)} |`,
    );
  }
  out();
  out(
    `Sequential \`${results.memory.tool}\` on a fresh server after 100 warm-up calls; "after idle" is ${int(results.memory.idleMs)} ms later. ` +
      'V8 grows the heap lazily: growth that levels off (under a heap cap, or in the second half) is garbage, not a leak. ' +
      "The floor answers the same calls with the server's listZones result: what the SDK and Node grow by alone.",
  );
  out();
  for (const mem of memoryRuns) {
    out(`RSS every ${int(mem.sampleEvery)} calls, ${mem.server}${mem.nodeOptions ? ` (${mem.nodeOptions})` : ''}: ${mem.rssSamplesKiB.map((kib) => (kib / 1024).toFixed(0)).join(' → ')} MiB`);
    out();
  }

  out('## Tool definition size (`--tools all`)');
  out();
  const defs = results.toolDefinitions;
  out('| | bytes |');
  out('|---|---:|');
  out(`| input part ({name, description, inputSchema}) of the ${defs.apiTools} API tools | ${bytes(defs.inputPartBytes)} |`);
  out(`| minimal encoding of the same APIs ({name, description, params:[{name, type, required, description}]}) | ${bytes(defs.minimalBytes)} |`);
  out(`| ratio | ${times(defs.ratio)} |`);
  out(`| input part of all ${results.surfaces.all.tools} listed tools (with the discovery tools) | ${bytes(defs.inputPartBytesAllTools)} |`);
  out(`| rest of tools/list (outputSchema, annotations, titles, …) | ${bytes(defs.otherPartBytes)} |`);
  out(`| minimal encoding of all ${defs.modelApis} APIs of the model | ${bytes(defs.minimalBytesAllModelApis)} |`);
  out();

  out('## Codegen');
  out();
  const cg = results.codegen;
  out(`${cg.snapshot}: ${ms(cg.elapsedMs.median)} (median of ${cg.elapsedMs.runs}; goal < ${int(cg.goalMs)} ms); ${cg.apis} APIs, ${cg.files} files, ${int(cg.bytes)} bytes.`);
  return lines.join('\n') + '\n';
}
