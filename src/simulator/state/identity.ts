/**
 * Domains, roles, accounts and users: who can call the simulator, and who owns what.
 */
import type { Entity, EntityStore, Owner } from './store.ts';
import { newApiKey } from '../ids.ts';

export type RoleType = 'Admin' | 'DomainAdmin' | 'User';

/** CloudStack's account type numbers (Account.Type ordinal): 0 user, 1 admin, 2 domain admin. */
export const ACCOUNT_TYPE: Record<RoleType, number> = { User: 0, Admin: 1, DomainAdmin: 2 };

const ROLE_NAMES: Record<RoleType, string> = { Admin: 'Root Admin', DomainAdmin: 'Domain Admin', User: 'User' };

/** The identity behind a verified request. */
export interface Caller {
  role: RoleType;
  userId: string;
  user: Entity;
  account: Entity;
  owner: Owner;
}

export function roleByType(store: EntityStore, role: RoleType): Entity {
  const found = store.all('role').find((r) => r.data.type === role);
  if (!found) throw new Error(`no seeded role of type ${role}`);
  return found;
}

export function createDomain(store: EntityStore, name: string, parent?: Entity): Entity {
  const path = parent ? `${String(parent.data.path)}/${name}` : 'ROOT';
  const level = parent ? Number(parent.data.level) + 1 : 0;
  const domain = store.add('domain', {
    name,
    level,
    haschild: false,
    path,
    state: 'Active',
    ...(parent ? { parentdomainid: parent.id, parentdomainname: parent.data.name } : {}),
  });
  if (parent) parent.data.haschild = true;
  return domain;
}

export function ownerFor(account: Entity, domain: Entity): Owner {
  return {
    accountId: account.id,
    account: String(account.data.name),
    domainId: domain.id,
    domain: String(domain.data.name),
    domainPath: String(domain.data.path),
  };
}

export interface NewAccount {
  name: string;
  role: RoleType;
  domain: Entity;
  username: string;
  firstname?: string;
  lastname?: string;
  email?: string;
  password?: string;
}

export function createAccount(store: EntityStore, spec: NewAccount): { account: Entity; user: Entity } {
  const role = roleByType(store, spec.role);
  const account = store.add('account', {
    name: spec.name,
    accounttype: ACCOUNT_TYPE[spec.role],
    roleid: role.id,
    rolename: role.data.name,
    roletype: spec.role,
    domainid: spec.domain.id,
    domain: spec.domain.data.name,
    domainpath: spec.domain.data.path,
    state: 'enabled',
    isdefault: false,
  });
  const user = createUser(store, account, spec.domain, spec);
  return { account, user };
}

/** Users carry API keys: the secret key is kept out of the response object (getUserKeys shows it). */
export function createUser(
  store: EntityStore,
  account: Entity,
  domain: Entity,
  spec: { username: string; firstname?: string; lastname?: string; email?: string; password?: string },
): Entity {
  const user = store.add('user', {
    username: spec.username,
    firstname: spec.firstname ?? spec.username,
    lastname: spec.lastname ?? 'Simulator',
    email: spec.email ?? `${spec.username}@example.com`,
    state: 'enabled',
    account: account.data.name,
    accountid: account.id,
    accounttype: account.data.accounttype,
    roleid: account.data.roleid,
    rolename: account.data.rolename,
    roletype: account.data.roletype,
    domainid: domain.id,
    domain: domain.data.name,
    usersource: 'native',
    isdefault: false,
    is2faenabled: false,
    iscallerchilddomain: false,
  });
  user.hidden.password = spec.password ?? 'password';
  return user;
}

/** Gives a user fresh keys (registerUserKeys); the API key is visible, the secret key hidden. */
export function issueKeys(user: Entity): { apiKey: string; secretKey: string } {
  const apiKey = newApiKey();
  const secretKey = newApiKey();
  user.data.apikey = apiKey;
  user.hidden.secretkey = secretKey;
  return { apiKey, secretKey };
}

/** The account's response object: its users are nested (AccountResponse.user). */
export function accountView(store: EntityStore, account: Entity): Record<string, unknown> {
  const users = store.all('user').filter((u) => u.data.accountid === account.id);
  return { ...account.data, user: users.map((u) => ({ ...u.data })) };
}

export function isDomainWithin(store: EntityStore, domainId: string, ancestorId: string): boolean {
  let current = store.get('domain', domainId);
  while (current) {
    if (current.id === ancestorId) return true;
    const parent = current.data.parentdomainid;
    current = typeof parent === 'string' ? store.get('domain', parent) : undefined;
  }
  return false;
}
