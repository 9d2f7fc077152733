/**
 * Resident memory of another process, from /proc (Linux): what the OS charges for the server, as
 * opposed to process.memoryUsage(), which only the process itself can call.
 */
import { readFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Resident set size now, in KiB (/proc's "kB" are KiB). */
export const rssKiB = (pid: number) => statusField(pid, 'VmRSS');

/** The highest RSS the process has had so far ("high water mark"), in KiB. */
export const peakRssKiB = (pid: number) => statusField(pid, 'VmHWM');
