/**
 * The session store in Redis: one hash per session (the record as JSON, and its last-seen
 * time), expiring after the idle TTL, which every request pushes back. Keys carry the SHA-256 of
 * the session id: an `Mcp-Session-Id` is a bearer value for the session's life.
 */
import { sessionKey } from './keys.ts';
import { luaScript, type RedisConnection } from './redis-connection.ts';
import { DEFAULT_SESSION_IDLE_TTL_MS, type SessionRecord, type SessionStore } from './session-store.ts';

// KEYS[1] the session's key; ARGV[1] now (ms), ARGV[2] the idle TTL. Refreshes a live session only:
// a session that idled out or was deleted must stay gone, whatever request comes late.
const TOUCH = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 's', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: RedisConnection,
    readonly idleTtlMs = DEFAULT_SESSION_IDLE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async put(sessionId: string, record: SessionRecord): Promise<void> {
    const { lastSeen: _ignored, ...rest } = record;
    const key = sessionKey(sessionId);
    await this.redis.run('recording a session', (client) =>
      client.multi().hSet(key, { r: JSON.stringify(rest), s: String(this.now()) }).pExpire(key, this.idleTtlMs).exec(),
    );
  }

  async get(sessionId: string): Promise<SessionRecord | undefined> {
    const [json, seen] = await this.redis.run('looking up a session', (client) => client.hmGet(sessionKey(sessionId), ['r', 's']));
    if (json == null) return undefined;
    return { ...(JSON.parse(String(json)) as SessionRecord), lastSeen: Number(seen) };
  }

  async touch(sessionId: string): Promise<boolean> {
    const touched = await this.redis.script('refreshing a session', TOUCH, [sessionKey(sessionId)], [String(this.now()), String(this.idleTtlMs)]);
    return Number(touched) === 1;
  }

  async delete(sessionId: string): Promise<void> {
    await this.redis.run('ending a session', (client) => client.del(sessionKey(sessionId)));
  }
}
