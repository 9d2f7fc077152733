/**
 * Bearer-token authentication of HTTP requests. Each token stands for an identity (who asked, in
 * the audit log) and the profile its calls use. Tokens are kept only as SHA-256 digests and the
 * presented one is compared with every digest in constant time, so neither the answer nor its
 * timing tells how much of a guess was right. No token is ever logged or echoed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenIdentity } from '../profiles/profile.ts';

/** Who a request is from, once its token is known. */
export interface Caller {
  identity: string;
  profile: string;
}

export type Authentication = { ok: true; caller: Caller } | { ok: false; status: 401; wwwAuthenticate: string; message: string };

export const REALM = 'cloudstack-mcp';

interface KnownToken {
  digest: Buffer;
  caller: Caller;
}

const digestOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export class BearerAuthenticator {
  private readonly known: KnownToken[];

  constructor(tokens: readonly TokenIdentity[]) {
    this.known = tokens.map(({ token, identity, profile }) => ({ digest: digestOf(token), caller: { identity, profile } }));
  }

  /** Whether any token is configured (without one, only a loopback server may run, unauthenticated). */
  get enabled(): boolean {
    return this.known.length > 0;
  }

  /** @param header the request's Authorization header. */
  authenticate(header: string | string[] | undefined): Authentication {
    const value = Array.isArray(header) ? header[0] : header;
    const match = value === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(value);
    if (!match) {
      return {
        ok: false,
        status: 401,
        wwwAuthenticate: `Bearer realm="${REALM}"`,
        message: 'authentication required: send Authorization: Bearer <token>',
      };
    }
    const presented = digestOf(match[1]);
    let found: Caller | undefined;
    // Every digest is compared, even after a match: the time taken does not depend on which one matched.
    for (const known of this.known) {
      if (timingSafeEqual(presented, known.digest) && !found) found = known.caller;
    }
    if (found) return { ok: true, caller: found };
    return {
      ok: false,
      status: 401,
      wwwAuthenticate: `Bearer realm="${REALM}", error="invalid_token", error_description="the token is not valid for this server"`,
      message: 'the bearer token is not valid for this server',
    };
  }
}
