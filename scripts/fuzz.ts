/**
 * `npm run fuzz`: every tool of `--tools all` (the 859 dedicated tools and the meta-tools) with every
 * kind of invalid argument of test/support/fuzz-cases.ts, through servers on simulators. Prints
 * per kind how many cases there were, how many were refused (isError, or a JSON-RPC error where the
 * arguments are not an object), named the parameter, answered within 1 s, sent anything to
 * CloudStack, or leaked a secret; exits 1 on any failure (known defects included, unless
 * --allow-known).
 *
 *   npm run fuzz -- [--seed N] [--limit N] [--jobs N] [--apis listZones,createUser] [--allow-known] [--verbose]
 *
 * --limit N: at most N cases per dedicated tool (rng-chosen; default: all). --jobs N: servers run
 * side by side, each on its own simulator (default 2). --verbose: each failure as it happens.
 */
import { BundledModel } from '../src/model/bundled.ts';
import type { ApiModel } from '../src/model/types.ts';
import { apiCases, FUZZ_KINDS, metaCases, readsThroughCallRead, Rng, throughCallTool, type FuzzCase } from '../test/support/fuzz-cases.ts';
import { describeOutcome, FuzzTally, runCase, startFuzzHarness, type FuzzHarness } from '../test/support/fuzz-runner.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}
function whole(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return n;
}

const seed = whole('seed', 11);
const limit = whole('limit', 0);
const only = option('apis')?.split(',');
const jobs = Math.max(1, whole('jobs', 2));
const allowKnown = process.argv.includes('--allow-known');
const verbose = process.argv.includes('--verbose');
const out = (line = '') => process.stdout.write(`${line}\n`);

const model = BundledModel.open().decodeAll();
const apis = only ? model.apis.filter((a) => only.includes(a.name) || only.includes(a.toolName)) : model.apis;
if (only && apis.length !== only.length) throw new Error(`--apis: unknown ${only.filter((n) => !apis.some((a) => a.name === n || a.toolName === n)).join(', ')}`);

const started = Date.now();
// Several servers, each on its own simulator (so that each case's request count is its own), each
// running its cases one at a time.
const harnesses = await Promise.all(Array.from({ length: jobs }, () => startFuzzHarness()));
const tally = new FuzzTally();
const rng = new Rng(seed);

async function run(harness: FuzzHarness, cases: FuzzCase[]): Promise<void> {
  for (const c of cases) {
    const outcome = await runCase(harness, c);
    tally.add(outcome);
    if (verbose && outcome.failures.length > 0) out(`  ✗ ${describeOutcome(outcome)}`);
  }
}

/** An API's cases: every variant of every kind on its dedicated tool, and some through the call tools. */
function casesOf(api: ApiModel): FuzzCase[] {
  let cases = apiCases(api, seed, { all: true });
  if (limit && cases.length > limit) cases = rng.fork(api.name).sample(cases, limit);
  // The same API through the call tools: one case of each kind (call_read_api for the reads it runs).
  const through: FuzzCase[] = [];
  for (const kind of FUZZ_KINDS) {
    const of = cases.filter((c) => c.kind === kind);
    if (of.length === 0) continue;
    const pick = rng.fork(`${api.name}:${kind}`).pick(of);
    const viaCall = throughCallTool('call_api', pick);
    if (viaCall) through.push(viaCall);
    const viaRead = readsThroughCallRead(api) ? throughCallTool('call_read_api', pick) : undefined;
    if (viaRead) through.push(viaRead);
  }
  return [...cases, ...through];
}

out(`fuzz: seed ${seed}, ${apis.length} APIs${limit ? `, at most ${limit} cases per tool` : ''}, ${jobs} server${jobs === 1 ? '' : 's'}`);
const queue: Array<() => FuzzCase[]> = [...apis.map((api) => () => casesOf(api)), () => metaCases(seed)];
let done = 0;
await Promise.all(
  harnesses.map(async (harness) => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await run(harness, next());
      if (++done % 100 === 0) {
        process.stderr.write(`fuzz: ${done}/${apis.length + 1} tools' cases, ${tally.failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s\n`);
      }
    }
  }),
);
const stderr = harnesses.map((h) => h.server.stderr()).join('');
// What the servers logged, by kind of line (numbers and quoted parts folded).
const logKinds = new Map<string, number>();
for (const line of stderr.split('\n').filter(Boolean)) {
  const kind = line.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N').slice(0, 110);
  logKinds.set(kind, (logKinds.get(kind) ?? 0) + 1);
}
await Promise.all(harnesses.map((h) => h.close()));

const seconds = ((Date.now() - started) / 1000).toFixed(1);
out();
out(tally.table());
out('isError: or the JSON-RPC error -32602 where that is the right answer (arguments not an object, no such tool)');
out();
out(`${tally.tools.size} tool names called in ${seconds} s; slowest answer ${Math.round(tally.slowest)} ms`);
out(`server stderr: ${stderr.length} bytes; by kind of line:`);
for (const [kind, n] of [...logKinds].sort((a, b) => b[1] - a[1]).slice(0, 8)) out(`  ${String(n).padStart(6)}  ${kind}`);

if (tally.known.length > 0) {
  // Known defects, grouped by what they are.
  const byDefect = new Map<string, typeof tally.known>();
  for (const o of tally.known) byDefect.set(o.case.knownDefect!, [...(byDefect.get(o.case.knownDefect!) ?? []), o]);
  out();
  out(`KNOWN DEFECTS (${tally.known.length} cases):`);
  for (const [defect, outcomes] of byDefect) {
    const tools = new Set(outcomes.map((o) => o.case.tool));
    const sent = outcomes.filter((o) => o.sent.length > 0).length;
    out(`- ${defect}: ${outcomes.length} cases on ${tools.size} tools, ${sent} of them sent to CloudStack; e.g.`);
    for (const o of outcomes.slice(0, 3)) out(`    ${describeOutcome(o)}`);
  }
}
if (tally.failures.length > 0) {
  out();
  out(`FAILURES (${tally.failures.length} cases; the first 40):`);
  for (const o of tally.failures.slice(0, 40)) out(`- ${describeOutcome(o)}`);
}
const failed = tally.failures.length > 0 || (!allowKnown && tally.known.length > 0);
out();
out(failed ? 'fuzz: FAILED' : 'fuzz: ok');
process.exit(failed ? 1 : 0);
