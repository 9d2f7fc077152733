/**
 * The server can lock itself out: registerUserKeys on its own user replaces the keys it signs with.
 * Calls against the server's own user, account or role need confirmation and say so; the server
 * learns who it is with one read, and when it cannot tell, it asks.
 */
import { describe, expect, it } from 'vitest';
import type { ApiCaller } from '../../src/cloudstack/caller.ts';
import { BundledModel } from '../../src/model/bundled.ts';
import { ConfirmationGate, type GateContext } from '../../src/safety/gate.ts';
import { OWN_IDENTITY_ACTIONS, OwnIdentityResolver, type IdentitySource, type OwnIdentity } from '../../src/safety/own-identity.ts';

const model = BundledModel.open().decodeAll();
const api = (name: string) => model.apis.find((a) => a.name === name)!;

const SELF: OwnIdentity = { userId: 'u-self', username: 'mcp', accountId: 'a-self', account: 'ops', domainId: 'd-root', roleId: 'r-admin', roleName: 'Root Admin' };
const known: IdentitySource = { resolve: async () => ({ identity: SELF }) };
const unknown: IdentitySource = { resolve: async () => ({ reason: 'listUsers: timed out' }) };
const context: GateContext = { tool: 'call_api', target: async () => undefined };

type Result = { proceed: boolean; result?: { content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, any> } };
const textOf = (admission: Result) => (admission.result?.content ?? []).map((c) => c.text ?? '').join('\n');

describe('calls against the server\'s own identity', () => {
  it('every API and param the table names exists in the model', () => {
    for (const [name, action] of Object.entries(OWN_IDENTITY_ACTIONS)) {
      const found = api(name);
      expect(found, name).toBeDefined();
      const params = found.params.map((p) => p.name);
      // An account may be named by id or by name (lockAccount takes only account and domainid).
      const naming = [action.param ?? 'id', ...(action.target === 'account' ? ['account'] : [])];
      expect(params.some((p) => naming.includes(p)), name).toBe(true);
      for (const param of action.when ?? []) expect(params, `${name}.${param}`).toContain(param);
    }
  });

  it.each([
    ['registerUserKeys', { id: 'u-self' }],
    ['updateUser', { id: 'u-self', password: 'New-Pw-1' }],
    ['updateUser', { id: 'u-self', usersecretkey: 'x' }],
    ['updateAccount', { id: 'a-self', roleid: 'r-user' }],
    ['updateAccount', { account: 'ops', domainid: 'd-root', apikeyaccess: 'DISABLED' }],
    ['moveUser', { id: 'u-self', accountid: 'a-other' }],
    ['createRolePermission', { roleid: 'r-admin', rule: 'list*', permission: 'deny' }],
    ['updateRole', { id: 'r-admin', type: 'User' }],
  ])('%s %j is a mutation that needs confirmation against the server itself', async (name, params) => {
    const gate = new ConfirmationGate('destructive', undefined, known);
    // Not by the policy: a mutation; but its tool takes `confirm`, for the calls against the server itself.
    expect(api(name).access).toBe('mutate');
    expect(gate.requires(api(name))).toBe(true);
    const admission = (await gate.admit(api(name), params, context)) as Result;
    expect(admission.proceed).toBe(false);
    expect(textOf(admission)).toContain("targets the server's own identity");
    expect(textOf(admission)).toContain('The server may lose access to CloudStack');
    expect(admission.result!.structuredContent!.confirmation).toMatchObject({ ownIdentity: { certain: true }, severity: 'high' });
    expect(typeof admission.result!.structuredContent!.confirmationToken).toBe('string');
  });

  it('destructive calls against the server itself say so in their warning', async () => {
    const gate = new ConfirmationGate('destructive', undefined, known);
    for (const [name, params] of [
      ['disableAccount', { id: 'a-self', lock: false }],
      ['disableUser', { id: 'u-self' }],
      ['lockAccount', { account: 'ops', domainid: 'd-root' }],
      ['deleteRole', { id: 'r-admin' }],
    ] as const) {
      const admission = (await gate.admit(api(name), params, context)) as Result;
      expect(admission.proceed, name).toBe(false);
      expect(textOf(admission), name).toContain("targets the server's own identity");
    }
  });

  it('the same calls against others, or without the params that concern access, run as the policy says', async () => {
    const gate = new ConfirmationGate('destructive', undefined, known);
    for (const [name, params] of [
      ['registerUserKeys', { id: 'u-other' }],
      ['updateUser', { id: 'u-self', email: 'new@example.com' }],
      ['updateUser', { id: 'u-other', password: 'New-Pw-1' }],
      ['updateAccount', { id: 'a-self', newname: 'ops2' }],
      ['updateAccount', { id: 'a-other', roleid: 'r-user' }],
      ['updateAccount', { account: 'ops', domainid: 'd-child', roleid: 'r-user' }],
      ['createRolePermission', { roleid: 'r-other', rule: 'list*', permission: 'deny' }],
    ] as const) {
      expect((await gate.admit(api(name), params, context)).proceed, `${name} ${JSON.stringify(params)}`).toBe(true);
    }
  });

  it('when the server cannot tell who it is, such calls need confirmation and say why', async () => {
    for (const source of [unknown, undefined]) {
      const gate = new ConfirmationGate('destructive', undefined, source);
      const admission = (await gate.admit(api('registerUserKeys'), { id: 'u-any' }, context)) as Result;
      expect(admission.proceed).toBe(false);
      expect(textOf(admission)).toContain("may target the server's own identity");
      expect(admission.result!.structuredContent!.confirmation.ownIdentity).toEqual({ target: 'user', certain: false });
    }
    // An internal numeric id cannot be compared with the server's own UUID.
    const gate = new ConfirmationGate('destructive', undefined, known);
    expect((await gate.admit(api('registerUserKeys'), { id: '42' }, context)).proceed).toBe(false);
  });

  it('a token confirms the call; --confirm never asks nothing', async () => {
    const gate = new ConfirmationGate('destructive', undefined, known);
    const first = (await gate.admit(api('registerUserKeys'), { id: 'u-self' }, context)) as Result;
    const token = first.result!.structuredContent!.confirmationToken as string;
    expect(await gate.admit(api('registerUserKeys'), { id: 'u-self' }, { ...context, token })).toEqual({ proceed: true, confirmation: 'token' });
    const never = new ConfirmationGate('never', undefined, known);
    expect((await never.admit(api('registerUserKeys'), { id: 'u-self' }, context)).proceed).toBe(true);
  });
});

describe('OwnIdentityResolver', () => {
  const user = { id: 'u-self', username: 'mcp', accountid: 'a-self', account: 'ops', domainid: 'd-root', roleid: 'r-admin', apikey: 'AK-self' };

  it('asks getUser by its API key once and remembers the answer', async () => {
    const calls: string[] = [];
    const client: ApiCaller = {
      callApi: async (name, args) => {
        calls.push(`${name} ${JSON.stringify(args)}`);
        return { user };
      },
    };
    const resolver = new OwnIdentityResolver(client, 'AK-self');
    expect(await resolver.resolve()).toEqual({ identity: expect.objectContaining({ userId: 'u-self', accountId: 'a-self', roleId: 'r-admin' }) });
    await resolver.resolve();
    expect(calls).toEqual(['getUser {"userapikey":"AK-self"}']);
  });

  it('falls back to listUsers matched by API key (getUser is for root admins), and retries a failed look-up later', async () => {
    let listUsersFails = true;
    const client: ApiCaller = {
      callApi: async (name) => {
        if (name === 'getUser') throw new Error('(HTTP 432, error 9999) The given command does not exist or it is not available for the user');
        if (listUsersFails) throw new Error('connection refused');
        return { count: 2, user: [{ ...user, id: 'u-other', apikey: 'AK-other' }, user] };
      },
    };
    const resolver = new OwnIdentityResolver(client, 'AK-self');
    const failed = await resolver.resolve();
    expect(failed.identity).toBeUndefined();
    expect('reason' in failed && failed.reason).toContain('listUsers: connection refused');
    listUsersFails = false;
    expect((await resolver.resolve()).identity).toMatchObject({ userId: 'u-self' });
  });
});
