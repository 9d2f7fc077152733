/**
 * The list of one-time secrets (overrides/one-time-secrets.ts) against every bundled snapshot, and
 * how values are found in, and put back into, an answer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { oneTimeSecrets } from '../../overrides/one-time-secrets.ts';
import { BundledModel } from '../../src/model/bundled.ts';
import { MASK } from '../../src/safety/mask.ts';
import {
  oneTimeSecretOf,
  oneTimeSecretProblems,
  oneTimeValuesIn,
  secretLabel,
  withOneTimeValues,
  type OneTimeSecretTarget,
} from '../../src/safety/one-time-secrets.ts';

const SNAPSHOTS = new URL('../../api-snapshots/', import.meta.url);
const snapshotFiles = readdirSync(SNAPSHOTS).filter((f) => /^cloudstack-[\d.]+(-SNAPSHOT)?\.json$/.test(f));

function snapshotTarget(file: string): OneTimeSecretTarget {
  const doc = JSON.parse(readFileSync(new URL(file, SNAPSHOTS), 'utf8'));
  return { apis: doc.listapisresponse.api };
}

describe('the one-time secrets list', () => {
  it.each(snapshotFiles)('holds against %s: APIs, answer fields and params exist, each field a secret already', (file) => {
    expect(oneTimeSecretProblems(snapshotTarget(file))).toEqual([]);
  });

  it('holds against the bundled model, with its sensitive fields', () => {
    expect(snapshotFiles.length).toBeGreaterThanOrEqual(4);
    expect(oneTimeSecretProblems(BundledModel.open().decodeAll())).toEqual([]);
  });

  it('names the calls the issue is about', () => {
    expect(oneTimeSecrets.createSSHKeyPair.fields).toEqual(['privatekey']);
    expect(oneTimeSecrets.registerUserKeys.fields).toContain('secretkey');
  });

  it('catches a wrong entry: unknown API, missing field, a field that is no secret, an unknown param', () => {
    const model: OneTimeSecretTarget = {
      apis: [{ name: 'createThing', params: [{ name: 'name' }], response: [{ name: 'id' }, { name: 'privatekey' }, { name: 'displayname' }] }],
    };
    const problems = oneTimeSecretProblems(model, {
      createThing: { fields: ['privatekey', 'displayname', 'token'], unlessParam: 'csr', why: 'shown once by the thing', ifLost: 'create the thing again' },
      createOther: { fields: ['privatekey'], why: 'shown once by the other', ifLost: 'create the other again' },
    });
    expect(problems).toEqual([
      'oneTimeSecrets: "createThing.displayname" is not a secret by the name rules or sensitive fields, so it would be shown anyway',
      'oneTimeSecrets: "createThing" answers no field "token"',
      'oneTimeSecrets: "createThing" has no param "csr" (unlessParam)',
      'oneTimeSecrets: API "createOther" is not in the model',
    ]);
  });
});

describe('finding one-time secrets', () => {
  it('applies to the listed APIs, and not when the unlessParam is given', () => {
    expect(oneTimeSecretOf('createSSHKeyPair', { name: 'k' })).toBe(oneTimeSecrets.createSSHKeyPair);
    expect(oneTimeSecretOf('registerSSHKeyPair', { name: 'k' })).toBeUndefined();
    expect(oneTimeSecretOf('toString', {})).toBeUndefined();
    expect(oneTimeSecretOf('issueCertificate', { domain: 'a.example' })).toBe(oneTimeSecrets.issueCertificate);
    expect(oneTimeSecretOf('issueCertificate', { csr: '-----BEGIN CERTIFICATE REQUEST-----' })).toBeUndefined();
  });

  it('finds the values under the response key or at the top, in the entry order', () => {
    const entry = oneTimeSecrets.registerUserKeys;
    expect(oneTimeValuesIn(entry, { userkeys: { secretkey: 'S', apikey: 'A' } })).toEqual([
      { field: 'apikey', value: 'A' },
      { field: 'secretkey', value: 'S' },
    ]);
    expect(oneTimeValuesIn(oneTimeSecrets.createSSHKeyPair, { privatekey: 'P', name: 'k' })).toEqual([{ field: 'privatekey', value: 'P' }]);
    expect(oneTimeValuesIn(oneTimeSecrets.createSSHKeyPair, { keypair: { privatekey: '' } })).toEqual([]);
  });

  it('puts the masked values back for the "return" policy, leaving other secrets masked', () => {
    const raw = { userkeys: { apikey: 'A', secretkey: 'S', other: 'x' }, password: 'P' };
    const masked = { userkeys: { apikey: MASK, secretkey: MASK, other: 'x' }, password: MASK };
    expect(withOneTimeValues(masked, oneTimeSecrets.registerUserKeys, raw)).toEqual({ userkeys: { apikey: 'A', secretkey: 'S', other: 'x' }, password: MASK });
    expect(masked.userkeys.secretkey).toBe(MASK); // copied, not changed
  });

  it('labels the file by the entity name, else the arguments', () => {
    expect(secretLabel({ keypair: { name: 'mykey', id: 'i' } }, {})).toBe('mykey');
    expect(secretLabel({ userkeys: { apikey: 'A' } }, { id: 'user-uuid' })).toBe('user-uuid');
    expect(secretLabel({}, {})).toBeUndefined();
  });
});
