/**
 * Redis key names. Everything lives under one prefix, so the data of this server is easy to find
 * and to remove in a Redis shared with others. Tokens and session ids are bearer values: keys carry
 * their SHA-256, so anyone who can list keys (or reads a slow log) learns nothing usable.
 */
import { createHash } from 'node:crypto';

export const KEY_PREFIX = 'cloudstack-mcp:';

const hashed = (value: string) => createHash('sha256').update(value).digest('hex');

export const confirmationKey = (token: string) => `${KEY_PREFIX}confirm:${hashed(token)}`;
export const sessionKey = (sessionId: string) => `${KEY_PREFIX}session:${hashed(sessionId)}`;
export const relayChannel = (sessionId: string) => `${KEY_PREFIX}relay:${hashed(sessionId)}`;
