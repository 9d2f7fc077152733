/**
 * Keeps a one-time secret in a file only the server's user can read: mode 0600 in a 0700
 * directory, named after the API, the entity and the time, never overwriting anything (O_EXCL,
 * which also refuses a planted symlink). When the configured directory cannot be written, the
 * secret goes to a fresh private directory under the OS temp directory instead: the call already
 * happened, and losing the only copy is worse than keeping it somewhere less durable.
 */
import { closeSync, fchmodSync, fsyncSync, mkdirSync, mkdtempSync, openSync, statSync, chmodSync, unlinkSync, writeSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { OneTimeValue } from './one-time-secrets.ts';

/** `$XDG_STATE_HOME/cloudstack-mcp/secrets`, else `~/.local/state/cloudstack-mcp/secrets`. */
export function defaultSecretsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'cloudstack-mcp', 'secrets');
}

export interface SavedSecret {
  path: string;
  /** Set when the configured directory failed and the file went to the temp directory: why. */
  fallbackFrom?: { dir: string; reason: string };
}

/** Neither the directory nor the fallback could take the secret. Its message never holds the value. */
export class SecretFileError extends Error {
  override name = 'SecretFileError';
}

export interface SecretToSave {
  api: string;
  /** The entity's name or id, for the file name (sanitised here). */
  label?: string;
  values: readonly OneTimeValue[];
}

const MAX_LABEL = 48;
const MAX_SUFFIX = 100;

export class SecretFileWriter {
  constructor(
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
    /** Where a fresh private directory is made when `dir` fails (tests point it at a broken place). */
    private readonly fallbackParent: string = tmpdir(),
  ) {}

  save(secret: SecretToSave): SavedSecret {
    if (secret.values.length === 0) throw new SecretFileError('there is no value to save');
    const body = fileBody(secret.values);
    const name = fileName(secret, this.now());
    try {
      return { path: writeInto(ensurePrivateDir(this.dir), name, body) };
    } catch (error) {
      const reason = reasonOf(error);
      try {
        const fallback = mkdtempSync(join(this.fallbackParent, 'cloudstack-mcp-secrets-')); // created 0700
        return { path: writeInto(fallback, name, body), fallbackFrom: { dir: this.dir, reason } };
      } catch (fallbackError) {
        throw new SecretFileError(`${this.dir}: ${reason}; the temp directory ${this.fallbackParent}: ${reasonOf(fallbackError)}`);
      }
    }
  }
}

/** One value: the value itself (a PEM key stays usable with `ssh -i`); several: `field=value` lines. */
function fileBody(values: readonly OneTimeValue[]): string {
  if (values.length === 1) return values[0].value.endsWith('\n') ? values[0].value : `${values[0].value}\n`;
  return values.map(({ field, value }) => `${field}=${value}\n`).join('');
}

/** `createSSHKeyPair-mykey-20261203T141500Z.pem`: the API, the entity, the time (UTC). */
function fileName(secret: SecretToSave, now: Date): string {
  const label = (secret.label ?? '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, MAX_LABEL);
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const pem = secret.values.length === 1 && secret.values[0].value.startsWith('-----BEGIN ');
  return `${secret.api}${label ? `-${label}` : ''}-${stamp}${pem ? '.pem' : '.txt'}`;
}

/** The directory, made 0700 if new, narrowed to 0700 if it is ours and wider; refused if another user's. */
function ensurePrivateDir(dir: string): string {
  makeDirs(resolve(dir));
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new Error('not a directory');
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) throw new Error('owned by another user');
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir never returns on some file systems
 * (under /proc it loops), and a server stuck in a tool call is worse than an error.
 */
function makeDirs(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
    makeDirs(dirname(dir));
    mkdirSync(dir, { mode: 0o700 });
  }
}

/** Writes a new file (never an existing one: `-2`, `-3`… are tried instead) and returns its path. */
function writeInto(dir: string, name: string, body: string): string {
  const dot = name.lastIndexOf('.');
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const path = join(dir, n === 1 ? name : `${name.slice(0, dot)}-${n}${name.slice(dot)}`);
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      fchmodSync(fd, 0o600); // the umask may only narrow the mode; this pins it
      writeSync(fd, body);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      unlinkSync(path); // no half-written secret left behind
      throw error;
    }
    closeSync(fd);
    return path;
  }
  throw new Error(`${MAX_SUFFIX} files named ${name} already exist`);
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
