/**
 * One-time secrets end to end: the real server over stdio against an in-process simulator that
 * counts every request. A secret CloudStack shows once is saved to a private file and the result
 * gives its path; it never reaches the output (unless asked for), stderr or the audit log.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MASK } from '../../src/safety/mask.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { connectToServer, type ConnectedServer, type ConnectOptions } from '../support/stdio-client.ts';

type Result = CallToolResult & { structuredContent?: Record<string, any> };
const textOf = (r: Result) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const everything = (r: Result) => textOf(r) + '\n' + JSON.stringify(r.structuredContent ?? {});
const modeOf = (path: string) => statSync(path).mode & 0o777;
const PEM = /^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END RSA PRIVATE KEY-----\n$/;

let sim: RunningSimulator;
let scratch: string;
const received = (command: string) => sim.requests.filter((r) => r.command === command).length;

beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 10 });
  scratch = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-one-time-'));
});
afterAll(async () => sim.close());

interface Started {
  server: ConnectedServer;
  secretsDir: string;
  auditFile: string;
}

let runs = 0;
async function start(extra: string[] = [], options: ConnectOptions = {}, cloud: RunningSimulator = sim): Promise<Started> {
  const run = join(scratch, `run-${++runs}`);
  const secretsDir = join(run, 'secrets');
  const auditFile = join(run, 'audit.jsonl');
  const admin = cloud.accounts.admin;
  const server = await connectToServer(
    ['--url', cloud.url, '--api-key', admin.apiKey, '--secret-key', admin.secretKey, '--job-poll-ms', '20', '--audit-log', auditFile, '--secrets-dir', secretsDir, ...extra],
    options,
  );
  return { server, secretsDir, auditFile };
}

const callApi = (server: ConnectedServer, api: string, args: Record<string, unknown>) =>
  server.client.callTool({ name: 'call_api', arguments: { api, args } }) as Promise<Result>;

/** The private key the simulator handed out last (it keeps every secret it made). */
const lastSecret = () => sim.knownSecrets[sim.knownSecrets.length - 1];

describe('createSSHKeyPair under the default policy (file)', () => {
  let run: Started;
  let result: Result;
  let privateKey: string;
  beforeAll(async () => {
    run = await start();
    result = await callApi(run.server, 'createSSHKeyPair', { name: 'e2e-key' });
    privateKey = lastSecret();
    await run.server.close();
  });

  it('saves the private key to a 0600 file in a 0700 directory', () => {
    expect(result.isError).toBeFalsy();
    expect(privateKey).toMatch(PEM);
    const path = result.structuredContent!.secretFile.path as string;
    expect(dirname(path)).toBe(run.secretsDir);
    expect(path).toMatch(/\/createSSHKeyPair-e2e-key-\d{8}T\d{6}Z\.pem$/);
    expect(readFileSync(path, 'utf8')).toBe(privateKey);
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(run.secretsDir)).toBe(0o700);
  });

  it('gives the path in text and structured content, and the key in neither', () => {
    const path = result.structuredContent!.secretFile.path as string;
    expect(result.structuredContent).toMatchObject({ keypair: { name: 'e2e-key', privatekey: MASK }, outcome: 'succeeded', secretFile: { fields: ['privatekey'] } });
    expect(textOf(result)).toContain(`saved to ${path}`);
    expect(everything(result)).not.toContain(privateKey);
    expect(everything(result)).not.toContain('BEGIN RSA PRIVATE KEY');
  });

  it('keeps the key out of stderr and the audit log, which has the path', () => {
    const path = result.structuredContent!.secretFile.path as string;
    const body = privateKey.split('\n')[1];
    expect(run.server.stderr()).toContain(path);
    expect(run.server.stderr()).not.toContain(body);
    const audit = readFileSync(run.auditFile, 'utf8');
    expect(audit).not.toContain(body);
    const ended = audit.trim().split('\n').map((line) => JSON.parse(line)).find((l) => l.event === 'ended');
    expect(ended).toMatchObject({ api: 'createSSHKeyPair', outcome: 'succeeded', secretFile: path });
  });
});

describe('other policies and flags', () => {
  it('--reveal-secrets shows the key in the result, and still saves it', async () => {
    const run = await start(['--reveal-secrets']);
    try {
      const result = await callApi(run.server, 'createSSHKeyPair', { name: 'revealed-key' });
      const privateKey = lastSecret();
      expect(result.structuredContent!.keypair.privatekey).toBe(privateKey);
      expect(textOf(result)).toContain(privateKey.split('\n')[1]);
      expect(readFileSync(result.structuredContent!.secretFile.path, 'utf8')).toBe(privateKey);
      expect(run.server.stderr()).not.toContain(privateKey.split('\n')[1]);
      expect(readFileSync(run.auditFile, 'utf8')).not.toContain(privateKey.split('\n')[1]);
    } finally {
      await run.server.close();
    }
  });

  it('registerUserKeys saves both new keys to one file, and shows neither', async () => {
    const run = await start();
    try {
      const userId = sim.accounts.user.userId;
      const before = received('registerUserKeys');
      const result = await callApi(run.server, 'registerUserKeys', { id: userId });
      expect(received('registerUserKeys')).toBe(before + 1);
      const user = sim.state.store.get('user', userId)!;
      const apiKey = String(user.data.apikey);
      const secretKey = String(user.hidden.secretkey);
      const path = result.structuredContent!.secretFile.path as string;
      expect(path).toContain(`registerUserKeys-${userId}-`);
      expect(readFileSync(path, 'utf8')).toBe(`apikey=${apiKey}\nsecretkey=${secretKey}\n`);
      expect(modeOf(path)).toBe(0o600);
      expect(result.structuredContent!.userkeys).toMatchObject({ apikey: MASK, secretkey: MASK });
      for (const haystack of [everything(result), run.server.stderr(), readFileSync(run.auditFile, 'utf8')]) {
        expect(haystack).not.toContain(secretKey);
        expect(haystack).not.toContain(apiKey);
      }
    } finally {
      await run.server.close();
    }
  });

  it('an async call with one waits for its job even when asked not to: the secret is in the job result', async () => {
    const run = await start();
    try {
      const result = (await run.server.client.callTool({
        name: 'call_api',
        arguments: { api: 'issueCertificate', args: { domain: 'wait.example.com' }, wait: false },
      })) as Result;
      expect(result.structuredContent!.outcome).toBe('succeeded');
      expect(textOf(result)).toContain('wait: false ignored');
      const saved = readFileSync(result.structuredContent!.secretFile.path, 'utf8').trimEnd();
      expect(sim.knownSecrets).toContain(saved);
      expect(result.structuredContent!.certificates.privatekey).toBe(MASK);
      expect(everything(result)).not.toContain(saved);
    } finally {
      await run.server.close();
    }
  });

  it('the "return" policy puts the key in the result and writes no file', async () => {
    const run = await start(['--one-time-secrets', 'return']);
    try {
      const result = await callApi(run.server, 'createSSHKeyPair', { name: 'returned-key' });
      expect(result.structuredContent!.keypair.privatekey).toBe(lastSecret());
      expect(result.structuredContent!.secretFile).toBeUndefined();
      expect(textOf(result)).toContain('in this result: keep it now');
      expect(readdirSync(dirname(run.secretsDir))).not.toContain('secrets');
      expect(run.server.stderr()).not.toContain(lastSecret().split('\n')[1]);
    } finally {
      await run.server.close();
    }
  });

  it('the "refuse" policy refuses before sending: CloudStack sees no request', async () => {
    const run = await start(['--one-time-secrets', 'refuse']);
    try {
      const before = received('createSSHKeyPair');
      const result = await callApi(run.server, 'createSSHKeyPair', { name: 'refused-key' });
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toMatchObject({ outcome: 'not-sent', error: { kind: 'one-time-secret-refused', fields: ['privatekey'] } });
      expect(textOf(result)).toContain('was not sent to CloudStack');
      expect(received('createSSHKeyPair')).toBe(before);
      expect(sim.state.store.all('sshkeypair').some((k) => k.data.name === 'refused-key')).toBe(false);
      // With a CSR, issueCertificate generates no private key: the policy lets it through.
      const beforeIssue = received('issueCertificate');
      const withCsr = await callApi(run.server, 'issueCertificate', { csr: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----' });
      expect(withCsr.isError).toBeFalsy();
      expect(received('issueCertificate')).toBe(beforeIssue + 1);
      const withoutCsr = await callApi(run.server, 'issueCertificate', { domain: 'a.example.com' });
      expect(withoutCsr.structuredContent?.error?.kind).toBe('one-time-secret-refused');
      expect(received('issueCertificate')).toBe(beforeIssue + 1);
    } finally {
      await run.server.close();
    }
  });
});

describe('a VM password (one-time only for password-enabled templates)', () => {
  /** Deploy arguments on a password-enabled template, and the password the simulator made. */
  async function deployWithPassword(server: ConnectedServer, name: string, wait?: boolean, cloud: RunningSimulator = sim): Promise<{ result: Result; password: string }> {
    const read = async (api: string, key: string, args: Record<string, unknown> = {}) =>
      ((await server.client.callTool({ name: 'call_read_api', arguments: { api, args } })) as Result).structuredContent![key][0].id as string;
    const templateid = await read('listTemplates', 'template', { templatefilter: 'all' });
    const updated = await callApi(server, 'updateTemplate', { id: templateid, passwordenabled: true });
    expect(updated.isError).toBeFalsy();
    const args = { name, zoneid: await read('listZones', 'zone'), serviceofferingid: await read('listServiceOfferings', 'serviceoffering'), templateid };
    const result = (await server.client.callTool({
      name: 'call_api',
      arguments: { api: 'deployVirtualMachine', args, ...(wait === undefined ? {} : { wait }) },
    })) as Result;
    return { result, password: cloud.knownSecrets[cloud.knownSecrets.length - 1] };
  }

  it('policy file: the deploy waits for its job and saves the password; it is not in the output', async () => {
    const run = await start();
    try {
      const { result, password } = await deployWithPassword(run.server, 'pw-file');
      expect(result.isError).toBeFalsy();
      const path = result.structuredContent!.secretFile.path as string;
      expect(readFileSync(path, 'utf8').trim()).toBe(password);
      expect(modeOf(path)).toBe(0o600);
      expect(everything(result)).not.toContain(password);
      expect(run.server.stderr()).not.toContain(password);
    } finally {
      await run.server.close();
    }
  });

  it('wait: false is kept for a deploy; query_async_job_result saves the password when the job has ended', async () => {
    const run = await start();
    try {
      const before = sim.knownSecrets.length;
      const { result: queued } = await deployWithPassword(run.server, 'pw-queued', false);
      expect(queued.structuredContent!.outcome).toBe('queued');
      expect(textOf(queued)).toContain('follow it with query_async_job_result in this session');
      const jobid = queued.structuredContent!.jobid as string;
      let status: Result;
      do {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (await run.server.client.callTool({ name: 'query_async_job_result', arguments: { jobid } })) as Result;
      } while (status.structuredContent!.jobstatus === 0);
      expect(status.structuredContent!.jobstatus).toBe(1);
      expect(sim.knownSecrets.length).toBe(before + 1);
      const password = lastSecret();
      const path = status.structuredContent!.secretFile.path as string;
      expect(readFileSync(path, 'utf8').trim()).toBe(password);
      expect(status.structuredContent!.jobresult.virtualmachine.password).toBe(MASK);
      expect(everything(status)).not.toContain(password);
      // Kept once: a second look at the ended job only masks.
      const again = (await run.server.client.callTool({ name: 'query_async_job_result', arguments: { jobid } })) as Result;
      expect(again.structuredContent!.secretFile).toBeUndefined();
      expect(everything(again)).not.toContain(password);
    } finally {
      await run.server.close();
    }
  });

  it('a deploy whose job outlasts --job-timeout-ms: query_async_job_result saves the password later', async () => {
    const slow = await startSimulator({ jobDelayMs: 600 });
    const run = await start(['--job-timeout-ms', '100'], {}, slow);
    try {
      const { result: timedOut } = await deployWithPassword(run.server, 'pw-slow', undefined, slow);
      const jobid = timedOut.structuredContent!.jobId ?? timedOut.structuredContent!.jobid;
      expect(jobid, JSON.stringify(timedOut.structuredContent)).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const status = (await run.server.client.callTool({ name: 'query_async_job_result', arguments: { jobid } })) as Result;
      expect(status.structuredContent!.jobstatus).toBe(1);
      const password = slow.knownSecrets[slow.knownSecrets.length - 1];
      expect(readFileSync(status.structuredContent!.secretFile.path, 'utf8').trim()).toBe(password);
      expect(everything(status)).not.toContain(password);
    } finally {
      await run.server.close();
      await slow.close();
    }
  });

  it('policy refuse: the deploy is still sent (the password is not known to come), and a password that comes is withheld', async () => {
    const run = await start(['--one-time-secrets', 'refuse']);
    try {
      const before = received('deployVirtualMachine');
      const { result, password } = await deployWithPassword(run.server, 'pw-refuse');
      expect(result.isError).toBeFalsy();
      expect(received('deployVirtualMachine')).toBe(before + 1);
      expect(textOf(result)).toMatch(/policy for such secrets is "refuse": it is not returned/);
      expect(textOf(result)).toContain('resetPasswordForVirtualMachine');
      expect(everything(result)).not.toContain(password);
      expect(result.structuredContent!.secretFile).toEqual({ fields: ['password'] }); // named, with no file
    } finally {
      await run.server.close();
    }
  });
});

describe('when the secret cannot be saved', () => {
  it('falls back to a private temp directory and says so first', async () => {
    const blocker = join(scratch, 'not-a-dir');
    writeFileSync(blocker, '');
    const temp = mkdtempSync(join(scratch, 'tmp-'));
    const run = await start(['--secrets-dir', join(blocker, 'secrets')], { env: { TMPDIR: temp } });
    try {
      const result = await callApi(run.server, 'createSSHKeyPair', { name: 'fallback-key' });
      const path = result.structuredContent!.secretFile.path as string;
      expect(result.content[0]).toMatchObject({ type: 'text' });
      expect((result.content[0] as { text: string }).text).toMatch(/^WARNING: the secrets directory .*not-a-dir\/secrets could not be written \(ENOTDIR/);
      expect(path.startsWith(join(temp, 'cloudstack-mcp-secrets-'))).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe(lastSecret());
      expect(modeOf(path)).toBe(0o600);
      expect(modeOf(dirname(path))).toBe(0o700);
      expect(everything(result)).not.toContain(lastSecret().split('\n')[1]);
      expect(run.server.stderr()).toContain('SECRETS DIRECTORY NOT WRITABLE');
    } finally {
      await run.server.close();
    }
  });

  it('says loudly that the secret is lost and how to recover, never showing it, when nowhere can be written', async () => {
    const blocker = join(scratch, 'not-a-dir-either');
    writeFileSync(blocker, '');
    const run = await start(['--secrets-dir', join(blocker, 'secrets')], { env: { TMPDIR: join(blocker, 'tmp') } });
    try {
      const result = await callApi(run.server, 'createSSHKeyPair', { name: 'lost-key' });
      const warning = (result.content[0] as { text: string }).text;
      expect(warning).toMatch(/^WARNING: createSSHKeyPair succeeded, but the privatekey .* could not be saved: .*ENOTDIR/);
      expect(warning).toContain('delete the key pair (deleteSSHKeyPair) and create it again');
      expect(warning).toContain('--reveal-secrets');
      expect(result.structuredContent).toMatchObject({ outcome: 'succeeded', keypair: { privatekey: MASK }, secretFile: { fields: ['privatekey'] } });
      expect(result.structuredContent!.secretFile.error).toContain('ENOTDIR');
      expect(everything(result)).not.toContain(lastSecret().split('\n')[1]);
      expect(run.server.stderr()).toContain('ONE-TIME SECRET NOT SAVED');
      expect(run.server.stderr()).not.toContain(lastSecret().split('\n')[1]);
    } finally {
      await run.server.close();
    }
  });
});
