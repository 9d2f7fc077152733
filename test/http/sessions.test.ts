import { describe, expect, it } from 'vitest';
import { SessionRegistry, type HttpSession } from '../../src/http/sessions.ts';

function fakeSession(id: string, closed: string[]): HttpSession {
  return {
    id,
    caller: { identity: 'alice', profile: 'ops' },
    transport: { close: async () => void closed.push(`transport ${id}`) } as unknown as HttpSession['transport'],
    server: { close: async () => void closed.push(`server ${id}`) } as unknown as HttpSession['server'],
    lastUsed: 0,
    busy: 0,
  };
}

describe('SessionRegistry', () => {
  it('closes sessions idle past the limit, not busy ones nor recent ones', async () => {
    let now = 0;
    const closed: string[] = [];
    const registry = new SessionRegistry(1000, () => undefined, () => now);
    const idle = fakeSession('idle', closed);
    const recent = fakeSession('recent', closed);
    const busy = fakeSession('busy', closed);
    for (const session of [idle, recent, busy]) registry.add(session);
    let release!: () => void;
    const inFlight = registry.use(busy, () => new Promise<void>((resolve) => (release = resolve)));
    now = 900;
    recent.lastUsed = 900;
    now = 1500;
    registry.closeIdle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toEqual(['transport idle', 'server idle']);
    expect(registry.get('idle')).toBeUndefined();
    expect(registry.size).toBe(2);
    release();
    await inFlight;
    // Its request ended at 1500: idle from then on.
    now = 2600;
    registry.closeIdle();
    await registry.closeAll();
    expect(registry.size).toBe(0);
    expect(closed).toContain('server busy');
  });
});
