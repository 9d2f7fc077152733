/**
 * The README's benchmark table, rendered from bench/results.json alone (no measuring), so that the
 * README shows exactly what a committed results.json says.
 */
import { readFileSync } from 'node:fs';
import { int, mib, ms, signedMib, times } from './format.ts';
import type { BenchResults } from './results.ts';
import { SURFACES } from './surfaces.ts';

export function renderReadmeTable(results: BenchResults): string {
  const rows: Array<[string, string, string, string]> = [];
  const row = (measure: string, value: string, baseline: string, factor: string) => rows.push([measure, value, baseline, factor]);
  const floor = 'floor';

  for (const { key } of SURFACES) {
    const s = results.surfaces[key];
    const { cold, warm, floor: bare, ratios } = s.startup;
    const flag = s.flags ? `\`${s.flags}\`` : 'default';
    const startup = key === 'discovery' ? ms(cold.startupMs.median) : `${ms(cold.startupMs.median)} / ${ms(warm.startupMs.median)}`;
    const startupRatio = key === 'discovery' ? times(ratios.startupCold) : `${times(ratios.startupCold)} / ${times(ratios.startupWarm)}`;
    const what = `${s.tools} tools, ${int(s.toolsListBytes)} B${key === 'discovery' ? '' : '; cold / warm'}`;
    row(`start-up to first tools/list, ${flag} (${what})`, startup, `${ms(bare.startupMs.median)} ${floor}`, startupRatio);
  }
  for (const { key } of SURFACES) {
    const s = results.surfaces[key];
    const { warm, floor: bare, ratios } = s.startup;
    row(`idle RSS (warm), ${s.flags ? `\`${s.flags}\`` : 'default'}`, mib(warm.idleRssKiB.median), `${mib(bare.idleRssKiB.median)} ${floor}`, times(ratios.idleRssWarm));
  }
  const again = results.secondToolsList;
  row('a later tools/list, `--tools all`, on the wire', ms(again.wire.serverMedianMs), `${ms(again.wire.floorMedianMs)} ${floor}`, times(again.wire.ratio));
  row('… through the SDK Client', ms(again.serverMedianMs), `${ms(again.floorMedianMs)} ${floor}`, times(again.ratio));
  for (const call of Object.values(results.calls)) {
    row(`${call.label}, p50 (p99)`, `${ms(call.mcp.p50Ms)} (${ms(call.mcp.p99Ms)})`, `${ms(call.direct.p50Ms + call.floor.p50Ms)} direct + floor`, times(call.ratio));
    row(
      `… against a floor answering the same ${int(call.resultBytes)} B`,
      '',
      `${ms(call.direct.p50Ms + call.floorSameResult.p50Ms)} direct + floor`,
      times(call.ratioSameResult),
    );
  }
  const mem = results.memory;
  const capped = results.memoryCappedHeap;
  const floorMem = results.memoryFloor;
  const growth = (m: typeof mem) => `${signedMib(m.growthAfterIdleKiB)} (${signedMib(m.growthSecondHalfKiB)})`;
  row(`RSS growth over ${int(mem.calls)} calls (in the 2nd half)`, growth(mem), `${growth(floorMem)} floor`, '');
  row(`… with a ${results.settings.cappedOldSpaceMiB} MiB heap cap`, growth(capped), '', '');
  const defs = results.toolDefinitions;
  row(`tool definitions, \`--tools all\` (${defs.apiTools} API tools)`, `${int(defs.inputPartBytes)} B`, `${int(defs.minimalBytes)} B minimal`, times(defs.ratio));
  row('`--help`', ms(results.help.helpMs.median), `${ms(results.help.nodeBareMs.median)} \`node -e 0\``, times(results.help.ratio));
  row('codegen, default snapshot', ms(results.codegen.elapsedMs.median), `goal < ${int(results.codegen.goalMs)} ms`, '');

  const env = results.environment;
  return [
    '| measure | cloudstack-mcp | baseline | ratio |',
    '|---|---:|---:|---:|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    `Medians (calls: p50, p99 in brackets) of \`npm run bench\` on ${env.date}, Node ${env.node}, ${env.cpus} × ${env.cpuModel}; ` +
      'start-up per-API surfaces: cold (no catalog cache) / warm.',
  ].join('\n');
}

export function renderReadmeTableFromFile(path: string): string {
  return renderReadmeTable(JSON.parse(readFileSync(path, 'utf8')) as BenchResults);
}
