/**
 * The session relay over Redis pub/sub: one channel per session (named by the SHA-256 of its id),
 * on a connection of its own (a subscribed Redis connection takes no other commands). Each message
 * names the replica that published it, which does not deliver it again to itself.
 */
import { randomUUID } from 'node:crypto';
import { relayChannel } from './keys.ts';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.ts';
import type { SessionRelay } from './relay.ts';

export class RedisSessionRelay implements SessionRelay {
  private readonly replica = randomUUID();

  private constructor(
    private readonly publisher: RedisConnection,
    private readonly subscriber: RedisConnection,
    private readonly log: (message: string) => void,
  ) {}

  static async open(publisher: RedisConnection, options: RedisConnectionOptions = {}): Promise<RedisSessionRelay> {
    return new RedisSessionRelay(publisher, await RedisConnection.open(publisher.url, options), options.log ?? (() => {}));
  }

  async publish(sessionId: string, messages: unknown[]): Promise<void> {
    const text = JSON.stringify({ from: this.replica, messages });
    await this.publisher.run('relaying a message of a session', (client) => client.publish(relayChannel(sessionId), text));
  }

  async subscribe(sessionId: string, deliver: (message: unknown) => void): Promise<() => Promise<void>> {
    const channel = relayChannel(sessionId);
    const listener = (text: string) => {
      let parsed: { from?: string; messages?: unknown[] };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        return this.log(`ignored a relayed message that is not JSON on ${channel.slice(0, 40)}...`);
      }
      if (parsed.from === this.replica || !Array.isArray(parsed.messages)) return;
      for (const message of parsed.messages) deliver(message);
    };
    await this.subscriber.run('listening for relayed messages of a session', (client) => client.subscribe(channel, listener));
    return async () => {
      await this.subscriber.run('no longer listening for a session', (client) => client.unsubscribe(channel, listener)).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await this.subscriber.close();
  }
}
