/**
 * The shared state against a real redis-server: two connections stand for two replicas.
 * Without redis-server these tests do not run and say so; in CI they fail (test/support/required-tool.ts).
 */
import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryConfirmationStore, type ConfirmationStore, type RedeemOutcome } from '../../src/safety/confirm.ts';
import { StateUnavailableError } from '../../src/state/errors.ts';
import { openSharedState, type SharedState } from '../../src/state/shared-state.ts';
import { redisTool, startRedis, freePort, type RunningRedis } from '../support/redis-server.ts';
import { sampleSession } from './sample-session.ts';

const redisServer = redisTool('test/state/redis-state.test.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(redisServer.run)('shared state in Redis', () => {
  let redis: RunningRedis;
  let a: SharedState;
  let b: SharedState;
  const opened: SharedState[] = [];
  const open = async (url: string, options: Parameters<typeof openSharedState>[1] = {}) => {
    const state = await openSharedState(url, options);
    opened.push(state);
    return state;
  };

  beforeAll(async () => {
    redis = await startRedis();
    a = await open(redis.url);
    b = await open(redis.url);
  });
  afterAll(async () => {
    await Promise.all(opened.map((state) => state.close()));
    await redis?.close();
  });

  it('runs (redis-server is installed; CI installs it in .ci/run)', () => {
    expect(redisServer.installed, redisServer.missing).toBe(true);
  });

  it('a token issued by one replica confirms once on another; a replay on either is refused as used', async () => {
    expect(a.shared).toBe(true);
    const { token, expiresAt } = await a.confirmations.issue('s1 cloudstack_call deleteZone', { id: 'z1' });
    expect(token).toMatch(/^cfm_[A-Za-z0-9_-]{24}$/);
    expect(Math.abs(expiresAt.getTime() - (Date.now() + 5 * 60_000))).toBeLessThan(2_000);
    expect(await b.confirmations.redeem(token, 's1 cloudstack_call deleteZone', { id: 'z1' })).toBe('ok');
    expect(await a.confirmations.redeem(token, 's1 cloudstack_call deleteZone', { id: 'z1' })).toBe('used');
    expect(await b.confirmations.redeem(token, 's1 cloudstack_call deleteZone', { id: 'z1' })).toBe('used');
    expect(await b.confirmations.redeem('cfm_invented', 's1 cloudstack_call deleteZone', { id: 'z1' })).toBe('unknown');
  });

  it('gives the memory store\'s outcome for every case, in the same order of checks', async () => {
    // The same script against both stores: mismatch (arguments, action), ok, used, unknown.
    const script = async (issuer: ConfirmationStore, redeemer: ConfirmationStore): Promise<RedeemOutcome[]> => {
      const { token } = await issuer.issue('deleteZone', { id: 'z1', cleanup: undefined });
      return [
        await redeemer.redeem(token, 'deleteZone', { id: 'z2' }),
        await redeemer.redeem(token, 'deletePod', { id: 'z1' }),
        await redeemer.redeem(token, 'deleteZone', { id: 'z1', forced: true }),
        await redeemer.redeem(token, 'deleteZone', { id: 'z1' }),
        await redeemer.redeem(token, 'deleteZone', { id: 'z2' }),
        await redeemer.redeem(`${token}x`, 'deleteZone', { id: 'z1' }),
      ];
    };
    const memory = new MemoryConfirmationStore();
    const expected: RedeemOutcome[] = ['mismatch', 'mismatch', 'mismatch', 'ok', 'used', 'unknown'];
    expect(await script(memory, memory)).toEqual(expected);
    expect(await script(a.confirmations, b.confirmations)).toEqual(expected);
  });

  it('tokens expire, and an expired token stays "expired" (not "unknown") for one more TTL', async () => {
    const short = await open(redis.url, { confirmationTtlMs: 400 });
    const { token, expiresAt } = await short.confirmations.issue('deleteZone', { id: 'z1' });
    const fresh = await short.confirmations.issue('deleteZone', { id: 'z1' });
    expect(await b.confirmations.redeem(fresh.token, 'deleteZone', { id: 'z1' })).toBe('ok');
    await sleep(Math.max(0, expiresAt.getTime() - Date.now()) + 100);
    expect(await b.confirmations.redeem(token, 'deleteZone', { id: 'z1' })).toBe('expired');
    // A used token says "used" after its expiry too (the memory store keeps it as long).
    expect(await b.confirmations.redeem(fresh.token, 'deleteZone', { id: 'z1' })).toBe('used');
    await sleep(500);
    expect(await b.confirmations.redeem(token, 'deleteZone', { id: 'z1' })).toBe('unknown');
  });

  it('of 20 concurrent redeems from two replicas, exactly one is ok (every time, for 25 tokens)', async () => {
    for (let round = 0; round < 25; round++) {
      const { token } = await (round % 2 ? a : b).confirmations.issue('destroyVirtualMachine', { id: `vm-${round}` });
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).confirmations.redeem(token, 'destroyVirtualMachine', { id: `vm-${round}` })),
      );
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'used')).toHaveLength(19);
    }
  });

  it('keys are namespaced, carry the SHA-256 of the token (never the token), and expire (PX)', async () => {
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      const { token } = await a.confirmations.issue('deleteZone', { id: 'z9' });
      const key = `cloudstack-mcp:confirm:${createHash('sha256').update(token).digest('hex')}`;
      expect(await raw.exists(key)).toBe(1);
      const keys = await raw.keys('*');
      expect(keys.every((k) => k.startsWith('cloudstack-mcp:'))).toBe(true);
      expect(keys.some((k) => k.includes(token) || k.includes(token.slice(4)))).toBe(false);
      expect(JSON.stringify(await raw.hGetAll(key))).not.toContain(token.slice(4));
      const ttl = await raw.pTTL(key);
      expect(ttl).toBeGreaterThan(9 * 60_000);
      expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    } finally {
      raw.destroy();
    }
  });

  it('a session recorded by one replica is found by another, refreshed by requests, and idles out', async () => {
    const shortA = await open(redis.url, { sessionIdleTtlMs: 400 });
    const shortB = await open(redis.url, { sessionIdleTtlMs: 400 });
    await shortA.sessions.put('sess-1', sampleSession);
    const seen = await shortB.sessions.get('sess-1');
    expect(seen).toEqual({ ...sampleSession, lastSeen: seen!.lastSeen });
    expect(Math.abs(seen!.lastSeen! - Date.now())).toBeLessThan(1_000);
    for (let i = 0; i < 4; i++) {
      await sleep(200);
      expect(await (i % 2 ? shortA : shortB).sessions.touch('sess-1')).toBe(true);
    }
    // 800 ms after it was put, alive because it was used.
    expect(await shortA.sessions.get('sess-1')).toBeDefined();
    await sleep(550);
    expect(await shortB.sessions.get('sess-1')).toBeUndefined();
    // A late request does not bring it back.
    expect(await shortA.sessions.touch('sess-1')).toBe(false);
    expect(await shortA.sessions.get('sess-1')).toBeUndefined();
  });

  it('a session deleted on one replica is gone on the other', async () => {
    await a.sessions.put('sess-2', sampleSession);
    expect(await b.sessions.get('sess-2')).toBeDefined();
    await b.sessions.delete('sess-2');
    expect(await a.sessions.get('sess-2')).toBeUndefined();
    expect(await a.sessions.touch('sess-2')).toBe(false);
  });

  it('an unreachable Redis fails the start within the connect timeout, naming it without its password', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await openSharedState(`redis://:hunter22@127.0.0.1:${port}`, { connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateUnavailableError);
    expect(String((error as Error).message)).toContain(`redis://:********@127.0.0.1:${port}`);
    expect(String((error as Error).message)).not.toContain('hunter22');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a wrong password is a clear start-up error that does not show the password', async () => {
    const locked = await startRedis({ password: 'right-pw' });
    try {
      const error = await openSharedState(`redis://:wrong-pw@127.0.0.1:${locked.port}`, { connectTimeoutMs: 1_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateUnavailableError);
      expect((error as Error).message).toMatch(/WRONGPASS|invalid password|NOAUTH/i);
      expect((error as Error).message).not.toContain('wrong-pw');
      const ok = await open(`redis://:right-pw@127.0.0.1:${locked.port}`);
      const { token } = await ok.confirmations.issue('deleteZone', {});
      expect(await ok.confirmations.redeem(token, 'deleteZone', {})).toBe('ok');
      await ok.close();
    } finally {
      await locked.close();
    }
  });

  it('Redis stopped or hung: calls fail fast with a clear error, and work again once it is back', async () => {
    const own = await startRedis();
    const logs: string[] = [];
    const state = await open(own.url, { commandTimeoutMs: 500, log: (line) => logs.push(line) });
    const { token } = await state.confirmations.issue('deleteZone', { id: 'z1' });

    // Hung (SIGSTOP): the command times out.
    own.pause();
    let started = Date.now();
    let error = await state.confirmations.redeem(token, 'deleteZone', { id: 'z1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateUnavailableError);
    expect((error as Error).message).toContain(own.url);
    expect(Date.now() - started).toBeLessThan(1_500);
    own.resume();

    // Stopped (SIGKILL): refused at once while the client reconnects in the background.
    await own.stop();
    await sleep(100);
    for (const attempt of [() => state.confirmations.issue('deleteZone', {}), () => state.sessions.get('x'), () => state.sessions.touch('x')]) {
      started = Date.now();
      error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateUnavailableError);
      expect(Date.now() - started).toBeLessThan(1_000);
    }
    expect(logs.join('\n')).toMatch(/lost the shared state/);

    // Back (empty: no persistence, so the old token is unknown now; a new one works).
    await own.restart();
    const deadline = Date.now() + 5_000;
    let issued: { token: string } | undefined;
    while (!issued && Date.now() < deadline) {
      issued = await state.confirmations.issue('deleteZone', {}).catch(() => undefined);
      if (!issued) await sleep(100);
    }
    expect(issued, 'the client reconnected within 5 s').toBeDefined();
    expect(await state.confirmations.redeem(issued!.token, 'deleteZone', {})).toBe('ok');
    expect(logs.join('\n')).toMatch(/is back/);
    await state.close();
    await own.close();
  });
});
