/**
 * The authenticator path (ApiServlet.java:228-296): `login` and `logout` answer without an API key
 * or signature. Sessions are issued but later calls must still use API keys: the simulator does
 * not implement the session-key path.
 */
import { randomBytes } from 'node:crypto';
import type { ApiModel } from '../model/types.ts';
import type { Answer } from './envelope.ts';
import { ApiError, ErrorCode } from './errors.ts';
import type { ReceivedParams } from './request-params.ts';
import type { SimulatorState } from './state/index.ts';

export const LOGIN_GET_TEXT = 'Please use HTTP POST to authenticate using this API';

export class PlainTextAnswer {
  constructor(readonly status: number, readonly text: string) {}
}

/** Answers login/logout; returns undefined for the other authenticator APIs (synthesised). */
export function authenticatorAnswer(
  api: ApiModel,
  method: 'GET' | 'POST',
  received: ReceivedParams,
  state: SimulatorState,
): Answer | PlainTextAnswer | undefined {
  if (api.name === 'logout') return { kind: 'fields', fields: { description: 'success' } };
  if (api.name !== 'login') return undefined;
  // DefaultLoginAPIAuthenticatorCmd: a GET login gets a plain-text 405, even with response=json.
  if (method !== 'POST') return new PlainTextAnswer(ErrorCode.METHOD_NOT_ALLOWED, LOGIN_GET_TEXT);
  const username = received.byName.get('username') ?? '';
  const password = received.byName.get('password') ?? '';
  const domainPath = normaliseDomainPath(received.byName.get('domain') ?? '/');
  const domainId = received.byName.get('domainid');
  const domain = state.store
    .all('domain')
    .find((d) => (domainId ? d.id === domainId : normaliseDomainPath(String(d.data.path)) === domainPath));
  const user = domain
    ? state.store.all('user').find((u) => u.data.username === username && u.data.domainid === domain.id)
    : undefined;
  if (!domain || !user || user.hidden.password !== password || user.data.state !== 'enabled') {
    throw new ApiError(
      ErrorCode.ACCOUNT_ERROR,
      `Failed to authenticate user ${username} in domain ${domain?.internalId ?? domainId ?? domainPath}; please provide valid credentials`,
    );
  }
  const sessionKey = randomBytes(20).toString('base64url');
  state.addSecret(sessionKey);
  return {
    kind: 'fields',
    fields: {
      username,
      userid: user.id,
      domainid: domain.id,
      timeout: 1800,
      account: user.data.account,
      firstname: user.data.firstname,
      lastname: user.data.lastname,
      type: String(user.data.accounttype),
      registered: 'false',
      sessionkey: sessionKey,
      is2faenabled: 'false',
      is2faverified: 'true',
    },
  };
}

/** `/`, `ROOT`, `ROOT/Sub1/`... → `ROOT`, `ROOT/Sub1` (a leading and trailing slash are implied). */
function normaliseDomainPath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '' || trimmed === 'ROOT') return 'ROOT';
  return trimmed.startsWith('ROOT/') ? trimmed : `ROOT/${trimmed}`;
}
