import { describe, expect, it } from 'vitest';
import { collectSecretValues, isSecretName, MASK, maskText, maskValue } from '../../src/safety/mask.ts';

describe('secret names', () => {
  it.each(['secretkey', 'password', 'privatekey', 'apikey', 'sessionkey', 'token', 'accesskey', 'ipsecpsk', 'user.secretkey', 'ldappassword'])(
    '%s is a secret',
    (name) => expect(isSecretName(name)).toBe(true),
  );
  it.each(['passwordenabled', 'apikeyaccess', 'ispasswordenabled', 'passwordchangerequired', 'name', 'id', 'keypair', 'confirmationToken'])(
    '%s is not',
    (name) => expect(isSecretName(name)).toBe(false),
  );
});

describe('masking', () => {
  const answer = {
    user: [{ username: 'alice', apikey: 'AK-123456', secretkey: 'SK-abcdef', passwordenabled: true }],
    details: [{ key: 'secretkey', value: 'S3-SECRET-1' }, { key: 'region', value: 'eu' }],
    nested: { configdata: 'KUBECONFIG-DATA' },
  };

  it('masks secret fields by name, by CloudStack\'s list and in key/value pairs, and keeps the rest', () => {
    const masked = maskValue(answer, new Set(['configdata']));
    expect(masked.user[0]).toEqual({ username: 'alice', apikey: MASK, secretkey: MASK, passwordenabled: true });
    expect(masked.details).toEqual([{ key: 'secretkey', value: MASK }, { key: 'region', value: 'eu' }]);
    expect(masked.nested.configdata).toBe(MASK);
    expect(answer.user[0].secretkey).toBe('SK-abcdef'); // a copy, not in place
  });

  it('scrubs seen secret values and secret-looking assignments from text', () => {
    const secrets = collectSecretValues(answer, new Set(['configdata']));
    expect([...secrets].sort()).toEqual(['AK-123456', 'KUBECONFIG-DATA', 'S3-SECRET-1', 'SK-abcdef']);
    const text = 'failed for SK-abcdef with password=hunter22 and "token": "t0k3n"';
    expect(maskText(text, secrets)).toBe(`failed for ${MASK} with password=${MASK} and "token": "${MASK}"`);
  });
});
