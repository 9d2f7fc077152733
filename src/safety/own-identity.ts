/**
 * Calls against the server's own identity: the user whose API key it signs with, that user's
 * account, and the account's role. `registerUserKeys` on that user replaces the keys the server
 * runs with, so every later call fails with 401 (and the new keys are masked in its output, so
 * they are lost); disabling, locking or deleting the user or account, taking away its API-key
 * access or changing its role cut the server off the same way. Such calls always need
 * confirmation (unless `--confirm never`), and the warning says that the server may lose access.
 *
 * The server learns who it is with one read of its own user (`getUser` by its API key, else
 * `listUsers` matched by API key), at first need, and remembers it. When it cannot tell, a call
 * that may target its own identity is treated as one that does.
 */
import type { ApiCaller } from '../cloudstack/caller.ts';

/** Who the server is on CloudStack. */
export interface OwnIdentity {
  userId: string;
  username?: string;
  accountId?: string;
  account?: string;
  domainId?: string;
  roleId?: string;
  roleName?: string;
}

/** Finds the server's own identity; `undefined` (with the reason) when it cannot be told. */
export interface IdentitySource {
  resolve(): Promise<{ identity: OwnIdentity } | { identity?: undefined; reason: string }>;
}

type Target = 'user' | 'account' | 'role';

interface OwnIdentityAction {
  /** What the call acts on, and the param naming it (`id` unless said). */
  target: Target;
  param?: string;
  /** The call concerns access only when one of these params is given; absent: always. */
  when?: readonly string[];
  /** What the call does to the server, completing "it …". */
  effect: string;
}

/** APIs that can cut the server off CloudStack when they target its own user, account or role. */
export const OWN_IDENTITY_ACTIONS: Readonly<Record<string, OwnIdentityAction>> = {
  registerUserKeys: {
    target: 'user',
    effect:
      "replaces the API key and secret key this server signs its requests with: the keys it runs with stop working at once, " +
      "and the new ones are masked in this server's output (by default saved to a private file, the result giving its path)",
  },
  updateUser: {
    target: 'user',
    when: ['password', 'currentpassword', 'userapikey', 'usersecretkey', 'apikeyaccess'],
    effect: "changes the credentials or the API-key access of this server's user",
  },
  disableUser: { target: 'user', effect: "disables this server's user: its API keys stop working" },
  lockUser: { target: 'user', effect: "locks this server's user: its API keys stop working" },
  deleteUser: { target: 'user', effect: "deletes this server's user and its API keys" },
  moveUser: { target: 'user', effect: "moves this server's user to another account, with that account's role" },
  disableAccount: { target: 'account', effect: "disables (or locks) this server's account: the API keys of its users stop working" },
  lockAccount: { target: 'account', effect: "locks this server's account: the API keys of its users stop working" },
  deleteAccount: { target: 'account', effect: "deletes this server's account, its users and their API keys" },
  updateAccount: {
    target: 'account',
    when: ['roleid', 'apikeyaccess'],
    effect: "changes the role or the API-key access of this server's account, and so what this server may call",
  },
  updateRole: { target: 'role', when: ['type'], effect: "changes the type of the role this server's account has, and so what this server may call" },
  disableRole: { target: 'role', effect: "disables the role this server's account has: the APIs it allows stop working" },
  deleteRole: { target: 'role', effect: "deletes the role this server's account has" },
  createRolePermission: { target: 'role', param: 'roleid', effect: "adds a rule to the role this server's account has: a deny rule takes APIs away from this server" },
  updateRolePermission: { target: 'role', param: 'roleid', effect: "changes the rules of the role this server's account has, and so what this server may call" },
};

/** What the gate says about a call against the server's own identity. */
export interface OwnIdentityRisk {
  /** true: it targets the server's own identity; false: it may (the server could not tell). */
  certain: boolean;
  target: Target;
  /** One paragraph for the confirmation. */
  warning: string;
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Whether a call may act on the server's own identity: undefined when it cannot (another API,
 * another target, or none of the params that concern access).
 */
export async function ownIdentityRisk(
  apiName: string,
  params: Record<string, unknown>,
  source: IdentitySource | undefined,
): Promise<OwnIdentityRisk | undefined> {
  if (!Object.hasOwn(OWN_IDENTITY_ACTIONS, apiName)) return undefined;
  const action = OWN_IDENTITY_ACTIONS[apiName];
  if (action.when && !action.when.some((name) => present(params[name]))) return undefined;
  const targetParam = action.param ?? 'id';
  // An account can also be named by name (and domain).
  const named = present(params[targetParam]) || (action.target === 'account' && present(params.account));
  if (!named) return undefined;

  const resolved = source ? await source.resolve() : { reason: 'it has no way to look up its own user' };
  if (!resolved.identity) return risk(action, false, `the server could not look up its own user (${resolved.reason})`);
  const self = resolved.identity;
  const match = matches(action.target, targetParam, params, self);
  if (match === false) return undefined;
  if (match === 'unknown') return risk(action, false, `the server could not tell whether this ${action.target} is its own`);
  return risk(action, true, describe(action.target, self));
}

function matches(target: Target, param: string, params: Record<string, unknown>, self: OwnIdentity): boolean | 'unknown' {
  const value = params[param];
  const same = (own: string | undefined) => {
    if (!present(value)) return false;
    const given = String(value);
    if (own === undefined) return 'unknown' as const;
    if (given.toLowerCase() === own.toLowerCase()) return true;
    // CloudStack also takes internal numeric ids, which the server cannot compare with its own UUIDs.
    return /^\d+$/.test(given) ? ('unknown' as const) : false;
  };
  switch (target) {
    case 'user':
      return same(self.userId);
    case 'role':
      return same(self.roleId);
    case 'account': {
      if (present(value)) return same(self.accountId);
      if (self.account === undefined) return 'unknown';
      if (String(params.account).toLowerCase() !== self.account.toLowerCase()) return false;
      // Without domainid CloudStack takes the caller's own domain.
      if (!present(params.domainid)) return true;
      if (self.domainId === undefined) return 'unknown';
      return String(params.domainid).toLowerCase() === self.domainId.toLowerCase();
    }
  }
}

function describe(target: Target, self: OwnIdentity): string {
  switch (target) {
    case 'user':
      return `the server's own user${self.username ? ` ${self.username}` : ''} (id ${self.userId})`;
    case 'account':
      return `the server's own account${self.account ? ` ${self.account}` : ''}${self.accountId ? ` (id ${self.accountId})` : ''}`;
    case 'role':
      return `the role of the server's own account${self.roleName ? ` (${self.roleName})` : ''}`;
  }
}

function risk(action: OwnIdentityAction, certain: boolean, what: string): OwnIdentityRisk {
  const lose =
    'The server may lose access to CloudStack: every later call can fail (401, or "not allowed") until it is restarted with working keys.';
  return {
    certain,
    target: action.target,
    warning: certain
      ? `This call targets the server's own identity, ${what}: it ${action.effect}. ${lose}`
      : `This call may target the server's own identity (${what}): if it does, it ${action.effect}. ${lose}`,
  };
}

/**
 * The server's own identity, looked up through its client at first need and remembered once
 * found (a failed look-up is tried again on the next call that needs it).
 */
export class OwnIdentityResolver implements IdentitySource {
  private found?: OwnIdentity;
  private pending?: Promise<{ identity: OwnIdentity } | { reason: string }>;

  /** @param apiKey the API key the client signs with: it names the server's user. */
  constructor(
    private readonly client: ApiCaller,
    private readonly apiKey: string,
    private readonly maxPages = 20,
  ) {}

  async resolve(): Promise<{ identity: OwnIdentity } | { identity?: undefined; reason: string }> {
    if (this.found) return { identity: this.found };
    this.pending ??= this.lookUp().finally(() => (this.pending = undefined));
    const outcome = await this.pending;
    if ('identity' in outcome) this.found = outcome.identity;
    return outcome;
  }

  private async lookUp(): Promise<{ identity: OwnIdentity } | { reason: string }> {
    const problems: string[] = [];
    // getUser finds a user by API key (root admins only).
    try {
      const answer = (await this.client.callApi('getUser', { userapikey: this.apiKey })) as Record<string, unknown>;
      const user = (answer.user ?? answer) as Record<string, unknown>;
      const identity = identityOf(user);
      if (identity) return { identity };
      problems.push('getUser gave no user');
    } catch (error) {
      problems.push(`getUser: ${firstLine(error)}`);
    }
    // Everyone else: the users this key may list (a user's own account), matched by API key.
    try {
      for (let page = 1; page <= this.maxPages; page++) {
        const answer = (await this.client.callApi('listUsers', { listall: true, page, pagesize: 500 })) as Record<string, unknown>;
        const users = Array.isArray(answer.user) ? (answer.user as Array<Record<string, unknown>>) : [];
        const mine = users.find((user) => user.apikey === this.apiKey);
        const identity = mine && identityOf(mine);
        if (identity) return { identity };
        if (users.length < 500) break;
      }
      problems.push('listUsers does not show a user with its API key');
    } catch (error) {
      problems.push(`listUsers: ${firstLine(error)}`);
    }
    return { reason: problems.join('; ') };
  }
}

function identityOf(user: Record<string, unknown>): OwnIdentity | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const userId = text(user.id);
  if (!userId) return undefined;
  return {
    userId,
    username: text(user.username),
    accountId: text(user.accountid),
    account: text(user.account),
    domainId: text(user.domainid),
    roleId: text(user.roleid),
    roleName: text(user.rolename),
  };
}

/** An error's first line, without anything that looks like a key (the client masks its own secrets already). */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200);
}
