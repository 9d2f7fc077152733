/** Sensitive params and response fields: name rules, overrides, and the POST flag on all five snapshots. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { overrides } from '../../overrides/index.ts';
import { loadSnapshotFile } from '../../src/model/load.ts';
import { buildModel } from '../../src/model/build.ts';
import { OverrideError, validateOverrides } from '../../src/model/overrides.ts';
import { isSecretName, paramSensitivity, sensitiveResponseFieldsByName } from '../../src/model/sensitive.ts';

const VERSIONS = ['4.19.0.0', '4.20.0.0', '4.20.1.0', '4.20.2.0', '4.22.0.0-SNAPSHOT'];
const models = VERSIONS.map((version) => {
  const snapshot = loadSnapshotFile(fileURLToPath(new URL(`../../api-snapshots/cloudstack-${version}.json`, import.meta.url)));
  return { version, model: buildModel(snapshot.doc, { overrides, meta: snapshot.meta, snapshotName: snapshot.snapshotName }) };
});
const latest = models.find((entry) => entry.version === '4.20.2.0')!.model;
const param = (apiName: string, paramName: string) => {
  const found = latest.apis.find((api) => api.name === apiName)?.params.find((candidate) => candidate.name === paramName);
  if (!found) throw new Error(`no param ${apiName}.${paramName}`);
  return found;
};
const api = (name: string) => latest.apis.find((candidate) => candidate.name === name)!;

describe('name rules', () => {
  it.each(['password', 'currentpassword', 'vsmpassword', 'bindpass', 'truststorepass', 'secretkey', 'usersecretkey', 'secretcode',
    'privatekey', 'accesskey', 'apikey', 'userapikey', 'token', 'ipsecpsk', 'presharedkey', 'sessionkey', 'passphrase'])('%s is a credential', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['passwordenabled', 'ispasswordenabled', 'apikeyaccess', 'sshkeyenabled', 'update_passwd_on_host', 'passive',
    'bypassvlanoverlapcheck', 'publickey', 'certificate', 'keypair', 'keyword', 'key', 'sortkey', 'zonetoken', 'privateport'])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  it('finds nested response fields but not tag keys', () => {
    expect(sensitiveResponseFieldsByName([
      { name: 'user', fields: [{ name: 'secretkey' }, { name: 'username' }] },
      { name: 'tags', fields: [{ name: 'key' }, { name: 'value' }] },
      { name: 'password' },
    ])).toEqual(['user.secretkey', 'password']);
  });

  it('lets an override add secret map keys or switch a name rule off', () => {
    expect(paramSensitivity('details', { mapKeys: ['secretkey'] })).toEqual({ sensitive: true, sensitiveMapKeys: ['secretkey'] });
    expect(paramSensitivity('password', { sensitive: false })).toEqual({});
    expect(paramSensitivity('url', { credentialsInUrl: true })).toEqual({ sensitive: true, credentialsInUrl: true });
  });
});

describe('sensitive params in the 4.20.2 model', () => {
  it.each([
    ['addImageStoreS3', 'secretkey'], ['addImageStoreS3', 'accesskey'], ['createUser', 'password'], ['createAccount', 'password'],
    ['uploadCustomCertificate', 'privatekey'], ['uploadSslCert', 'privatekey'], ['uploadSslCert', 'password'], ['addSwift', 'key'],
    ['createVpnCustomerGateway', 'ipsecpsk'], ['ldapConfig', 'bindpass'], ['updateUser', 'usersecretkey'], ['addHost', 'password'],
    ['registerOauthProvider', 'secretkey'], ['createWebhook', 'secretkey'], ['createConsoleEndpoint', 'token'],
  ])('%s.%s is sensitive', (apiName, paramName) => {
    expect(param(apiName, paramName).sensitive).toBe(true);
  });

  it.each([
    ['registerTemplate', 'passwordenabled'], ['updateUser', 'apikeyaccess'], ['listUsers', 'apikeyaccess'], ['deployVirtualMachine', 'keypair'],
    ['registerSSHKeyPair', 'publickey'], ['uploadCustomCertificate', 'certificate'], ['createVpnConnection', 'passive'],
    ['updateHostPassword', 'update_passwd_on_host'], ['addImageStoreS3', 's3signer'], ['listTags', 'key'],
  ])('%s.%s is not', (apiName, paramName) => {
    expect(param(apiName, paramName).sensitive).toBeUndefined();
  });

  it('documents the secret sub-keys of image-store and object-store maps', () => {
    expect(param('addImageStore', 'details')).toMatchObject({ sensitive: true, sensitiveMapKeys: ['accesskey', 'secretkey', 'key'] });
    expect(param('addObjectStoragePool', 'details').sensitiveMapKeys).toEqual(['accesskey', 'secretkey']);
    expect(param('createSecondaryStagingStore', 'details').sensitiveMapKeys).toEqual(['accesskey', 'secretkey']);
    expect(param('createStoragePool', 'url')).toMatchObject({ sensitive: true, credentialsInUrl: true });
  });

  it('adds response fields CloudStack does not mark', () => {
    expect(api('getKubernetesClusterConfig').sensitiveResponseFields).toContain('configdata');
    expect(api('createSSHKeyPair').sensitiveResponseFields).toContain('privatekey');
    expect(api('getVMPassword').sensitiveResponseFields).toContain('encryptedpassword');
    expect(api('createBucket').sensitiveResponseFields).toEqual(expect.arrayContaining(['accesskey', 'usersecretkey']));
    expect(api('listBgpPeers').returnsSecrets).toBe(true);
    // zonetoken is not a credential: listing zones stays auto-approvable.
    expect(api('listZones').sensitiveResponseFields).toEqual([]);
    expect(api('listZones').returnsSecrets).toBeUndefined();
  });
});

describe.each(models)('CloudStack $version', ({ model }) => {
  it('sends every API with a sensitive param by POST (requestHasSensitiveInfo)', () => {
    const withSecrets = model.apis.filter((candidate) => candidate.params.some((p) => p.sensitive));
    expect(withSecrets.length).toBeGreaterThan(50);
    expect(withSecrets.filter((candidate) => !candidate.requestHasSensitiveInfo).map((candidate) => candidate.name)).toEqual([]);
  });

  it('flags responseHasSensitiveInfo whenever fields are masked, and secret map keys only on maps', () => {
    expect(model.apis.filter((candidate) => candidate.sensitiveResponseFields.length > 0 && !candidate.responseHasSensitiveInfo)).toEqual([]);
    const keyed = model.apis.flatMap((candidate) => candidate.params.filter((p) => p.sensitiveMapKeys));
    expect(keyed.length).toBeGreaterThan(3);
    expect(keyed.filter((p) => p.encoding !== 'map' || !p.sensitive)).toEqual([]);
  });
});

describe('overrides/sensitive.ts validation', () => {
  const model = {
    apis: [{ name: 'addSwift', params: [{ name: 'key', type: 'string' }, { name: 'details', type: 'map' }], response: [{ name: 'id' }] }],
  };
  const check = (sensitive: Pick<typeof overrides, 'sensitiveParams' | 'sensitiveResponseFields'>) => () =>
    validateOverrides(model, sensitive, '4.20.2.0');

  it('refuses unknown params and fields, and map keys on a non-map', () => {
    expect(check({ sensitiveParams: { addSwift: { kee: { sensitive: true } } } })).toThrow('sensitiveParams: param "kee" of API "addSwift" is not in the snapshot (CloudStack 4.20.2.0)');
    expect(check({ sensitiveParams: { addSwift: { key: { mapKeys: ['x'] } } } })).toThrow(/has mapKeys but is a string/);
    expect(check({ sensitiveResponseFields: { addSwift: ['secret'] } })).toThrow(OverrideError);
    expect(check({ sensitiveParams: { addSwift: { details: { mapKeys: ['key'] } } }, sensitiveResponseFields: { addSwift: ['id'] } })).not.toThrow();
  });
});
