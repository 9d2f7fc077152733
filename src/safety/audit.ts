/**
 * The audit log: one JSON line per mutating call, written before the call is sent and again when it
 * ends, synchronously, so a crash mid-call still leaves the "started" line on disk.
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

export interface AuditEnd {
  outcome: 'succeeded' | 'failed' | 'queued' | 'unknown';
  jobId?: string;
  /** Already masked. */
  error?: string;
}

export class AuditLog {
  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** Writes the "started" line and returns a function that writes the matching "ended" line. */
  start(entry: AuditStart): (end: AuditEnd) => void {
    const id = randomUUID();
    const startedAt = Date.now();
    this.write({ time: new Date(startedAt).toISOString(), event: 'started', id, ...entry });
    return (end) =>
      this.write({
        time: new Date().toISOString(),
        event: 'ended',
        id,
        profile: entry.profile,
        tool: entry.tool,
        api: entry.api,
        ...end,
        durationMs: Date.now() - startedAt,
      });
  }

  private write(line: Record<string, unknown>): void {
    appendFileSync(this.file, JSON.stringify(line) + '\n', { encoding: 'utf8', mode: 0o600 });
  }
}
