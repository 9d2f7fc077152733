/**
 * Confirmation tokens in Redis, so that a token issued by one replica confirms once on any of them.
 * The semantics are MemoryConfirmationStore's (src/safety/confirm.ts), outcome for outcome:
 * bound to action + arguments (their digest, which covers the action), one-time, expiring, and a
 * used or expired token is told apart from an unknown one until one more TTL after its expiry.
 *
 * Redeeming is one Lua script: the check and the flip to used happen in one step on the Redis
 * server, so of any number of concurrent redeems from any number of replicas exactly one is 'ok'.
 * Time is Redis's clock (TIME), the one clock all replicas share; the key's own TTL (PX) is the
 * sweep.
 */
import { argumentsDigest, newConfirmationToken, type ConfirmationStore, type RedeemOutcome } from '../safety/confirm.ts';
import { confirmationKey } from './keys.ts';
import { luaScript, type RedisConnection } from './redis-connection.ts';

const DEFAULT_TTL_MS = 5 * 60_000;

// KEYS[1] the token's key; ARGV[1] the digest, ARGV[2] the TTL in ms. Returns the expiry (ms since epoch).
const ISSUE = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local expires = string.format('%.0f', now + ttl)
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'x', expires, 'u', '0')
redis.call('PEXPIRE', KEYS[1], ttl * 2)
return expires
`);

// KEYS[1] the token's key; ARGV[1] the digest of this call. The order of checks is the memory store's.
const REDEEM = luaScript(`
local f = redis.call('HMGET', KEYS[1], 'd', 'x', 'u')
if not f[1] then return 'unknown' end
if f[3] == '1' then return 'used' end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(f[2]) then return 'expired' end
if f[1] ~= ARGV[1] then return 'mismatch' end
redis.call('HSET', KEYS[1], 'u', '1')
return 'ok'
`);

const OUTCOMES: ReadonlySet<string> = new Set<RedeemOutcome>(['ok', 'unknown', 'expired', 'used', 'mismatch']);

export class RedisConfirmationStore implements ConfirmationStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  async issue(action: string, args: Record<string, unknown>): Promise<{ token: string; expiresAt: Date }> {
    const token = newConfirmationToken();
    const expires = await this.redis.script('issuing a confirmation token', ISSUE, [confirmationKey(token)], [argumentsDigest(action, args), String(this.ttlMs)]);
    return { token, expiresAt: new Date(Number(expires)) };
  }

  async redeem(token: string, action: string, args: Record<string, unknown>): Promise<RedeemOutcome> {
    const outcome = String(await this.redis.script('checking a confirmation token', REDEEM, [confirmationKey(token)], [argumentsDigest(action, args)]));
    if (!OUTCOMES.has(outcome)) throw new Error(`unexpected answer from the redeem script: ${outcome.slice(0, 40)}`);
    return outcome as RedeemOutcome;
  }
}
