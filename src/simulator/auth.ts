/**
 * The API-key path of ApiServer.verifyRequest, in CloudStack's order: command known → signature and
 * apiKey present → v3 expiry → key maps to an enabled user and account → role check (throws 432)
 * → HMAC compare. Every plain failure is the same 401 (no hint which check failed).
 */
import { signatureMatches } from '../cloudstack/signer.ts';
import type { ApiModel } from '../model/types.ts';
import { credentialsError, roleDeniedError } from './errors.ts';
import type { ReceivedParams } from './request-params.ts';
import { ownerFor, type Caller, type RoleType } from './state/identity.ts';
import type { SimulatorState } from './state/index.ts';

/**
 * `expires` formats CloudStack accepts (DateUtil.parseTZDateString): ISO-8601 with an offset
 * (`Z`, `+00:00`, `+0000`), optional fractional seconds. No offset, or a space separator: refused.
 */
const EXPIRES_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

export function parseExpires(value: string): Date | undefined {
  const match = EXPIRES_PATTERN.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const millis = fraction ? fraction.slice(0, 4).padEnd(4, '0') : '';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${millis}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Which APIs a role may call: meta `roles`; without a meta file every role may call everything. */
export function roleMayCall(api: ApiModel, role: RoleType, hasMeta: boolean): boolean {
  if (role === 'Admin' || !hasMeta) return true;
  return api.roles.includes(role);
}

export interface VerifyInput {
  received: ReceivedParams;
  api: ApiModel | undefined;
  hasMeta: boolean;
  state: SimulatorState;
  now: Date;
}

/** Returns the verified caller, or throws the ApiError CloudStack answers with. */
export function verifyApiKeyRequest({ received, api, hasMeta, state, now }: VerifyInput): Caller {
  if (!api) throw credentialsError(false);
  const byName = received.byName;
  const signature = byName.get('signature');
  const apiKey = byName.get('apikey');
  if (!signature || !apiKey) throw credentialsError(true);

  if (byName.get('signatureversion') === '3') {
    const expiresText = byName.get('expires');
    const expires = expiresText === undefined ? undefined : parseExpires(expiresText);
    if (!expires || expires.getTime() < now.getTime()) throw credentialsError(true);
  }

  const user = state.store.all('user').find((u) => u.data.apikey === apiKey);
  const account = user ? state.store.get('account', String(user.data.accountid)) : undefined;
  if (!user || !account || user.data.state !== 'enabled' || account.data.state !== 'enabled') {
    throw credentialsError(true);
  }
  const role = account.data.roletype as RoleType;
  if (!roleMayCall(api, role, hasMeta)) throw roleDeniedError(api.name, user.id);

  const secretKey = user.hidden.secretkey;
  if (!secretKey || !signatureMatches(received.raw, secretKey, signature)) throw credentialsError(true);

  const domain = state.store.get('domain', String(account.data.domainid));
  if (!domain) throw credentialsError(true);
  return { role, userId: user.id, user, account, owner: ownerFor(account, domain) };
}
