/**
 * The server can lock itself out: registerUserKeys on its own user needs no confirmation today,
 * every later call gets 401 and the new keys are masked. Calls against the server's own user,
 * account or role need confirmation, and the warning says the server may lose access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { connectToServer, type ConnectedServer } from '../support/stdio-client.ts';

type Result = CallToolResult & { structuredContent?: Record<string, any> };
const textOf = (r: Result) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

let sim: RunningSimulator;
const received = (command: string) => sim.requests.filter((r) => r.command === command).length;

beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 10 });
});
afterAll(async () => sim.close());

function serverFor(role: 'admin' | 'domainadmin' | 'user'): Promise<ConnectedServer> {
  const { apiKey, secretKey } = sim.accounts[role];
  return connectToServer(['--url', sim.url, '--api-key', apiKey, '--secret-key', secretKey, '--job-poll-ms', '20']);
}

const callApi = (server: ConnectedServer, api: string, args: Record<string, unknown>, confirm?: string) =>
  server.client.callTool({ name: 'call_api', arguments: { api, args, ...(confirm ? { confirm } : {}) } }) as Promise<Result>;

function expectOwnIdentityConfirmation(result: Result): string {
  expect(result.isError).toBeFalsy();
  expect(textOf(result)).toContain('Confirmation needed; nothing was run.');
  expect(textOf(result)).toContain("targets the server's own identity");
  expect(textOf(result)).toContain('The server may lose access to CloudStack');
  expect(result.structuredContent!.confirmation).toMatchObject({ executed: false, ownIdentity: { certain: true } });
  return result.structuredContent!.confirmationToken as string;
}

describe('an admin server', () => {
  let server: ConnectedServer;
  beforeAll(async () => {
    server = await serverFor('admin');
  });
  afterAll(async () => server.close());
  const self = () => sim.accounts.admin;

  it('asks before registerUserKeys on its own user, and sends nothing', async () => {
    const before = received('registerUserKeys');
    const result = await callApi(server, 'registerUserKeys', { id: self().userId });
    expectOwnIdentityConfirmation(result);
    expect(textOf(result)).toContain('the keys it runs with stop working');
    expect(received('registerUserKeys')).toBe(before);
    // Still connected with its own keys.
    expect((await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones' } })).isError).toBeFalsy();
  });

  it('asks before changing its own password or account role, and names itself in a destructive call\'s warning', async () => {
    const beforeUser = received('updateUser');
    expectOwnIdentityConfirmation(await callApi(server, 'updateUser', { id: self().userId, password: 'New-Pw-12345' }));
    expect(received('updateUser')).toBe(beforeUser);
    const roles = sim.state.store.all('role');
    const userRole = roles.find((r) => r.data.type === 'User') ?? roles[0];
    expectOwnIdentityConfirmation(await callApi(server, 'updateAccount', { id: self().accountId, roleid: userRole.id }));
    const beforeDisable = received('disableAccount');
    expectOwnIdentityConfirmation(await callApi(server, 'disableAccount', { id: self().accountId, lock: true }));
    expect(received('disableAccount')).toBe(beforeDisable);
  });

  it('runs the same calls on other users at once, and harmless changes of its own user too', async () => {
    const created = await callApi(server, 'createUser', {
      account: sim.accounts.user.account, domainid: sim.accounts.user.domainId,
      username: 'someone-else', firstname: 'S', lastname: 'E', email: 'se@example.com', password: 'Someone-Pw-1',
    });
    const otherId = created.structuredContent!.user.id as string;
    const before = received('registerUserKeys');
    const other = await callApi(server, 'registerUserKeys', { id: otherId });
    expect(other.isError).toBeFalsy();
    expect(other.structuredContent?.confirmationToken).toBeUndefined();
    expect(received('registerUserKeys')).toBe(before + 1);
    const email = await callApi(server, 'updateUser', { id: self().userId, email: 'mcp@example.com' });
    expect(email.structuredContent?.confirmationToken).toBeUndefined();
    expect(email.isError).toBeFalsy();
  });
});

describe('dedicated tools', () => {
  it('register_user_keys takes confirm, and the token confirms the call', async () => {
    const { apiKey, secretKey, userId } = sim.accounts.domainadmin;
    const server = await connectToServer(['--url', sim.url, '--api-key', apiKey, '--secret-key', secretKey, '--toolsets', 'account-domain-user']);
    try {
      const tool = (await server.client.listTools()).tools.find((t) => t.name === 'register_user_keys')!;
      expect(Object.keys(tool.inputSchema.properties ?? {})).toContain('confirm');
      const before = received('registerUserKeys');
      const first = (await server.client.callTool({ name: 'register_user_keys', arguments: { id: userId } })) as Result;
      const token = expectOwnIdentityConfirmation(first);
      expect(received('registerUserKeys')).toBe(before);
      const confirmed = (await server.client.callTool({ name: 'register_user_keys', arguments: { id: userId, confirm: token } })) as Result;
      expect(confirmed.isError).toBeFalsy();
      expect(received('registerUserKeys')).toBe(before + 1);
    } finally {
      await server.close();
    }
  });
});

describe('a user server (no getUser: it finds itself with listUsers)', () => {
  it('asks before registerUserKeys on its own user; confirmed, it runs, and the server is locked out as warned', async () => {
    const server = await serverFor('user');
    try {
      const self = sim.accounts.user;
      const before = received('registerUserKeys');
      const token = expectOwnIdentityConfirmation(await callApi(server, 'registerUserKeys', { id: self.userId }));
      expect(received('registerUserKeys')).toBe(before);
      const confirmed = await callApi(server, 'registerUserKeys', { id: self.userId }, token);
      expect(confirmed.isError).toBeFalsy();
      expect(received('registerUserKeys')).toBe(before + 1);
      const after = (await server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones' } })) as Result;
      expect(after.isError).toBe(true);
      expect(textOf(after)).toMatch(/401/);
    } finally {
      await server.close();
    }
  });
});
