import { describe, expect, it } from 'vitest';
import { argumentsDigest, MemoryConfirmationStore } from '../../src/safety/confirm.ts';

describe('confirmation tokens', () => {
  it('confirm exactly one call: same API, same arguments, once', async () => {
    const store = new MemoryConfirmationStore();
    const { token } = await store.issue('deleteZone', { id: 'z1' });
    expect(await store.redeem(token, 'deleteZone', { id: 'z2' })).toBe('mismatch');
    expect(await store.redeem(token, 'deletePod', { id: 'z1' })).toBe('mismatch');
    expect(await store.redeem(token, 'deleteZone', { id: 'z1' })).toBe('ok');
    expect(await store.redeem(token, 'deleteZone', { id: 'z1' })).toBe('used');
    expect(await store.redeem('cfm_invented', 'deleteZone', { id: 'z1' })).toBe('unknown');
  });

  it('expire', async () => {
    let now = 1_000_000;
    const store = new MemoryConfirmationStore(60_000, () => now);
    const { token, expiresAt } = await store.issue('deleteZone', { id: 'z1' });
    expect(expiresAt.getTime()).toBe(1_060_000);
    now += 60_001;
    expect(await store.redeem(token, 'deleteZone', { id: 'z1' })).toBe('expired');
  });

  it('are unguessable and distinct', async () => {
    const store = new MemoryConfirmationStore();
    const issued = await Promise.all(Array.from({ length: 100 }, () => store.issue('deleteZone', {})));
    const tokens = new Set(issued.map(({ token }) => token));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^cfm_[A-Za-z0-9_-]{24}$/);
  });

  it('digest arguments regardless of key order and undefined values, but not of values', () => {
    expect(argumentsDigest('a', { x: 1, y: [1, { b: 2, a: 1 }] })).toBe(argumentsDigest('a', { y: [1, { a: 1, b: 2 }], x: 1, z: undefined }));
    expect(argumentsDigest('a', { x: 1 })).not.toBe(argumentsDigest('a', { x: '1' }));
    expect(argumentsDigest('a', { x: 1 })).not.toBe(argumentsDigest('b', { x: 1 }));
  });
});
