/**
 * The audit log: one JSON line per mutating call, written before the call is sent and again when it
 * ends, synchronously, so a crash mid-call still leaves the "started" line on disk. A line that
 * cannot be written throws `AuditWriteError`: before sending, the caller does not send (no change
 * runs unaudited); after sending, it still reports the outcome, and says loudly that the line is missing.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';

export type Confirmation = 'token' | 'elicitation' | 'not-required';

export interface AuditStart {
  profile: string;
  tool: string;
  api: string;
  /** Arguments with secrets already masked. */
  args: Record<string, unknown>;
  confirmation: Confirmation;
}

/**
 * How a change ended: `succeeded`; `failed` (CloudStack said so: nothing was applied); `unknown`
 * (sent, but the answer was lost or unreadable: it may have been applied); `not-sent` (it never
 * left: nothing was applied); `queued` (an async job left running on request, `wait: false`).
 */
export type AuditOutcome = 'succeeded' | 'failed' | 'unknown' | 'not-sent' | 'queued';

export interface AuditEnd {
  outcome: AuditOutcome;
  jobId?: string;
  /** Already masked. */
  error?: string;
  /** Time the request waited for a free connection before it was sent. */
  connectionWaitMs?: number;
  /** Time the request was on the wire, up to its answer (or its failure). */
  wireMs?: number;
  /** Where a one-time secret of the answer was saved (the path only, never the value). */
  secretFile?: string;
}

/** A line of the audit log could not be written. */
export class AuditWriteError extends Error {
  override name = 'AuditWriteError';

  constructor(
    readonly file: string,
    readonly event: 'started' | 'ended',
    cause: unknown,
  ) {
    super(`the audit log ${file} could not be written (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

export class AuditLog {
  /**
   * @param identity who asked (the HTTP token's identity), on every line; absent over stdio, where
   *   the profile is the only identity.
   */
  constructor(
    private readonly file: string,
    readonly identity?: string,
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** The same log, writing lines that name who asked (one per HTTP session, all on one file). */
  as(identity: string): AuditLog {
    return new AuditLog(this.file, identity);
  }

  /**
   * Writes the "started" line and returns a function that writes the matching "ended" line.
   * Both throw `AuditWriteError` when the line cannot be written.
   */
  start(entry: AuditStart): (end: AuditEnd) => void {
    const id = randomUUID();
    const startedAt = Date.now();
    const who = this.identity === undefined ? {} : { identity: this.identity };
    this.write('started', { time: new Date(startedAt).toISOString(), event: 'started', id, ...who, ...entry });
    return (end) =>
      this.write('ended', {
        time: new Date().toISOString(),
        event: 'ended',
        id,
        ...who,
        profile: entry.profile,
        tool: entry.tool,
        api: entry.api,
        ...end,
        durationMs: Date.now() - startedAt,
      });
  }

  private write(event: 'started' | 'ended', line: Record<string, unknown>): void {
    try {
      appendFileSync(this.file, JSON.stringify(line) + '\n', { encoding: 'utf8', mode: 0o600 });
    } catch (error) {
      throw new AuditWriteError(this.file, event, error);
    }
  }
}
