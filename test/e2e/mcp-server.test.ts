/**
 * The MCP server end to end: the real binary over stdio, driven by the SDK's own Client, against
 * the simulator (embedded with --simulator, or started here when a test needs to see what the
 * server sent to CloudStack).
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApiModelDocument } from '../../src/model/types.ts';
import { toolsByApiName } from '../../generated/tools/index.ts';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { sampleArgs } from '../support/sample-args.ts';
import { expectCancellationStopsPolling, expectProgressWhileWaiting } from '../support/job-scenarios.ts';
import { BundledModel } from '../../src/model/bundled.ts';

const model = BundledModel.open().decodeAll();
const META_TOOLS = ['search_apis', 'describe_api', 'call_read_api', 'call_api'];

type Result = CallToolResult & { structuredContent?: Record<string, any> };
const text = (result: Result) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

async function toolNames(args: string[]): Promise<string[]> {
  const server = await connectToServer(args);
  try {
    const { tools, nextCursor } = await server.client.listTools();
    expect(nextCursor).toBeUndefined(); // one page: some clients never read a second
    return tools.map((t) => t.name);
  } finally {
    await server.close();
  }
}

describe('tool surfaces', () => {
  it('discovery (default): the meta-tools and query_async_job_result', async () => {
    expect(await toolNames(['--simulator'])).toEqual([...META_TOOLS, 'query_async_job_result']);
  });

  it('--toolsets adds the dedicated tools of those categories', async () => {
    const names = await toolNames(['--simulator', '--toolsets', 'virtual-machine,volume']);
    const expected = model.apis
      .filter((a) => a.category === 'virtual-machine' || a.category === 'volume' || a.name === 'queryAsyncJobResult')
      .map((a) => a.toolName);
    expect(names.slice(0, 4)).toEqual(META_TOOLS);
    expect(names.slice(4).sort()).toEqual(expected.sort());
  });

  it('all: a tool for every API of the snapshot', async () => {
    const names = await toolNames(['--simulator', '--tools', 'all']);
    expect(names.length).toBe(META_TOOLS.length + model.apis.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it('--read-only lists only tools annotated read-only, and no call_api', async () => {
    const server = await connectToServer(['--simulator', '--tools', 'all', '--read-only']);
    try {
      const { tools } = await server.client.listTools();
      const reads = model.apis.filter((a) => a.access === 'read' && !a.returnsSecrets);
      expect(tools.map((t) => t.name)).not.toContain('call_api');
      expect(tools.length).toBe(3 + reads.length);
      expect(tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('role-aware: a user key sees only the APIs its role may call', async () => {
    const userNames = await toolNames(['--simulator', '--simulator-role', 'user', '--tools', 'all']);
    const userApis = model.apis.filter((a) => a.roles.includes('User'));
    expect(userNames.length).toBe(META_TOOLS.length + userApis.length);
    expect(userNames.length).toBeLessThan(META_TOOLS.length + model.apis.length);
    expect(userNames).not.toContain('delete_zone');
  });
});

describe('calls through the discovery surface', () => {
  let server: ConnectedServer;
  beforeAll(async () => {
    server = await connectToServer(['--simulator', '--simulator-job-delay-ms', '300']);
  });
  afterAll(async () => server.close());

  const call = (name: string, args: Record<string, unknown>) => server.client.callTool({ name, arguments: args }) as Promise<Result>;

  it('search finds deployVirtualMachine from "create a vm"', async () => {
    const result = await call('search_apis', { query: 'create a vm' });
    expect(result.structuredContent!.results[0].api).toBe('deployVirtualMachine');
  });

  it('search without words lists the categories', async () => {
    const result = await call('search_apis', {});
    expect(result.structuredContent!.categories.length).toBe(model.categories.length);
  });

  it('describe shows the schema, the async flag and how to call', async () => {
    const result = await call('describe_api', { name: 'deploy_virtual_machine' });
    expect(result.structuredContent).toMatchObject({ api: 'deployVirtualMachine', async: true, callWith: 'call_api' });
    expect(result.structuredContent!.inputSchema.required).toEqual(['serviceofferingid', 'templateid', 'zoneid']);
  });

  it('call_read_api runs a list API and bounds it to one page', async () => {
    const result = await call('call_read_api', { api: 'listZones' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ count: 1, page: 1 });
    expect(result.structuredContent!.zone[0].name).toBe('Zone1');
    expect(text(result)).toContain('Zone1');
  });

  it('a field filter returns only the named fields', async () => {
    const result = await call('call_read_api', { api: 'listZones', filter: ['id', 'name'] });
    expect(Object.keys(result.structuredContent!.zone[0]).sort()).toEqual(['id', 'name']);
  });

  it('argument errors name the parameter and list unknown ones; nothing is sent', async () => {
    const result = await call('call_api', { api: 'deployVirtualMachine', args: { templateid: 'x', zonid: 'y', serviceofferingid: 5 } });
    expect(result.isError).toBe(true);
    const message = text(result);
    expect(message).toContain('missing required parameter "zoneid"');
    expect(message).toContain('unknown parameter "zonid" (did you mean "zoneid"?)');
    expect(message).toContain('parameter "serviceofferingid"');
  });

  it('CloudStack errors come back as tool errors with the code and CloudStack\'s text', async () => {
    const result = await call('call_read_api', { api: 'listVirtualMachines', args: { id: '6f1c3c1e-0000-4000-8000-000000000000' } });
    expect(result.isError).toBe(true);
    expect(result.structuredContent!.error.errorcode).toBe(431);
    expect(text(result)).toContain('6f1c3c1e-0000-4000-8000-000000000000');
  });

  it('call_read_api refuses mutating APIs and reads that return secrets', async () => {
    const mutation = await call('call_read_api', { api: 'deployVirtualMachine', args: {} });
    expect(mutation.isError).toBe(true);
    expect(text(mutation)).toContain('use call_api');
    const secrets = await call('call_read_api', { api: 'getUserKeys', args: { id: 'x' } });
    expect(text(secrets)).toContain('returns secrets');
  });

  it('an unknown API gets a suggestion', async () => {
    const result = await call('call_read_api', { api: 'listZone' });
    expect(text(result)).toContain('did you mean listZones');
  });
});

describe('async jobs through a dedicated tool', () => {
  let sim: RunningSimulator;
  let server: ConnectedServer;
  let ids: { zoneid: string; templateid: string; serviceofferingid: string };

  beforeAll(async () => {
    sim = await startSimulator({ jobDelayMs: 1500 });
    const admin = sim.accounts.admin;
    server = await connectToServer(['--url', sim.url, '--api-key', admin.apiKey, '--secret-key', admin.secretKey, '--toolsets', 'virtual-machine,template-iso,offering,zone']);
    const first = async (tool: string, args: Record<string, unknown>, key: string) =>
      ((await server.client.callTool({ name: tool, arguments: args })) as Result).structuredContent![key][0].id as string;
    ids = {
      zoneid: await first('list_zones', {}, 'zone'),
      templateid: await first('list_templates', { templatefilter: 'featured' }, 'template'),
      serviceofferingid: await first('list_service_offerings', {}, 'serviceoffering'),
    };
  });
  afterAll(async () => {
    await server.close();
    await sim.close();
  });

  it('waits for the job and reports progress', async () => {
    await expectProgressWhileWaiting({ client: server.client, deployArgs: ids, name: 'progress-vm' });
  });

  it('wait=false returns the job id at once, and query_async_job_result follows it', async () => {
    const queued = (await server.client.callTool({ name: 'deploy_virtual_machine', arguments: { ...ids, wait: false } })) as Result;
    const jobid = queued.structuredContent!.jobid as string;
    expect(jobid).toMatch(/^[0-9a-f-]{36}$/);
    expect(text(queued)).toContain('query_async_job_result');
    const status = (await server.client.callTool({ name: 'query_async_job_result', arguments: { jobid } })) as Result;
    expect(status.structuredContent!.jobid).toBe(jobid);
  });

  it('cancellation stops polling; the job goes on in CloudStack', async () => {
    await expectCancellationStopsPolling({ client: server.client, sim, stderr: () => server.stderr(), deployArgs: ids, name: 'cancelled-vm' });
    // As the server itself lists it, too.
    const vms = (await server.client.callTool({ name: 'list_virtual_machines', arguments: { name: 'cancelled-vm' } })) as Result;
    expect(vms.structuredContent!.virtualmachine[0].state).toBe('Running');
  });
});

describe('a live server that differs from the snapshot', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    // A newer CloudStack: the bundled 4.20.2 model lacks 53 of its APIs.
    sim = await startSimulator({ snapshotPath: 'api-snapshots/cloudstack-4.22.0.0-SNAPSHOT.json', jobDelayMs: 20 });
  });
  afterAll(async () => sim.close());
  const connect = (extra: string[] = []) =>
    connectToServer(['--url', sim.url, '--api-key', sim.accounts.admin.apiKey, '--secret-key', sim.accounts.admin.secretKey, ...extra]);

  it('makes APIs the snapshot lacks callable through discovery, from their live description', async () => {
    const server = await connect();
    try {
      const found = (await server.client.callTool({ name: 'search_apis', arguments: { query: 'gpu cards' } })) as Result;
      expect(found.structuredContent!.results.map((r: { api: string }) => r.api)).toContain('listGpuCards');
      const described = (await server.client.callTool({ name: 'describe_api', arguments: { name: 'deleteGpuCard' } })) as Result;
      expect(described.structuredContent).toMatchObject({ api: 'deleteGpuCard', access: 'destructive', confirmation: true });
      expect(described.structuredContent!.inputSchema.required).toEqual(['id']);
      const listed = (await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listGpuCards' } })) as Result;
      expect(listed.isError).toBeFalsy();
      expect(server.stderr()).toMatch(/listApis: \d+ APIs available to this account, 53 not in the 4\.20\.2\.0 snapshot/);
    } finally {
      await server.close();
    }
  });

  it('--offline trusts the snapshot and does not ask listApis', async () => {
    const before = sim.requests.filter((r) => r.command === 'listApis').length;
    const server = await connect(['--offline']);
    try {
      const unknown = (await server.client.callTool({ name: 'describe_api', arguments: { name: 'listGpuCards' } })) as Result;
      expect(unknown.isError).toBe(true);
      expect(sim.requests.filter((r) => r.command === 'listApis').length).toBe(before);
    } finally {
      await server.close();
    }
  });
});

describe('bounded results and job time-outs', () => {
  let sim: RunningSimulator;
  let server: ConnectedServer;
  beforeAll(async () => {
    sim = await startSimulator({ jobDelayMs: 20 });
    sim.state.seed('virtualmachine', 30, { namePrefix: 'bounded' });
    server = await connectToServer([
      '--url', sim.url, '--api-key', sim.accounts.admin.apiKey, '--secret-key', sim.accounts.admin.secretKey,
      '--max-items', '7', '--job-timeout-ms', '1500', '--toolsets', 'virtual-machine',
    ]);
  });
  afterAll(async () => {
    await server.close();
    await sim.close();
  });

  it('returns one page of at most --max-items with the total and the next page', async () => {
    const first = (await server.client.callTool({ name: 'list_virtual_machines', arguments: { keyword: 'bounded' } })) as Result;
    expect(first.structuredContent).toMatchObject({ count: 30, page: 1, pagesize: 7, nextPage: 2 });
    expect(first.structuredContent!.virtualmachine).toHaveLength(7);
    expect(text(first)).toContain('page=2');
    const last = (await server.client.callTool({ name: 'list_virtual_machines', arguments: { keyword: 'bounded', page: 5, pagesize: 7 } })) as Result;
    expect(last.structuredContent!.virtualmachine).toHaveLength(2);
    expect(last.structuredContent!.nextPage).toBeUndefined();
  });

  it('a job that outlives the wait comes back with its id, to follow with query_async_job_result', async () => {
    sim.faults.neverFinishJobs = ['stopVirtualMachine'];
    try {
      const [vm] = sim.state.seed('virtualmachine', 1, { namePrefix: 'slow' });
      const first = (await server.client.callTool({ name: 'stop_virtual_machine', arguments: { id: vm.id } })) as Result;
      const token = first.structuredContent!.confirmationToken;
      const result = (await server.client.callTool({ name: 'stop_virtual_machine', arguments: { id: vm.id, confirm: token } })) as Result;
      expect(result.isError).toBeFalsy();
      const jobid = result.structuredContent!.jobid as string;
      expect(text(result)).toContain(`query_async_job_result {"jobid":"${jobid}"}`);
      const status = (await server.client.callTool({ name: 'query_async_job_result', arguments: { jobid } })) as Result;
      expect(status.structuredContent!.jobstatus).toBe(0);
    } finally {
      sim.faults.neverFinishJobs = false;
    }
  });
});

describe('every API through its dedicated tool', () => {
  it('answers with structuredContent that validates against the generated outputSchema, or a CloudStack error', async () => {
    const sim = await startSimulator({ jobDelayMs: 5 });
    const admin = sim.accounts.admin;
    const server = await connectToServer([
      '--url', sim.url, '--api-key', admin.apiKey, '--secret-key', admin.secretKey,
      '--tools', 'all', '--confirm', 'never', '--allow-no-confirmation', '--job-poll-ms', '10',
    ]);
    try {
      await server.client.listTools(); // the SDK client then checks each result against the listed (compact) schema too
      const ajv = new Ajv({ strict: false });
      const invalid: string[] = [];
      let answered = 0;
      let refused = 0;
      for (const api of model.apis) {
        const tool = toolsByApiName.get(api.name)!;
        const result = (await server.client.callTool({ name: tool.name, arguments: sampleArgs(tool.inputSchema) })) as Result;
        if (result.isError) {
          // The seeded cloud cannot satisfy every call with sample arguments; the refusal must be CloudStack's.
          expect(typeof result.structuredContent?.error?.errorcode, `${api.name}: ${text(result)}`).toBe('number');
          refused++;
          continue;
        }
        const validate = ajv.compile(tool.outputSchema);
        if (!validate(result.structuredContent)) invalid.push(`${api.name}: ${ajv.errorsText(validate.errors)}`);
        answered++;
      }
      expect(invalid).toEqual([]);
      expect(answered + refused).toBe(model.apis.length);
      expect(answered).toBeGreaterThan(model.apis.length * 0.85);
    } finally {
      await server.close();
      await sim.close();
    }
  }, 300_000);
});
