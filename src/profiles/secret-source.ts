/**
 * Where a secret (an API key, a secret key, a bearer token) comes from: the config itself, a file,
 * an environment variable, or a command that prints it (a password manager: `["pass", "show",
 * "cloud/prod-secret"]`). A secret is read at its first use, once: starting the server for one
 * profile runs no password-manager command for the others. Errors say which secret of which
 * profile failed and how; they never carry the secret, nor anything the command printed on stdout.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ProfileError } from './profile-error.ts';

export type SecretSource =
  | { kind: 'value'; value: string }
  | { kind: 'file'; path: string }
  | { kind: 'env'; name: string }
  /** Run without a shell (execFile): argv[0] is looked up on PATH, the rest are its arguments. */
  | { kind: 'command'; argv: readonly string[]; timeoutMs: number };

export const DEFAULT_SECRET_COMMAND_TIMEOUT_MS = 10_000;
/** A key or token is short; a command printing more than this is not printing one. */
const MAX_SECRET_OUTPUT = 64 * 1024;
const STDERR_EXCERPT = 200;
const MAX_COMMAND_SHOWN = 160;

/** How the source is described in messages (the command's argv, a file's path, a variable's name; never a value). */
export function describeSecretSource(source: SecretSource): string {
  switch (source.kind) {
    case 'value':
      return 'the value in the config';
    case 'file':
      return `file ${source.path}`;
    case 'env':
      return `environment variable ${source.name}`;
    case 'command': {
      const argv = JSON.stringify(source.argv);
      return `command ${argv.length > MAX_COMMAND_SHOWN ? `${argv.slice(0, MAX_COMMAND_SHOWN - 1)}…` : argv}`;
    }
  }
}

/**
 * Reads the secret now. `what` names it for messages, e.g. `config.json: profile "prod": secretKeyCommand`.
 * The value is trimmed; an empty or multi-line value is refused.
 */
export function readSecret(source: SecretSource, what: string, env: NodeJS.ProcessEnv = process.env): string {
  const raw = readRaw(source, what, env);
  const value = raw.trim();
  if (value === '') throw new ProfileError(`${what}: ${describeSecretSource(source)} gave an empty value`);
  if (/[\r\n]/.test(value)) {
    const lines = value.split(/\r?\n/).length;
    throw new ProfileError(`${what}: ${describeSecretSource(source)} gave ${lines} lines; a key or token is one line`);
  }
  return value;
}

function readRaw(source: SecretSource, what: string, env: NodeJS.ProcessEnv): string {
  switch (source.kind) {
    case 'value':
      return source.value;
    case 'env': {
      const value = env[source.name];
      if (value === undefined) throw new ProfileError(`${what}: environment variable ${source.name} is not set`);
      return value;
    }
    case 'file':
      try {
        return readFileSync(source.path, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new ProfileError(`${what}: cannot read file ${source.path} (${code})`);
      }
    case 'command':
      return runSecretCommand(source, what, env);
  }
}

function runSecretCommand(source: Extract<SecretSource, { kind: 'command' }>, what: string, env: NodeJS.ProcessEnv): string {
  const [file, ...args] = source.argv;
  const shown = describeSecretSource(source);
  try {
    // stdin is ignored: over stdio it is the MCP connection, which a child must never read.
    return execFileSync(file, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: source.timeoutMs,
      // A command that ignores SIGTERM must not hold the start for ever.
      killSignal: 'SIGKILL',
      maxBuffer: MAX_SECRET_OUTPUT,
      env,
      windowsHide: true,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { status?: number | null; signal?: string | null; stderr?: string };
    let reason: string;
    if (failure.code === 'ENOENT') reason = `${file} was not found`;
    else if (failure.code === 'ETIMEDOUT' || (failure.signal && failure.status === null && !failure.code)) {
      reason = `it did not finish within ${source.timeoutMs} ms`;
    } else if (failure.code === 'ENOBUFS') reason = `it printed more than ${MAX_SECRET_OUTPUT} bytes`;
    else if (typeof failure.status === 'number') reason = `it exited with status ${failure.status}`;
    else reason = failure.code ?? failure.signal ?? 'it failed';
    // stderr is the command's own complaint ("gpg: decryption failed"), not the secret: worth showing, briefly.
    const stderr = typeof failure.stderr === 'string' ? failure.stderr.trim().split(/\r?\n/)[0]?.slice(0, STDERR_EXCERPT) : '';
    throw new ProfileError(`${what}: ${shown} failed: ${reason}${stderr ? `; it said: ${stderr}` : ''}`);
  }
}

/**
 * Defines `target[key]` as the secret, read on first access and remembered. An enumerable getter,
 * so the object still looks like plain data (`profile.apiKey` is a string) to whoever uses it.
 */
export function defineLazySecret<T extends object>(target: T, key: keyof T & string, read: () => string): void {
  let value: string | undefined;
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: false,
    get: () => (value ??= read()),
  });
}
