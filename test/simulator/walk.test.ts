/**
 * Walks every API of the default snapshot with its required parameters and checks each answer is a
 * well-formed, correctly enveloped CloudStack answer; async APIs must finish their job.
 *
 * Values: a `uuid` parameter gets the id of an existing entity of the kind its `related` APIs return
 * (fresh ones are seeded where possible, so earlier deletes do not starve later calls); APIs without
 * a stateful handler accept any UUID. Stateful handlers may refuse a combination that makes no sense
 * in the seeded cloud (deleting a zone in use): such refusals must still be proper error envelopes.
 */
import type { MetaShape } from '../support/meta-shape.ts';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEnvelope } from '../../src/model/response-shape.ts';
import type { ApiModel, ParamModel } from '../../src/model/types.ts';
import { catalogFromSnapshot, defaultSnapshotPath } from '../../src/simulator/catalog.ts';
import { HANDLERS } from '../../src/simulator/handlers/index.ts';
import { noResultHandlers } from '../../src/simulator/handlers/no-result.ts';
import { SEEDABLE_KINDS, startSimulator, type RunningSimulator, type SeedableKind } from '../../src/simulator/index.ts';
import { call, waitForJob } from '../support/simulator.ts';

// The model built from the snapshot and its meta (what generated/model/ decodes to, test/model/compact.test.ts).
const catalog = catalogFromSnapshot(defaultSnapshotPath());
const apis = catalog.model.apis;

const metaShapes = (JSON.parse(readFileSync(defaultSnapshotPath().replace(/\.json$/, '.meta.json'), 'utf8')) as {
  apis: Record<string, { response: MetaShape }>;
}).apis;
const shapeOf = (name: string) => metaShapes[name].response;
/** The envelope key CloudStack writes for an API (its getCommandName()). */
const envelopeOf = (name: string) => shapeOf(name).name ?? shapeOf(name).nameLikely ?? defaultEnvelope(name);
/** The envelope key of its errors: getCommandName(), which the meta names where the answer's differs. */
const errorEnvelopeOf = (name: string) => /\(differs from getCommandName\(\) (\S+?)\)/.exec(shapeOf(name).nameBasis ?? '')?.[1] ?? envelopeOf(name);

/** The state kind behind a response key, where the names differ. */
const KIND_FOR_KEY: Record<string, string> = { ipaddress: 'publicipaddress', keypair: 'sshkeypair', asyncjobs: 'job' };

/** Kinds the handlers keep, by the noun of an API name (`deleteIso` → `iso`). */
const STATE_KINDS = new Set([
  ...SEEDABLE_KINDS, 'snapshot', 'vpc', 'publicipaddress', 'firewallrule', 'portforwardingrule', 'egressfirewallrule',
  'securitygroup', 'sshkeypair', 'domain', 'account', 'user', 'role', 'networkoffering', 'vpcoffering',
]);

function kindOfParam(api: ApiModel, param: ParamModel): string | undefined {
  if (param.name === 'id') {
    const noun = api.name.replace(/^[a-z]+/, '').toLowerCase();
    if (STATE_KINDS.has(noun)) return noun;
    if (noun === 'ipaddress') return 'publicipaddress';
  }
  for (const related of param.related ?? []) {
    const key = catalog.byName.get(related)?.responseKey;
    if (key) return KIND_FOR_KEY[key] ?? key;
  }
  return undefined;
}

let sim: RunningSimulator;
let lastJobId = '';
/** Async APIs whose job result is a ListResponse the walk saw succeed. */
let listJobs = 0;

/** Calls an API as the admin and returns what is inside the envelope (waiting for async jobs). */
async function make(params: Record<string, string>): Promise<Record<string, any>> {
  const answer = await call(sim, params);
  const content = answer.body?.[envelopeOf(params.command)];
  if (answer.status !== 200) throw new Error(`fixture ${params.command} failed: ${answer.text}`);
  return content.jobid ? (await waitForJob(sim, content.jobid)).jobresult : content;
}

/** Makes sure one entity of each kind the handlers need exists (earlier calls may have deleted it). */
async function ensureFixtures(): Promise<void> {
  const { store } = sim.state;
  const network = store.all('network').find((n) => n.owner?.account === 'admin')!;
  const has = (kind: string) => store.all(kind).length > 0;
  if (!has('virtualmachine')) sim.state.seed('virtualmachine', 1, { namePrefix: 'walk-vm' });
  if (!has('publicipaddress')) await make({ command: 'associateIpAddress', networkid: network.id });
  const ip = store.all('publicipaddress').at(-1)!;
  if (!has('firewallrule')) await make({ command: 'createFirewallRule', ipaddressid: ip.id, protocol: 'tcp', startport: '22', endport: '22' });
  if (!has('portforwardingrule')) {
    const vm = store.all('virtualmachine').at(-1)!;
    await make({ command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: String(2000 + store.all('portforwardingrule').length), privateport: '22', virtualmachineid: vm.id });
  }
  if (!has('egressfirewallrule')) await make({ command: 'createEgressFirewallRule', networkid: network.id, protocol: 'tcp' });
  if (!has('snapshot')) await make({ command: 'createSnapshot', volumeid: store.all('volume').at(-1)!.id });
  if (!has('vpc')) await make({ command: 'createVPC', name: 'walk-vpc', zoneid: sim.state.first('zone').id, vpcofferingid: sim.state.first('vpcoffering').id });
  if (!has('sshkeypair')) await make({ command: 'registerSSHKeyPair', name: `walk-key-${Date.now()}`, publickey: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ walk' });
  const group = store.all('securitygroup').at(-1) ?? store.get('securitygroup', (await make({ command: 'createSecurityGroup', name: `walk-sg-${Date.now()}` })).securitygroup.id)!;
  for (const direction of ['Ingress', 'Egress']) {
    if ((group.data[`${direction.toLowerCase()}rule`] as unknown[]).length === 0) {
      await make({ command: `authorizeSecurityGroup${direction}`, securitygroupid: group.id, protocol: 'tcp', startport: '22', endport: '22' });
    }
  }
}

function uuidFor(api: ApiModel, param: ParamModel): string {
  const kind = kindOfParam(api, param);
  if (param.name === 'jobid' && lastJobId) return lastJobId;
  if (/^revokeSecurityGroup(Ingress|Egress)$/.test(api.name)) {
    const direction = api.name.endsWith('Ingress') ? 'ingressrule' : 'egressrule';
    return (sim.state.store.all('securitygroup').at(-1)!.data[direction] as Array<{ ruleid: string }>)[0].ruleid;
  }
  if (kind && (SEEDABLE_KINDS as readonly string[]).includes(kind)) return sim.state.seed(kind as SeedableKind, 1, { namePrefix: 'walk' })[0].id;
  const existing = kind ? sim.state.store.all(kind).at(-1) : undefined;
  return existing?.id ?? sim.state.first('zone').id;
}

function valueFor(api: ApiModel, param: ParamModel): Array<[string, string]> {
  switch (param.type) {
    case 'uuid':
      return [[param.name, uuidFor(api, param)]];
    case 'boolean':
      return [[param.name, 'false']];
    case 'integer':
    case 'long':
    case 'short':
      return [[param.name, '1']];
    case 'double':
    case 'float':
      return [[param.name, '1.5']];
    case 'date':
      return [[param.name, '2026-01-01']];
    case 'list':
      if (param.name === 'resourceids') return [[param.name, sim.state.store.all('virtualmachine').at(-1)!.id]];
      return [[param.name, kindOfParam(api, param) ? uuidFor(api, param) : 'walk-a,walk-b']];
    case 'map':
      return [
        [`${param.name}[0].key`, `walk-${api.name}`],
        [`${param.name}[0].value`, 'walk'],
      ];
    default: {
      if (param.name === 'protocol') return [[param.name, 'tcp']];
      if (param.name === 'templatefilter') return [[param.name, 'executable']];
      if (param.name === 'resourcetype') return [[param.name, 'UserVm']];
      if (param.name === 'publickey') return [[param.name, 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ walk']];
      if (param.name === 'userapikey') return [[param.name, sim.accounts.user.apiKey]];
      if (param.name === 'account') return [[param.name, 'user']];
      if (api.name === 'deleteSSHKeyPair' && param.name === 'name') return [[param.name, String(sim.state.store.all('sshkeypair').at(-1)!.data.name)]];
      if (api.name === 'registerSSHKeyPair' && param.name === 'name') return [[param.name, `walk-registered-${Date.now()}`]];
      return [[param.name, `walk-${api.name}-${param.name}`.slice(0, param.length ?? 255)]];
    }
  }
}

/** The entity key the meta traces, else the model's (decided by override, test/model/response-shapes.test.ts). */
const keyOf = (api: ApiModel) => shapeOf(api.name).objectName ?? api.responseKey;

function checkSyncBody(api: ApiModel, content: Record<string, any>): void {
  switch (api.responseKind) {
    case 'list':
      if (Object.keys(content).length > 0) {
        expect(Object.keys(content)[0], `${api.name}: count comes first`).toBe('count');
        expect(typeof content.count).toBe('number');
        const itemKey = Object.keys(content).find((k) => k !== 'count');
        if (itemKey !== undefined) {
          expect(itemKey, api.name).toBe(keyOf(api));
          expect(Array.isArray(content[itemKey])).toBe(true);
        }
      }
      break;
    case 'object':
      expect(Object.keys(content), api.name).toEqual([keyOf(api)]);
      expect(typeof content[keyOf(api)!]).toBe('object');
      break;
    case 'success':
      expect(content.success, api.name).toBe(true);
      expect(Object.keys(content).filter((k) => k !== 'success' && k !== 'displaytext'), api.name).toEqual([]);
      break;
    case 'fields':
    case 'authenticator':
      expect(Object.keys(content).length, api.name).toBeGreaterThan(0);
      break;
  }
}

/** A finished job's result: `{<key>: {...}}`, or `{success, details?}` for a success (not `displaytext`). */
function checkJobResult(api: ApiModel, result: Record<string, any>): void {
  if (api.responseKind === 'success') {
    expect(result.success, api.name).toBe(true);
    expect(Object.keys(result).filter((k) => k !== 'success' && k !== 'details'), api.name).toEqual([]);
  } else if (api.responseKind === 'object') {
    expect(Object.keys(result), api.name).toEqual([keyOf(api)]);
  } else if (api.responseKind === 'list') {
    // A ListResponse as a job result (dedicateHost, -Pod, -Zone; the meta: "{<objectName of the
    // ListResponse>: {responses: [...]}}"): no command names the ListResponse itself, so the key is "null".
    expect(shapeOf(api.name).jobresult, api.name).toMatch(/^\{<objectName of the ListResponse>: \{responses: \[\.\.\.\]\}\}/);
    expect(Object.keys(result), api.name).toEqual(['null']);
    expect(Object.keys(result.null), api.name).toEqual(['responses']);
    expect(Array.isArray(result.null.responses), api.name).toBe(true);
    listJobs++;
  }
}

function checkError(api: ApiModel, status: number, body: Record<string, any> | undefined): void {
  expect(body, `${api.name}: error body`).toBeDefined();
  const key = Object.keys(body!)[0];
  expect([errorEnvelopeOf(api.name), 'errorresponse'], api.name).toContain(key);
  const error = body![key];
  expect(error.errorcode, api.name).toBe(status);
  expect(typeof error.errortext).toBe('string');
  expect(Array.isArray(error.uuidList)).toBe(true);
}

/**
 * APIs whose required parameters alone do not say enough (CloudStack refuses them the same way), and
 * state transitions the seeded VM cannot make (it is Running). Anything else refused fails the walk.
 */
const EXPECTED_REFUSALS = new Set([
  'addHost', // a freshly seeded pod has no cluster
  'associateIpAddress', // needs networkid, vpcid or zoneid
  'authorizeSecurityGroupEgress', // needs securitygroupid or securitygroupname
  'authorizeSecurityGroupIngress',
  'createVolume', // needs diskofferingid or snapshotid
  'deleteSecurityGroup', // needs id or name
  'detachIso', // nothing attached
  'detachVolume', // needs id or virtualmachineid + deviceid
  'disableAccount', // needs id or account
  'enableAccount',
  'updateAccount',
  'disassociateIpAddress', // needs id or ipaddress
  'expungeVirtualMachine', // the VM is Running: destroy first
  'recoverVirtualMachine', // the VM is not Destroyed
  'resizeVolume', // needs size or diskofferingid
]);

beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 0, snapshotPath: defaultSnapshotPath() });
});
afterAll(() => sim.close());

describe('every API of the snapshot', () => {
  it('answers with a well-formed envelope, and async jobs finish', { timeout: 120_000 }, async () => {
    const refusedByHandlers: string[] = [];
    let walked = 0;
    for (const api of apis) {
      await ensureFixtures();
      const params: Array<[string, string]> = [['command', api.name]];
      for (const param of api.params) if (param.required) params.push(...valueFor(api, param));
      const method = api.name === 'login' ? 'POST' : 'GET';
      const answer = await call(sim, params, { method });
      walked++;
      const stateful = api.name in HANDLERS;
      if (api.name === 'login') {
        // The authenticator answers without a key; the walk's credentials are not a user's.
        expect(answer.status).toBe(531);
        checkError(api, answer.status, answer.body);
        continue;
      }
      if (answer.status !== 200) {
        expect(stateful, `${api.name} answered ${answer.status}: ${answer.text.slice(0, 300)}`).toBe(true);
        checkError(api, answer.status, answer.body);
        refusedByHandlers.push(`${api.name}: ${answer.body?.[Object.keys(answer.body)[0]]?.errortext}`);
        continue;
      }
      expect(Object.keys(answer.body!), `${api.name}: the envelope`).toEqual([envelopeOf(api.name)]);
      const content = answer.body![envelopeOf(api.name)];
      expect(api.isAsync, api.name).toBe(shapeOf(api.name).async);
      if (!api.isAsync) {
        checkSyncBody(api, content);
        continue;
      }
      expect(typeof content.jobid, api.name).toBe('string');
      // The immediate answer: `{jobid}` or `{id, jobid}`, as the meta's `immediate` traces it.
      expect(Object.keys(content).sort(), `${api.name}: the immediate answer`).toEqual([...shapeOf(api.name).immediate!].sort());
      if (content.id !== undefined) expect(typeof content.id, api.name).toBe('string');
      lastJobId = content.jobid;
      const job = await waitForJob(sim, content.jobid);
      if (job.jobstatus === 1 && Object.hasOwn(noResultHandlers, api.name) && job.jobresult === undefined) {
        // The command sets no response object: no result, and so no result type (AsyncJobJoinDaoImpl).
        expect(job.jobresultcode).toBe(0);
        expect(job).not.toHaveProperty('jobresulttype');
      } else if (job.jobstatus === 1) {
        expect(job.jobresultcode).toBe(0);
        expect(job.jobresulttype).toBe('object');
        checkJobResult(api, job.jobresult);
      } else {
        expect(job.jobstatus, `${api.name}: job did not finish`).toBe(2);
        expect(stateful, `${api.name} job failed: ${JSON.stringify(job.jobresult)}`).toBe(true);
        expect(Object.keys(job.jobresult).sort()).toEqual(['errorcode', 'errortext']);
        refusedByHandlers.push(`${api.name} (job): ${job.jobresult.errortext}`);
      }
    }
    expect(walked).toBe(apis.length);
    expect(listJobs, 'dedicateHost, dedicatePod, dedicateZone').toBe(3);
    // Visible in the test output, so a reviewer sees what the walk could not exercise.
    console.log(`walked ${walked} APIs; ${refusedByHandlers.length} refused by stateful handlers:\n  ${refusedByHandlers.join('\n  ')}`);
    const unexpected = refusedByHandlers.filter((line) => !EXPECTED_REFUSALS.has(line.replace(/[: (].*$/, '')));
    expect(unexpected).toEqual([]);
  });

  it('has a handler only for APIs the snapshot has', () => {
    for (const name of Object.keys(HANDLERS)) expect(catalog.byName.has(name), name).toBe(true);
  });
});
