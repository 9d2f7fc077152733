/**
 * Interop with a CloudStack client nobody here wrote: Debian's python3-cs, run unmodified as
 * `/usr/bin/python3 -m cs` with its usual environment. CI installs it (.ci/run) and there a
 * missing python3-cs fails the run. On a machine with only Node (the README's `npm test`) these
 * tests do not run, and say so loudly, with how to run them.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

let sim: RunningSimulator;

const INSTALLED = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import cs']).status === 0;
const REQUIRED = process.env.CI === 'true' || process.env.CI === '1';
const HOW = 'apt-get install -y python3-cs (Debian/Ubuntu), then npm test';
if (!INSTALLED && !REQUIRED) {
  process.stderr.write(
    `\n*** python3-cs is not installed: the python3-cs interop tests (test/simulator/python-cs.test.ts) DID NOT RUN.\n` +
      `*** To run them: ${HOW}. CI requires them.\n\n`,
  );
}

async function pythonCsAvailable(): Promise<boolean> {
  if (!existsSync(PYTHON)) return false;
  try {
    await run(PYTHON, ['-c', 'import cs']);
    return true;
  } catch {
    return false;
  }
}

/** Runs `python3 -m cs ARGS` as the user account and parses its JSON output. */
async function cs(args: string[]): Promise<Record<string, any>> {
  const { stdout } = await run(PYTHON, ['-m', 'cs', ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      CLOUDSTACK_ENDPOINT: sim.url,
      CLOUDSTACK_KEY: sim.accounts.user.apiKey,
      CLOUDSTACK_SECRET: sim.accounts.user.secretKey,
      // Its default 2 s between job polls would only slow the test down.
      CLOUDSTACK_POLL_INTERVAL: '0.1',
    },
    timeout: 20_000,
  });
  const output = JSON.parse(stdout) as Record<string, any>;
  // On an API error python3-cs prints CloudStack's error body and still exits 0.
  const [envelope] = Object.values(output) as Array<Record<string, any> | undefined>;
  if (envelope && typeof envelope === 'object' && 'errorcode' in envelope) {
    throw new Error(`python3-cs ${args.join(' ')}: ${envelope.errorcode} ${envelope.errortext}`);
  }
  return output;
}

describe.runIf(INSTALLED || REQUIRED)('python3-cs against the simulator', () => {
  beforeAll(async () => {
    sim = await startSimulator({ jobDelayMs: 150 });
  });
  afterAll(() => sim.close());

  it('is installed (apt-get install -y python3-cs; CI does it in .ci/run)', async () => {
    expect(await pythonCsAvailable(), `python3-cs is missing: ${HOW}`).toBe(true);
  });

  it('lists zones, deploys a VM (polling the job itself), lists it, destroys it, and calls over POST', async () => {
    expect(await pythonCsAvailable(), 'python3-cs is missing: run `apt-get install -y python3-cs`').toBe(true);

    const zones = await cs(['listZones']);
    expect(zones.count).toBe(1);
    expect(zones.zone[0].name).toBe('Zone1');

    const zoneId = zones.zone[0].id as string;
    const offering = (await cs(['listServiceOfferings', 'name=Small Instance'])).serviceoffering[0];
    const template = (await cs(['listTemplates', 'templatefilter=executable', 'name=CentOS 8'])).template[0];
    expect(offering.name).toBe('Small Instance');
    expect(template.name).toBe('CentOS 8');

    // Spaces, quotes, parentheses and non-ASCII in a value: signed by python3-cs, verified by us.
    const displayName = "web (1) 'blue' é";
    const deployed = await cs([
      'deployVirtualMachine',
      `serviceofferingid=${offering.id}`,
      `templateid=${template.id}`,
      `zoneid=${zoneId}`,
      'name=pycs-vm',
      `displayname=${displayName}`,
    ]);
    expect(deployed.virtualmachine.name).toBe('pycs-vm');
    expect(deployed.virtualmachine.displayname).toBe(displayName);
    expect(deployed.virtualmachine.state).toBe('Running');
    const vmId = deployed.virtualmachine.id as string;

    const listed = await cs(['listVirtualMachines', `id=${vmId}`]);
    expect(listed.count).toBe(1);
    expect(listed.virtualmachine[0]).toMatchObject({ id: vmId, state: 'Running', zoneid: zoneId });

    const destroyed = await cs(['destroyVirtualMachine', `id=${vmId}`]);
    expect(destroyed.virtualmachine.state).toBe('Destroyed');

    // POST: the form body is signed and verified the same way.
    const posted = await cs(['--post', 'createSSHKeyPair', 'name=pycs-key']);
    expect(posted.keypair.name).toBe('pycs-key');
    expect(sim.knownSecrets).toContain(posted.keypair.privatekey);
    const postedRequest = sim.requests.find((r) => r.command === 'createSSHKeyPair');
    expect(postedRequest).toMatchObject({ method: 'POST', status: 200, role: 'User' });

    // Every python3-cs request was accepted with signature version 3.
    const pycsRequests = sim.requests.filter((r) => r.role === 'User');
    expect(pycsRequests.length).toBeGreaterThan(5);
    for (const request of pycsRequests) expect(request.params.signatureversion).toBe('3');
  });

  it('is refused for a value with "~", which it signs without encoding (as a real server refuses it)', async () => {
    expect(await pythonCsAvailable(), 'python3-cs is missing: run `apt-get install -y python3-cs`').toBe(true);
    const failure = await cs(['listZones', 'keyword=a~b']).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toContain('unable to verify user credentials and/or request signature');
    expect(sim.requests.at(-1)).toMatchObject({ command: 'listZones', status: 401 });
  });
});

if (!INSTALLED && !REQUIRED) {
  describe('python3-cs against the simulator', () => {
    it.skip(`DID NOT RUN: python3-cs is not installed (${HOW}; CI requires it)`, () => {});
  });
}
