/**
 * The fuzz suite's seeded sample (issue 11): invalid arguments of every kind
 * (test/support/fuzz-cases.ts) for a random sample of APIs — through their dedicated tools and
 * through call_api / call_read_api — and for every meta-tool, through one server with `--tools all`
 * on a simulator. Every case must be refused (isError, or JSON-RPC -32602 where the arguments are
 * not an object or the tool does not exist), name the problem, answer within 1 s, send nothing to
 * CloudStack (counted at the simulator) and leak no secret nor its first 8 characters (answer and
 * stderr). `npm run fuzz` sweeps every tool with every variant; FUZZ_SEED=N picks another sample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundledModel } from '../../src/model/bundled.ts';
import type { ApiModel } from '../../src/model/types.ts';
import {
  apiCases,
  FUZZ_KINDS,
  invalidForApi,
  metaCases,
  readsThroughCallRead,
  Rng,
  throughCallTool,
  TOP_LEVEL_PROTO_DEFECT,
  type FuzzCase,
} from '../support/fuzz-cases.ts';
import { describeOutcome, FuzzTally, runCase, startFuzzHarness, type FuzzHarness } from '../support/fuzz-runner.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 11);
/** API cases in the sample (dedicated tools and call tools); the meta-tools' cases come on top, all of them. */
const API_SAMPLE = 400;

const model = BundledModel.open().decodeAll();

/** The sample: ~30 random APIs, plus some with secrets and some with maps, and queryAsyncJobResult. */
function sampleCases(seed: number): { cases: FuzzCase[]; apis: ApiModel[]; known: FuzzCase[] } {
  const rng = new Rng(seed);
  const withSecrets = model.apis.filter((a) => a.params.some((p) => p.sensitive));
  const withMaps = model.apis.filter((a) => a.params.some((p) => p.encoding === 'map'));
  const apis = [
    ...new Set([
      ...rng.sample(model.apis, 30),
      ...rng.sample(withSecrets, 4),
      ...rng.sample(withMaps, 3),
      model.apis.find((a) => a.name === 'queryAsyncJobResult')!,
    ]),
  ];
  const pool: FuzzCase[] = [];
  for (const api of apis) {
    const cases = apiCases(api, seed);
    pool.push(...cases);
    for (const c of rng.sample(cases, 3)) {
      const viaCall = throughCallTool('call_api', c);
      if (viaCall) pool.push(viaCall);
      const viaRead = readsThroughCallRead(api) ? throughCallTool('call_read_api', c) : undefined;
      if (viaRead) pool.push(viaRead);
    }
  }
  // Round robin over the kinds, so that a kind with few cases per API is not crowded out.
  const byKind = FUZZ_KINDS.map((kind) => rng.shuffle(pool.filter((c) => c.kind === kind && !c.knownDefect)));
  const picked: FuzzCase[] = [];
  while (picked.length < API_SAMPLE && byKind.some((of) => of.length > 0)) {
    for (const of of byKind) if (of.length > 0 && picked.length < API_SAMPLE) picked.push(of.shift()!);
  }
  const meta = metaCases(seed);
  const known = [...pool, ...meta].filter((c) => c.knownDefect);
  return { cases: [...picked, ...meta.filter((c) => !c.knownDefect)], apis, known };
}

const { cases, apis, known } = sampleCases(SEED);

describe(`fuzz: a seeded sample of invalid arguments (seed ${SEED})`, () => {
  let harness: FuzzHarness;
  beforeAll(async () => {
    harness = await startFuzzHarness();
  });
  afterAll(async () => harness?.close());

  it('the sample covers every kind, every meta-tool and dedicated tools of many categories', () => {
    const kinds = new Set(cases.map((c) => c.kind));
    expect([...kinds].sort()).toEqual([...FUZZ_KINDS].sort());
    const tools = new Set(cases.map((c) => c.tool));
    for (const tool of ['search_apis', 'describe_api', 'call_read_api', 'call_api']) expect(tools.has(tool)).toBe(true);
    expect(apis.filter((api) => tools.has(api.toolName)).length).toBeGreaterThan(25);
    expect(new Set(apis.map((api) => api.category)).size).toBeGreaterThan(10);
    expect(cases.some((c) => c.secrets.length > 0)).toBe(true);
    expect(cases.length).toBeGreaterThan(300);
  });

  it('the generator checks its cases against the API schema: what the schema takes is not a case', () => {
    const listZones = model.apis.find((a) => a.name === 'listZones')!;
    expect(invalidForApi(listZones, {})).toBe(false);
    // A uuid param has no maxLength and takes any string: odd unicode or a megabyte there is valid.
    expect(invalidForApi(listZones, { id: '\u202E😀\uD800'.repeat(1000) })).toBe(false);
    expect(invalidForApi(listZones, { id: 5 })).toBe(true);
    expect(invalidForApi(listZones, { name: 'n'.repeat(256) })).toBe(true);
    expect(invalidForApi(listZones, { filter: 'id' })).toBe(true);
    expect(invalidForApi(listZones, { keyword: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['deep']]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] })).toBe(true);
    // Every sampled case passed the same check when it was made (apiCases throws otherwise).
    for (const c of cases.filter((x) => x.api && x.tool !== 'call_api' && x.tool !== 'call_read_api' && x.expect === 'tool-error')) {
      expect(invalidForApi(model.apis.find((a) => a.name === c.api)!, c.arguments as Record<string, unknown>), c.id).toBe(true);
    }
  });

  it('every case is refused, names the problem, within 1 s, sends nothing to CloudStack and leaks no secret', async () => {
    const tally = new FuzzTally();
    const failures: string[] = [];
    for (const c of cases) {
      const outcome = await runCase(harness, c);
      tally.add(outcome);
      if (outcome.failures.length > 0) failures.push(describeOutcome(outcome));
    }
    expect(failures).toEqual([]);
    for (const k of tally.byKind.values()) expect(k).toMatchObject({ refused: k.cases, named: k.cases, within: k.cases, sent: 0, leaks: 0 });
    // The whole log, too: no marker, no simulator secret, nor the start of one.
    const stderr = harness.server.stderr();
    for (const secret of [...new Set(cases.flatMap((c) => c.secrets)), ...harness.sim.knownSecrets]) {
      expect(stderr).not.toContain(secret.slice(0, 8));
    }
  }, 60_000);

  it('the harness itself sees a request sent, a secret echoed and an answer that names nothing', async () => {
    // A valid call is sent: the count moves.
    const sent = await runCase(harness, {
      id: 'control#sent', kind: 'wrong-type', tool: 'list_zones', label: 'valid', arguments: {}, expect: 'tool-error', names: ['zones'], secrets: [],
    });
    expect(sent.sent).toEqual(['listZones']);
    expect(sent.refused).toBe(false);
    // A "secret" used as an unknown parameter's name is echoed, as names are: the leak check finds it.
    const marker = 'Qx7RcontrolMarker0123456789';
    const leaked = await runCase(harness, {
      id: 'control#leak', kind: 'secret', tool: 'list_zones', label: 'marker as a name', arguments: { [marker]: 1 }, expect: 'tool-error', names: [marker], secrets: [marker],
    });
    expect(leaked.leaks.length).toBeGreaterThan(0);
    expect(leaked.sent).toEqual([]);
    // An answer that does not contain the needle does not count as naming it.
    const unnamed = await runCase(harness, {
      id: 'control#named', kind: 'wrong-type', tool: 'list_zones', label: 'id a number', arguments: { id: 5 }, expect: 'tool-error', names: ['"keyword"'], secrets: [],
    });
    expect(unnamed.refused).toBe(true);
    expect(unnamed.named).toBe(false);
  });

  // KNOWN DEFECT: an own "__proto__" key at the top of a tool call's arguments never reaches the
  // server's validation (the request's arguments are rebuilt on the way in, and assigning
  // "__proto__" sets the prototype instead of a key), so the call runs without it: list_zones
  // {"__proto__": {...}} lists zones (sent to CloudStack), call_read_api {"api": "listZones",
  // "__proto__": {...}} too, search_apis {"__proto__": {...}} lists the categories. It must be
  // refused as an unknown parameter, like "constructor" is. Inside `args` or a map param the key is
  // kept and refused. it.fails: this test starts failing (and must be turned into a plain `it`)
  // once the server refuses these cases.
  it(`refuses ${TOP_LEVEL_PROTO_DEFECT}`, async () => {
    const sample = [
      ...known.filter((c) => c.tool === 'search_apis' || c.tool === 'call_read_api'),
      ...known.filter((c) => c.tool === 'list_zones'),
    ];
    const listZones = model.apis.find((a) => a.name === 'listZones')!;
    if (!sample.some((c) => c.tool === 'list_zones')) sample.push(...apiCases(listZones, SEED, { all: true }).filter((c) => c.knownDefect));
    expect(sample.length).toBeGreaterThan(1);
    const failures: string[] = [];
    for (const c of sample) {
      const outcome = await runCase(harness, c);
      if (outcome.failures.length > 0) failures.push(describeOutcome(outcome));
    }
    expect(failures).toEqual([]);
  });
});
