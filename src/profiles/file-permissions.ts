/**
 * A file holding secrets should be readable by its owner only. Not an error (a shared machine may
 * have reasons), but the operator is told, with the fix.
 */
import { statSync } from 'node:fs';

/** A warning when `path` can be read or written by group or others; undefined when it is private (or absent). */
export function permissionWarning(path: string, what: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return undefined;
  }
  if ((mode & 0o077) === 0) return undefined;
  const octal = (mode & 0o777).toString(8).padStart(3, '0');
  return `${what} ${path} is accessible to group or others (mode ${octal}) and may hold secrets; run: chmod 600 ${path}`;
}
