/**
 * Domains, accounts and users. Users carry API keys: listUsers shows the API key, the secret key
 * only comes from getUserKeys/registerUserKeys (and every secret is in `knownSecrets`).
 */
import { invalidParameterValue, permissionDenied, resourceInUse } from '../errors.ts';
import {
  ACCOUNT_TYPE,
  accountView,
  createAccount,
  createDomain,
  createUser,
  isDomainWithin,
  issueKeys,
  type RoleType,
} from '../state/identity.ts';
import type { Entity } from '../state/store.ts';
import { applyUpdates, objectAnswer, param, removeWithTags, requireEntity, requireParam, success } from './common.ts';
import { listAnswer } from './listing.ts';
import type { CallContext, HandlerTable } from './types.ts';

const ROLE_BY_ACCOUNT_TYPE: Record<string, RoleType> = { '0': 'User', '1': 'Admin', '2': 'DomainAdmin' };

/** Domains are visible within the caller's subtree (users: their own domain). */
function domainVisible(domain: Entity, context: CallContext): boolean {
  const { caller, state } = context;
  if (caller.role === 'Admin') return true;
  if (caller.role === 'User') return domain.id === caller.owner.domainId;
  return isDomainWithin(state.store, domain.id, caller.owner.domainId);
}

/** Accounts and users: a user sees its own account; admins follow the usual scoping on `domainid`. */
function accountVisible(entity: Entity, context: CallContext, explicitId: boolean): boolean {
  const { caller, state, params } = context;
  const accountId = entity.kind === 'account' ? entity.id : String(entity.data.accountid);
  const domainId = String(entity.data.domainid);
  if (caller.role === 'User') return accountId === caller.owner.accountId;
  const reachable = caller.role === 'Admin' || isDomainWithin(state.store, domainId, caller.owner.domainId);
  const wantedDomain = params.values.get('domainid');
  if (wantedDomain !== undefined) {
    const recursive = params.values.get('isrecursive')?.toLowerCase() === 'true';
    return reachable && (recursive ? isDomainWithin(state.store, domainId, wantedDomain) : domainId === wantedDomain);
  }
  const listAll = params.values.get('listall')?.toLowerCase() === 'true';
  if (listAll || explicitId) return reachable;
  // Like other lists, admins without listall see their own domain's accounts.
  return reachable && domainId === caller.owner.domainId;
}

function requireAccountByNameOrId(context: CallContext): Entity {
  if (param(context, 'id') !== undefined) return requireEntity(context, 'account', 'id');
  const name = param(context, 'account');
  if (name === undefined) throw invalidParameterValue('Either id or account name (with domainid) must be specified');
  const domainId = param(context, 'domainid') ?? context.caller.owner.domainId;
  const account = context.state.store.all('account').find((a) => a.data.name === name && a.data.domainid === domainId);
  if (!account) throw invalidParameterValue(`Unable to find account by name ${name} in domain ${domainId}`);
  return account;
}

function assertManages(context: CallContext, domainId: string): void {
  const { caller, state } = context;
  if (caller.role === 'Admin') return;
  if (caller.role === 'DomainAdmin' && isDomainWithin(state.store, domainId, caller.owner.domainId)) return;
  throw permissionDenied(`Account ${caller.owner.account} does not have permission to operate within domain id=${domainId}`);
}

function userAnswer(context: CallContext, user: Entity) {
  return objectAnswer(context, user, 'user');
}

function accountAnswer(context: CallContext, account: Entity) {
  return objectAnswer(context, accountView(context.state.store, account), 'account');
}

export const identityHandlers: HandlerTable = {
  listDomains: (context) =>
    listAnswer(context, { kind: 'domain', ignore: ['details', 'tag'], visibility: (domain, ctx) => domainVisible(domain, ctx) }),
  listDomainChildren(context) {
    const parentId = param(context, 'id') ?? context.caller.owner.domainId;
    const recursive = param(context, 'isrecursive')?.toLowerCase() === 'true';
    return listAnswer(context, {
      kind: 'domain',
      key: 'domain',
      ignore: ['isrecursive'],
      extraFilter: () => true,
      visibility: (domain, ctx) =>
        domainVisible(domain, ctx) &&
        domain.id !== parentId &&
        (recursive ? isDomainWithin(ctx.state.store, domain.id, parentId) : domain.data.parentdomainid === parentId),
    });
  },
  createDomain(context) {
    const parentId = param(context, 'parentdomainid') ?? context.caller.owner.domainId;
    const parent = context.state.store.get('domain', parentId);
    if (!parent) throw invalidParameterValue(`Unable to find domain by id ${parentId}`);
    assertManages(context, parent.id);
    const name = requireParam(context, 'name');
    if (context.state.store.all('domain').some((d) => d.data.parentdomainid === parent.id && d.data.name === name)) {
      throw invalidParameterValue(`Domain with name ${name} already exists for the parent id=${parent.id}`);
    }
    const domain = createDomain(context.state.store, name, parent);
    if (param(context, 'networkdomain')) domain.data.networkdomain = param(context, 'networkdomain');
    return objectAnswer(context, domain);
  },
  updateDomain(context) {
    const domain = requireEntity(context, 'domain', 'id');
    assertManages(context, domain.id);
    applyUpdates(context, domain, ['name', 'networkdomain']);
    return objectAnswer(context, domain);
  },
  deleteDomain(context) {
    const domain = requireEntity(context, 'domain', 'id');
    if (domain.data.level === 0) throw invalidParameterValue('Can not delete ROOT domain');
    assertManages(context, domain.id);
    const cleanup = param(context, 'cleanup')?.toLowerCase() === 'true';
    return {
      deferred: true,
      instanceType: 'Domain',
      instanceId: domain.id,
      work: () => {
        const { store } = context.state;
        const hasAccounts = store.all('account').some((a) => a.data.domainid === domain.id);
        const hasChildren = store.all('domain').some((d) => d.data.parentdomainid === domain.id);
        if ((hasAccounts || hasChildren) && !cleanup) {
          throw resourceInUse(`Can't delete the domain yet; it has accounts or sub-domains (${String(domain.data.name)})`);
        }
        removeWithTags(context, domain);
        return success();
      },
    };
  },

  listAccounts: (context) =>
    listAnswer(context, {
      kind: 'account',
      ignore: ['details', 'tag', 'iscleanuprequired', 'apikeyaccess'],
      visibility: accountVisible,
      view: (account, ctx) => accountView(ctx.state.store, account),
    }),
  createAccount(context) {
    const domainId = param(context, 'domainid') ?? context.caller.owner.domainId;
    const domain = context.state.store.get('domain', domainId);
    if (!domain) throw invalidParameterValue(`Unable to find domain by id ${domainId}`);
    assertManages(context, domain.id);
    const role = param(context, 'roleid')
      ? (context.state.store.get('role', String(param(context, 'roleid')))?.data.type as RoleType | undefined)
      : ROLE_BY_ACCOUNT_TYPE[param(context, 'accounttype') ?? '0'];
    if (!role || !(role in ACCOUNT_TYPE)) throw invalidParameterValue('Please specify a valid role id or account type');
    const username = requireParam(context, 'username');
    if (context.state.store.all('user').some((u) => u.data.username === username && u.data.domainid === domain.id)) {
      throw invalidParameterValue(`The user ${username} already exists in domain ${domain.id}`);
    }
    const { account } = createAccount(context.state.store, {
      name: param(context, 'account') ?? username,
      role,
      domain,
      username,
      firstname: requireParam(context, 'firstname'),
      lastname: requireParam(context, 'lastname'),
      email: requireParam(context, 'email'),
      password: requireParam(context, 'password'),
    });
    return accountAnswer(context, account);
  },
  updateAccount(context) {
    const account = requireAccountByNameOrId(context);
    assertManages(context, String(account.data.domainid));
    const newName = param(context, 'newname');
    if (newName) {
      account.data.name = newName;
      for (const user of context.state.store.all('user')) if (user.data.accountid === account.id) user.data.account = newName;
    }
    applyUpdates(context, account, ['networkdomain']);
    return accountAnswer(context, account);
  },
  disableAccount(context) {
    const account = requireAccountByNameOrId(context);
    assertManages(context, String(account.data.domainid));
    const lock = param(context, 'lock')?.toLowerCase() === 'true';
    return {
      deferred: true,
      instanceType: 'Account',
      instanceId: account.id,
      work: () => {
        account.data.state = lock ? 'locked' : 'disabled';
        return accountAnswer(context, account);
      },
    };
  },
  enableAccount(context) {
    const account = requireAccountByNameOrId(context);
    assertManages(context, String(account.data.domainid));
    account.data.state = 'enabled';
    return accountAnswer(context, account);
  },
  deleteAccount(context) {
    const account = requireEntity(context, 'account', 'id');
    assertManages(context, String(account.data.domainid));
    if (account.id === context.caller.owner.accountId) throw invalidParameterValue('Deletion of your own account is not allowed');
    return {
      deferred: true,
      instanceType: 'Account',
      instanceId: account.id,
      work: () => {
        const { store } = context.state;
        for (const user of store.all('user')) if (user.data.accountid === account.id) store.remove('user', user.id);
        for (const kind of store.kinds()) {
          for (const entity of store.all(kind)) if (entity.owner?.accountId === account.id) removeWithTags(context, entity);
        }
        removeWithTags(context, account);
        return success();
      },
    };
  },

  listUsers: (context) =>
    listAnswer(context, {
      kind: 'user',
      ignore: ['apikeyaccess'],
      visibility: accountVisible,
      extraFilter: (user, ctx) => {
        const account = ctx.params.values.get('account');
        return account === undefined || user.data.account === account;
      },
    }),
  createUser(context) {
    const domainId = param(context, 'domainid') ?? context.caller.owner.domainId;
    const accountName = requireParam(context, 'account');
    const account = context.state.store.all('account').find((a) => a.data.name === accountName && a.data.domainid === domainId);
    if (!account) throw invalidParameterValue(`Unable to find account ${accountName} in domain id=${domainId}`);
    assertManages(context, domainId);
    const domain = context.state.store.get('domain', domainId) as Entity;
    const username = requireParam(context, 'username');
    if (context.state.store.all('user').some((u) => u.data.username === username && u.data.domainid === domainId)) {
      throw invalidParameterValue(`The user ${username} already exists in domain ${domainId}`);
    }
    const user = createUser(context.state.store, account, domain, {
      username,
      firstname: requireParam(context, 'firstname'),
      lastname: requireParam(context, 'lastname'),
      email: requireParam(context, 'email'),
      password: requireParam(context, 'password'),
    });
    return userAnswer(context, user);
  },
  updateUser(context) {
    const user = requireEntity(context, 'user', 'id');
    assertManages(context, String(user.data.domainid));
    applyUpdates(context, user, ['email', 'firstname', 'lastname', 'username', 'timezone']);
    const password = param(context, 'password');
    if (password !== undefined) user.hidden.password = password;
    return userAnswer(context, user);
  },
  disableUser(context) {
    const user = requireEntity(context, 'user', 'id');
    assertManages(context, String(user.data.domainid));
    return {
      deferred: true,
      instanceType: 'User',
      instanceId: user.id,
      work: () => {
        user.data.state = 'disabled';
        return userAnswer(context, user);
      },
    };
  },
  enableUser(context) {
    const user = requireEntity(context, 'user', 'id');
    assertManages(context, String(user.data.domainid));
    user.data.state = 'enabled';
    return userAnswer(context, user);
  },
  deleteUser(context) {
    const user = requireEntity(context, 'user', 'id');
    assertManages(context, String(user.data.domainid));
    if (user.id === context.caller.userId) throw invalidParameterValue('Deletion of your own user is not allowed');
    removeWithTags(context, user);
    return success();
  },
  getUser(context) {
    const apiKey = requireParam(context, 'userapikey');
    const user = context.state.store.all('user').find((u) => u.data.apikey === apiKey);
    if (!user) throw invalidParameterValue(`Unable to find user by API key`);
    assertManages(context, String(user.data.domainid));
    return userAnswer(context, user);
  },
  getUserKeys(context) {
    const user = requireEntity(context, 'user', 'id');
    if (context.caller.role === 'User' && user.id !== context.caller.userId) {
      throw permissionDenied(`Account ${context.caller.owner.account} does not have permission to access the keys of user ${user.id}`);
    }
    if (context.caller.role !== 'User') assertManages(context, String(user.data.domainid));
    const keys = user.data.apikey ? { apikey: user.data.apikey, secretkey: user.hidden.secretkey, apikeyaccess: 'INHERIT' } : {};
    return objectAnswer(context, keys, 'userkeys');
  },
  registerUserKeys(context) {
    const user = requireEntity(context, 'user', 'id');
    if (context.caller.role === 'User' && user.id !== context.caller.userId) {
      throw permissionDenied(`Account ${context.caller.owner.account} does not have permission to register keys for user ${user.id}`);
    }
    if (context.caller.role === 'DomainAdmin') assertManages(context, String(user.data.domainid));
    const keys = issueKeys(user);
    context.state.addSecret(keys.secretKey);
    return objectAnswer(context, { apikey: keys.apiKey, secretkey: keys.secretKey, apikeyaccess: 'INHERIT' }, 'userkeys');
  },

  listRoles: (context) => listAnswer(context, { kind: 'role', visibility: () => true }),
};
