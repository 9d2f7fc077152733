import { describe, expect, it } from 'vitest';
import { argumentsDigest, ConfirmationStore } from '../../src/safety/confirm.ts';

describe('confirmation tokens', () => {
  it('confirm exactly one call: same API, same arguments, once', () => {
    const store = new ConfirmationStore();
    const { token } = store.issue('deleteZone', { id: 'z1' });
    expect(store.redeem(token, 'deleteZone', { id: 'z2' })).toBe('mismatch');
    expect(store.redeem(token, 'deletePod', { id: 'z1' })).toBe('mismatch');
    expect(store.redeem(token, 'deleteZone', { id: 'z1' })).toBe('ok');
    expect(store.redeem(token, 'deleteZone', { id: 'z1' })).toBe('used');
    expect(store.redeem('cfm_invented', 'deleteZone', { id: 'z1' })).toBe('unknown');
  });

  it('expire', () => {
    let now = 1_000_000;
    const store = new ConfirmationStore(60_000, () => now);
    const { token, expiresAt } = store.issue('deleteZone', { id: 'z1' });
    expect(expiresAt.getTime()).toBe(1_060_000);
    now += 60_001;
    expect(store.redeem(token, 'deleteZone', { id: 'z1' })).toBe('expired');
  });

  it('are unguessable and distinct', () => {
    const store = new ConfirmationStore();
    const tokens = new Set(Array.from({ length: 100 }, () => store.issue('deleteZone', {}).token));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^cfm_[A-Za-z0-9_-]{24}$/);
  });

  it('digest arguments regardless of key order and undefined values, but not of values', () => {
    expect(argumentsDigest('a', { x: 1, y: [1, { b: 2, a: 1 }] })).toBe(argumentsDigest('a', { y: [1, { a: 1, b: 2 }], x: 1, z: undefined }));
    expect(argumentsDigest('a', { x: 1 })).not.toBe(argumentsDigest('a', { x: '1' }));
    expect(argumentsDigest('a', { x: 1 })).not.toBe(argumentsDigest('b', { x: 1 }));
  });
});
