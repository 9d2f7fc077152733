import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ApiModelDocument } from '../../src/model/types.ts';
import { MASK } from '../../src/safety/mask.ts';
import { CallRedactor } from '../../src/safety/redaction.ts';
import { BundledModel } from '../../src/model/bundled.ts';

const model = BundledModel.open().decodeAll();
const api = (name: string) => model.apis.find((a) => a.name === name)!;

describe('call redaction', () => {
  it('masks sensitive params in audit arguments and in any text', () => {
    const redactor = new CallRedactor(api('createUser'), { username: 'bob', password: 'Pw-123456' });
    expect(redactor.maskedArgs()).toEqual({ username: 'bob', password: MASK });
    expect(redactor.maskText('user bob with Pw-123456 exists')).toBe(`user bob with ${MASK} exists`);
  });

  it('masks the value of a setting whose name is a secret, not of others', () => {
    const secret = new CallRedactor(api('updateConfiguration'), { name: 'ldap.bind.password', value: 'Bind-Secret-1' });
    expect(secret.maskedArgs()).toEqual({ name: 'ldap.bind.password', value: MASK });
    expect(secret.maskText('could not set Bind-Secret-1')).not.toContain('Bind-Secret-1');
    const plain = new CallRedactor(api('updateConfiguration'), { name: 'expunge.delay', value: '60' });
    expect(plain.maskedArgs()).toEqual({ name: 'expunge.delay', value: '60' });
  });

  it('masks secret map entries the model names (image store credentials)', () => {
    const store = api('addImageStore');
    const details = store.params.find((p) => p.name === 'details')!;
    expect(details.sensitiveMapKeys?.length).toBeGreaterThan(0);
    const key = details.sensitiveMapKeys![0];
    const redactor = new CallRedactor(store, { name: 's', provider: 'S3', details: [{ key, value: 'S3-Secret-9' }, { key: 'bucket', value: 'b' }] });
    expect(JSON.stringify(redactor.maskedArgs())).not.toContain('S3-Secret-9');
    expect(JSON.stringify(redactor.maskedArgs())).toContain('"b"');
  });

  it('masks sensitive answer fields and remembers their values', () => {
    const redactor = new CallRedactor(api('getUserKeys'), { id: 'u1' });
    const masked = redactor.maskContent({ userkeys: { apikey: 'AK-0001', secretkey: 'SK-0001' } });
    expect(masked).toEqual({ userkeys: { apikey: MASK, secretkey: MASK } });
    expect(redactor.maskText('keys AK-0001 / SK-0001')).toBe(`keys ${MASK} / ${MASK}`);
  });
});
