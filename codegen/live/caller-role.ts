/**
 * Which role a snapshot was taken with. A non-admin sees fewer APIs and fewer params in
 * `listApis`, so a snapshot (and everything generated from it) is only as complete as its role.
 *
 * CloudStack has no "who am I" for API keys, but every role may call `listUsers` (it shows each
 * caller the users it may see, its own record included) and a user's record carries its `apikey`:
 * the record whose key is ours is the caller. Where that fails (a custom role without
 * `listUsers`), the role is inferred from APIs only some default roles get.
 */

export interface CallerRole {
  /** CloudStack's role type: Admin, ResourceAdmin, DomainAdmin or User. */
  roleType: string;
  /** The role's name, e.g. `Root Admin` (only when read from listUsers). */
  roleName?: string;
  account?: string;
  username?: string;
  /** How it was determined: the caller's own user record, or inferred from the visible APIs. */
  basis: 'listUsers' | 'listApis';
}

/** The part of the client role detection needs (a CloudStackClient, or a fake in tests). */
export interface RawRequester {
  request(command: string, params: Array<[string, string]>, options: { readOnly: boolean }): Promise<Record<string, unknown>>;
}

const PAGE_SIZE = 500;
/** Enough for 10,000 users; beyond that the inference is good enough. */
const MAX_PAGES = 20;

/**
 * Default role permissions (4.20 meta): `createZone` is the root admin's alone, `addHost` also
 * the resource admin's, `createDomain` also the domain admin's; a plain user has none of them.
 */
const ROLE_MARKERS: Array<[string, string]> = [
  ['createZone', 'Admin'],
  ['addHost', 'ResourceAdmin'],
  ['createDomain', 'DomainAdmin'],
];

export function inferRoleFromApis(apiNames: ReadonlySet<string>): CallerRole {
  const marker = ROLE_MARKERS.find(([api]) => apiNames.has(api));
  return { roleType: marker?.[1] ?? 'User', basis: 'listApis' };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function findOwnUser(client: RawRequester, apiKey: string): Promise<Record<string, unknown> | undefined> {
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await client.request(
      'listUsers',
      [['listall', 'true'], ['page', String(page)], ['pagesize', String(PAGE_SIZE)]],
      { readOnly: true },
    );
    const users = Array.isArray(answer.user) ? (answer.user as Array<Record<string, unknown>>) : [];
    const own = users.find((user) => user.apikey === apiKey);
    if (own) return own;
    if (users.length < PAGE_SIZE) return undefined;
  }
  return undefined;
}

export async function detectCallerRole(client: RawRequester, apiKey: string, apiNames: ReadonlySet<string>): Promise<CallerRole> {
  let own: Record<string, unknown> | undefined;
  try {
    own = await findOwnUser(client, apiKey);
  } catch {
    // A role without listUsers: fall back to what listApis shows.
    own = undefined;
  }
  const roleType = text(own?.roletype);
  if (!own || !roleType) return inferRoleFromApis(apiNames);
  const role: CallerRole = { roleType, basis: 'listUsers' };
  const roleName = text(own.rolename);
  const account = text(own.account);
  const username = text(own.username);
  if (roleName) role.roleName = roleName;
  if (account) role.account = account;
  if (username) role.username = username;
  return role;
}

export function describeRole(role: CallerRole): string {
  const who = role.username ? ` (user ${role.username}${role.account ? ` of account ${role.account}` : ''})` : '';
  const name = role.roleName && role.roleName !== role.roleType ? ` "${role.roleName}"` : '';
  const basis = role.basis === 'listUsers' ? '' : ', inferred from the APIs listApis shows';
  const completeness = role.roleType === 'Admin' ? '' : '; a root admin key sees more APIs and params';
  return `${role.roleType}${name}${who}${basis}${completeness}`;
}
