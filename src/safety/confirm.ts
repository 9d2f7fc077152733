/**
 * One-time confirmation tokens: the request/retry confirmation that works in every client.
 * A destructive call first answers with a token bound to that API and those exact arguments; the
 * same call repeated with `confirm: <token>` runs. Tokens expire, work once, and are useless for
 * any other action (tool and API) or arguments, so a model cannot confirm on the user's behalf by guessing.
 */
import { createHash, randomBytes } from 'node:crypto';

export type RedeemOutcome = 'ok' | 'unknown' | 'expired' | 'used' | 'mismatch';

interface PendingConfirmation {
  action: string;
  digest: string;
  expiresAt: number;
  used: boolean;
}

/** Stable digest of arguments: key order and undefined values do not matter, values do. */
export function argumentsDigest(action: string, args: Record<string, unknown>): string {
  return createHash('sha256').update(`${action}\n${canonicalJson(args)}`).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Where confirmation tokens live: in this process (MemoryConfirmationStore) or in a store shared
 * by replicas (src/state/), so a token issued by one replica confirms once on any of them.
 * Asynchronous because a shared store is.
 */
export interface ConfirmationStore {
  /** @param action what the token confirms besides the arguments (the gate passes session, tool and API). */
  issue(action: string, args: Record<string, unknown>): Promise<{ token: string; expiresAt: Date }>;
  /** Checks a token for this call and uses it up when it fits; exactly one redeem of a token can return 'ok'. */
  redeem(token: string, action: string, args: Record<string, unknown>): Promise<RedeemOutcome>;
}

/** A new token: unguessable, recognisable in logs by its prefix. */
export function newConfirmationToken(): string {
  return `cfm_${randomBytes(18).toString('base64url')}`;
}

export class MemoryConfirmationStore implements ConfirmationStore {
  private readonly pending = new Map<string, PendingConfirmation>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(action: string, args: Record<string, unknown>): Promise<{ token: string; expiresAt: Date }> {
    this.sweep();
    const token = newConfirmationToken();
    const expiresAt = this.now() + this.ttlMs;
    this.pending.set(token, { action, digest: argumentsDigest(action, args), expiresAt, used: false });
    return { token, expiresAt: new Date(expiresAt) };
  }

  async redeem(token: string, action: string, args: Record<string, unknown>): Promise<RedeemOutcome> {
    const entry = this.pending.get(token);
    if (!entry) return 'unknown';
    if (entry.used) return 'used';
    if (this.now() > entry.expiresAt) return 'expired';
    if (entry.action !== action || entry.digest !== argumentsDigest(action, args)) return 'mismatch';
    entry.used = true;
    return 'ok';
  }

  /** Forgets tokens long past their expiry (used ones are kept until then, to say "used"). */
  private sweep(): void {
    const now = this.now();
    for (const [token, entry] of this.pending) if (now > entry.expiresAt + this.ttlMs) this.pending.delete(token);
  }
}

export function explainRefusal(outcome: Exclude<RedeemOutcome, 'ok'>): string {
  switch (outcome) {
    case 'unknown':
      return 'that confirmation token was not issued by this server (tokens come only from a previous call without confirm)';
    case 'expired':
      return 'that confirmation token has expired; call again without confirm for a new one';
    case 'used':
      return 'that confirmation token was already used; each token confirms one call';
    case 'mismatch':
      return 'that confirmation token was issued for a different tool, API or arguments; confirm exactly the call it was issued for';
  }
}
