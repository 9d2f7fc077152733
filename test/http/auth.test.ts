import { describe, expect, it } from 'vitest';
import { BearerAuthenticator } from '../../src/http/auth.ts';

const tokens = [
  { identity: 'alice', profile: 'ops', token: 'alice-token-0123456789' },
  { identity: 'bob', profile: 'dev', token: 'bob-token-0123456789ab' },
];

describe('BearerAuthenticator', () => {
  const auth = new BearerAuthenticator(tokens);

  it('maps each token to its identity and profile', () => {
    expect(auth.authenticate('Bearer alice-token-0123456789')).toEqual({ ok: true, caller: { identity: 'alice', profile: 'ops' } });
    expect(auth.authenticate('bearer bob-token-0123456789ab')).toEqual({ ok: true, caller: { identity: 'bob', profile: 'dev' } });
  });

  it('no or malformed Authorization: a plain challenge', () => {
    for (const header of [undefined, '', 'Basic YWxpY2U6eA==', 'Bearer', 'Bearer a b']) {
      const result = auth.authenticate(header);
      expect(result).toMatchObject({ ok: false, status: 401, wwwAuthenticate: 'Bearer realm="cloudstack-mcp"' });
    }
  });

  it('a wrong token (a prefix, a longer one, another case): invalid_token, and the answer never holds a token', () => {
    for (const wrong of ['alice-token-012345678', 'alice-token-01234567890', 'ALICE-TOKEN-0123456789']) {
      const result = auth.authenticate(`Bearer ${wrong}`);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.wwwAuthenticate).toContain('error="invalid_token"');
        expect(JSON.stringify(result)).not.toContain(wrong);
        expect(JSON.stringify(result)).not.toContain('alice-token');
      }
    }
  });

  it('keeps digests, not the tokens themselves', () => {
    expect(JSON.stringify(auth, (_, v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v))).not.toContain('alice-token-0123456789');
  });

  it('enabled only with tokens', () => {
    expect(new BearerAuthenticator([]).enabled).toBe(false);
    expect(auth.enabled).toBe(true);
  });
});
