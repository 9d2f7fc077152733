import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/state/session-store.ts';
import { sampleSession } from './sample-session.ts';


describe('the memory session store', () => {
  it('keeps a session while it is used and forgets it once idle for the TTL', async () => {
    let now = 10_000;
    const registry = new MemorySessionStore(1_000, () => now);
    await registry.put('s1', sampleSession);
    expect(await registry.get('s1')).toEqual({ ...sampleSession, lastSeen: 10_000 });
    now += 900;
    expect(await registry.touch('s1')).toBe(true);
    now += 900;
    expect((await registry.get('s1'))?.lastSeen).toBe(10_900);
    now += 1_001;
    expect(await registry.get('s1')).toBeUndefined();
    // An idled-out session is not brought back by a late request.
    expect(await registry.touch('s1')).toBe(false);
    expect(await registry.get('s1')).toBeUndefined();
  });

  it('hands out copies, and deletes', async () => {
    const registry = new MemorySessionStore();
    await registry.put('s1', sampleSession);
    const copy = (await registry.get('s1'))!;
    copy.surface!.toolsets.push('network');
    expect((await registry.get('s1'))!.surface!.toolsets).toEqual(['volume']);
    await registry.delete('s1');
    expect(await registry.get('s1')).toBeUndefined();
  });
});
