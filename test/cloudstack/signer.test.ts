import { describe, expect, it } from 'vitest';
import { computeSignature, javaUrlEncode, signParams, signatureMatches, stringToSign, type ParamList } from '../../src/cloudstack/signer.ts';

// The test vector of ../shared/docs/protocol-reference.md §1.4, checked there against OpenJDK 17's
// URLEncoder + javax.crypto.Mac.
const vector: ParamList = [
  ['command', 'listZones'],
  ['apiKey', 'testApiKey'],
  ['response', 'json'],
  ['name', "a b~*'()!+/é"],
  ['tags[0].key', 'env'],
  ['displayText', 'x'],
  ['displayname', 'y'],
  ['signatureVersion', '3'],
  ['expires', '2030-01-01T00:00:00Z'],
];

describe('signer', () => {
  it('encodes values like Java URLEncoder (+ as %20)', () => {
    expect(javaUrlEncode("a b~!*'()+/=&é.-_")).toBe('a%20b%7E%21*%27%28%29%2B%2F%3D%26%C3%A9.-_');
  });

  it('replaces lone surrogates with ? as Java does instead of throwing', () => {
    expect(javaUrlEncode('x\uD800y')).toBe('x%3Fy');
  });

  it('sorts raw names case-sensitively and leaves names unencoded', () => {
    expect(stringToSign(vector)).toBe(
      'apikey=testapikey&command=listzones&displaytext=x&displayname=y&expires=2030-01-01t00%3a00%3a00z' +
        '&name=a%20b%7e*%27%28%29%21%2b%2f%c3%a9&response=json&signatureversion=3&tags[0].key=env',
    );
  });

  it('matches the reference signature', () => {
    expect(computeSignature(vector, 'testSecret')).toBe('knRzAY/84vIBst8kydVMeOouRos=');
    expect(signatureMatches(vector, 'testSecret', 'knRzAY/84vIBst8kydVMeOouRos=')).toBe(true);
    // python3-cs's encoder leaves '~' raw: a real server refuses that signature, and so do we.
    expect(signatureMatches(vector, 'testSecret', 'MyH5jPZvwRSs4M73DanOrno3OrM=')).toBe(false);
  });

  it('adds apikey, signatureversion 3 and expires, and signs last', () => {
    const now = () => new Date('2026-01-01T00:00:00Z');
    const signed = signParams([['command', 'listZones']], { apiKey: 'k', secretKey: 's', now, expiresInSeconds: 60 });
    expect(signed.map(([n]) => n)).toEqual(['command', 'apikey', 'signatureversion', 'expires', 'signature']);
    expect(signed[3][1]).toBe('2026-01-01T00:01:00+0000');
    expect(signatureMatches(signed, 's', signed[4][1])).toBe(true);
  });
});
