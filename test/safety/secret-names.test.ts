/**
 * One secret rule (src/model/sensitive.ts `isSecretName`) decides at build time (param and answer
 * field sensitivity), at run time (masking answers and audit arguments) and in the free-text
 * scrubber (`name=value` echoes). Each name below must be secret in every one of those paths.
 */
import { describe, expect, it } from 'vitest';
import type { ApiModel } from '../../src/model/types.ts';
import { isSecretName, paramSensitivity, sensitiveResponseFieldsByName } from '../../src/model/sensitive.ts';
import { MASK, maskText, maskValue } from '../../src/safety/mask.ts';
import { CallRedactor } from '../../src/safety/redaction.ts';

/** Names either rule used to know: the build-time rules' and the run-time list's, in several spellings. */
const SECRET_NAMES = [
  // build-time rules only, before
  'bindpass', 'truststorepass',
  // run-time list only, before
  'secret_key', 'private_key', 'api_key', 'access_key', 'session_key', 'accesskeyid', 'secretkeyvalue', 'encryptionkey', 'certificatekey',
  // both
  'password', 'secretkey', 'privatekey', 'apikey', 'userapikey', 'accesskey', 'sessionkey', 'token', 'ipsecpsk', 'presharedkey',
  'passphrase', 'clientsecret', 'usersecretkey', 'secretcode', 'ldappassword', 'currentpassword', 'key_secret',
  // spellings: case, `-` and `_` do not matter
  'Secret-Key', 'SECRET_KEY', 'Private-Key', 'API_KEY', 'BindPass',
];

const NOT_SECRET = [
  'passwordenabled', 'ispasswordenabled', 'apikeyaccess', 'sshkeyenabled', 'update_passwd_on_host', 'passive', 'bypassvlanoverlapcheck',
  'publickey', 'certificate', 'keypair', 'keyword', 'key', 'sortkey', 'zonetoken', 'privateport', 'passwordchangerequired', 'name', 'id',
  'confirmationToken', 'signature',
];

/** A stand-in API with no model knowledge of the name, so only the name rule can make it secret. */
const bareApi = { name: 'someApi', params: [], sensitiveResponseFields: [] } as unknown as ApiModel;

describe('one secret rule', () => {
  it.each(SECRET_NAMES)('%s is secret at build time, at run time and in free text', (name) => {
    expect(isSecretName(name)).toBe(true);
    // build time: a param of that name is sensitive, an answer field of that name is a secret field
    expect(paramSensitivity(name, undefined).sensitive).toBe(true);
    expect(sensitiveResponseFieldsByName([{ name }, { name: 'user', fields: [{ name }] }])).toEqual([name, `user.${name}`]);
    // run time: answers and audit arguments
    expect(maskValue({ [name]: 'Value-1234', other: 'x' })).toEqual({ [name]: MASK, other: 'x' });
    expect(maskValue({ details: [{ key: name, value: 'Value-1234' }] })).toEqual({ details: [{ key: name, value: MASK }] });
    expect(new CallRedactor(bareApi, { [name]: 'Value-1234' }).maskedArgs()).toEqual({ [name]: MASK });
    // free text: a value never seen before, echoed as name=value or "name": "value"
    expect(maskText(`failed: ${name}=Value-1234&x=1`, [])).toBe(`failed: ${name}=${MASK}&x=1`);
    expect(maskText(`{"${name}": "Value-1234"}`, [])).toBe(`{"${name}": "${MASK}"}`);
  });

  it.each(NOT_SECRET)('%s is not a secret anywhere', (name) => {
    expect(isSecretName(name)).toBe(false);
    expect(paramSensitivity(name, undefined)).toEqual({});
    expect(maskValue({ [name]: 'Value-1234' })).toEqual({ [name]: 'Value-1234' });
    expect(new CallRedactor(bareApi, { [name]: 'Value-1234' }).maskedArgs()).toEqual({ [name]: 'Value-1234' });
  });

  it('the scrubber also masks the request signature of an echoed URL, and leaves ordinary text alone', () => {
    expect(maskText('GET /client/api?command=listZones&apikey=AK-1&signature=SIG-abc%3D', [])).toBe(
      `GET /client/api?command=listZones&apikey=${MASK}&signature=${MASK}`,
    );
    const plain = 'https://cloud.example.com:8080/client/api failed: state=Running, id: 42';
    expect(maskText(plain, [])).toBe(plain);
  });

  it('dotted setting names use their last part (ldap.bind.password)', () => {
    expect(isSecretName('ldap.bind.password')).toBe(true);
    expect(maskText('ldap.bind.password=Bind-1234 rejected', [])).toBe(`ldap.bind.password=${MASK} rejected`);
  });
});

describe('the client uses the same rule', () => {
  it('for error excerpts and for keeping values out of URLs', async () => {
    const { maskedExcerpt } = await import('../../src/cloudstack/excerpt.ts');
    const { mustNotBeInUrl } = await import('../../src/cloudstack/method.ts');
    for (const name of ['accesskey', 'bindpass', 'truststorepass', 'secret_key', 'private_key']) {
      expect(maskedExcerpt(`{"${name}":"hunter2-value"}`, [], 500), name).not.toContain('hunter2');
      expect(mustNotBeInUrl(name), name).toBe(true);
    }
    expect(mustNotBeInUrl('userdata')).toBe(true);
    expect(mustNotBeInUrl('zoneid')).toBe(false);
  });
});
