/**
 * Reads `config.json`: named profiles, a default profile and the HTTP transport's bearer tokens.
 * Checked against CONFIG_FILE_SCHEMA first; every error names the file, the profile (or token)
 * and the field, is bounded in length and count, and never shows a value from the file (a value
 * may be a secret). Paths in the file are relative to its directory. Secrets are read at first
 * use (see secret-source.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { CONFIG_FILE_SCHEMA, PROFILE_KEYS, TOKEN_KEYS } from './config-file-schema.ts';
import { resolveConfigPath } from './config-paths.ts';
import { permissionWarning } from './file-permissions.ts';
import type { Profile, TokenIdentity } from './profile.ts';
import { ProfileError } from './profile-error.ts';
import { DEFAULT_SECRET_COMMAND_TIMEOUT_MS, defineLazySecret, readSecret, type SecretSource } from './secret-source.ts';

/** What one config file says; team-config.ts joins it with CloudMonkey's profiles. */
export interface ConfigFileContents {
  path: string;
  profiles: Map<string, Profile>;
  defaultProfile?: string;
  tokens: TokenIdentity[];
  warnings: string[];
}

const MAX_FILE_BYTES = 1024 * 1024;
const MAX_PROBLEMS = 5;
const MAX_PROBLEM_LENGTH = 300;

type Json = Record<string, unknown>;

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(CONFIG_FILE_SCHEMA);
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

export function readConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): ConfigFileContents {
  const fail = (problem: string) => new ProfileError(`config file ${path}: ${problem}`);
  let text: string;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw fail(`larger than ${MAX_FILE_BYTES} bytes; not a config file?`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`);
  }
  const data = parseJson(text, fail);
  const problems = validate(data).map(describeProblem);
  if (problems.length > 0) throw fail(summarise(problems));
  const file = data as Json;

  const warnings: string[] = [];
  const warning = permissionWarning(path, 'config file');
  if (warning) warnings.push(warning);
  const base = dirname(path);
  const problemsAfterSchema: string[] = [];
  // Each secret has exactly one source; the file's own problems are all told at once.
  const sourceOf = (entry: Json, name: string, where: string, timeoutKey: string): SecretSource | undefined => {
    const given = [name, `${name}File`, `${name}Command`, `${name}Env`].filter((key) => entry[key] !== undefined);
    if (given.length !== 1) {
      problemsAfterSchema.push(
        `${where}: ${given.length === 0 ? 'missing' : 'more than one of'} ${name}, ${name}File, ${name}Command, ${name}Env` +
          (given.length > 1 ? ` (given: ${given.join(', ')})` : ''),
      );
      return undefined;
    }
    const key = given[0];
    if (key === name) return { kind: 'value', value: entry[key] as string };
    if (key === `${name}Env`) return { kind: 'env', name: entry[key] as string };
    if (key === `${name}Command`) {
      return { kind: 'command', argv: entry[key] as string[], timeoutMs: (entry[timeoutKey] as number | undefined) ?? DEFAULT_SECRET_COMMAND_TIMEOUT_MS };
    }
    const secretFile = resolveConfigPath(entry[key] as string, base, env);
    const fileWarning = permissionWarning(secretFile, `${where}: ${key}`);
    if (fileWarning) warnings.push(fileWarning);
    return { kind: 'file', path: secretFile };
  };
  const fieldOf = (source: SecretSource, name: string) =>
    source.kind === 'value' ? name : `${name}${source.kind === 'file' ? 'File' : source.kind === 'env' ? 'Env' : 'Command'}`;

  const profiles = new Map<string, Profile>();
  for (const [name, entry] of Object.entries((file.profiles ?? {}) as Record<string, Json>)) {
    const where = `profile "${name}"`;
    const apiKey = sourceOf(entry, 'apiKey', where, 'secretCommandTimeoutMs');
    const secretKey = sourceOf(entry, 'secretKey', where, 'secretCommandTimeoutMs');
    if (!isHttpUrl(entry.url as string)) {
      // Not shown: a URL may carry a user and password.
      problemsAfterSchema.push(`${where}: url must be an http(s) URL such as https://cloud.example.com/client/api`);
    }
    if (entry.confirm === 'never' && entry.allowNoConfirmation !== true) {
      problemsAfterSchema.push(`${where}: confirm "never" runs destructive APIs without asking; add "allowNoConfirmation": true to say you mean it`);
    }
    if (!apiKey || !secretKey) continue;
    const profile = definedOnly({
      name,
      url: entry.url as string,
      verifyTls: entry.verifyTls,
      caFile: entry.caFile === undefined ? undefined : resolveConfigPath(entry.caFile as string, base, env),
      timeoutMs: entry.timeoutMs,
      jobTimeoutMs: entry.jobTimeoutMs,
      tools: entry.tools,
      toolsets: entry.toolsets,
      readOnly: entry.readOnly,
      confirm: entry.confirm,
      allowNoConfirmation: entry.allowNoConfirmation,
      oneTimeSecrets: entry.oneTimeSecrets,
      source: `${path}, ${where}`,
    }) as unknown as Profile;
    defineLazySecret(profile, 'apiKey', () => readSecret(apiKey, `config file ${path}: ${where}: ${fieldOf(apiKey, 'apiKey')}`, env));
    defineLazySecret(profile, 'secretKey', () => readSecret(secretKey, `config file ${path}: ${where}: ${fieldOf(secretKey, 'secretKey')}`, env));
    profiles.set(name, profile);
  }

  const tokens: TokenIdentity[] = [];
  ((file.tokens ?? []) as Json[]).forEach((entry, index) => {
    const where = `tokens[${index}] (identity "${entry.identity as string}")`;
    const source = sourceOf(entry, 'token', where, 'tokenCommandTimeoutMs');
    if (!source) return;
    const token = { identity: entry.identity as string, profile: entry.profile as string } as TokenIdentity;
    defineLazySecret(token, 'token', () => readSecret(source, `config file ${path}: ${where}: ${fieldOf(source, 'token')}`, env));
    tokens.push(token);
  });
  if (problemsAfterSchema.length > 0) throw fail(summarise(problemsAfterSchema));

  return { path, profiles, defaultProfile: file.defaultProfile as string | undefined, tokens, warnings };
}

function parseJson(text: string, fail: (problem: string) => ProfileError): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Node's message may quote the text around the error, and that text may be a secret: tell the place only.
    const position = /position (\d+)/.exec((error as Error).message);
    if (!position) throw fail('is not valid JSON');
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    throw fail(`is not valid JSON (line ${line}, column ${column})`);
  }
}

/** `/profiles/prod/timeoutMs` → `profile "prod": timeoutMs`. */
function placeOf(instancePath: string): string {
  const parts = instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] === 'profiles' && parts.length >= 2) return [`profile "${clip(parts[1], 64)}"`, ...parts.slice(2)].join(': ');
  if (parts[0] === 'tokens' && parts.length >= 2) return [`tokens[${parts[1]}]`, ...parts.slice(2)].join(': ');
  return parts.join('.') || 'the top level';
}

function describeProblem(error: ErrorObject): string {
  const place = placeOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const key = clip(String(params.additionalProperty), 64);
    const known = error.instancePath.startsWith('/profiles/') ? PROFILE_KEYS : error.instancePath.startsWith('/tokens/') ? TOKEN_KEYS : ['defaultProfile', 'profiles', 'tokens'];
    const near = known.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    return `${place}: unknown key "${key}"${near ? ` (did you mean "${near}"?)` : `; known keys: ${known.join(', ')}`}`;
  }
  if (error.keyword === 'propertyNames' || (error.keyword === 'pattern' && error.propertyName !== undefined)) {
    return `${place}: profile name "${clip(String(params.propertyName ?? error.propertyName), 64)}" must be letters, digits, ".", "_" or "-" (up to 64)`;
  }
  if (error.keyword === 'enum') return `${place}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'required') return `${place}: missing ${String(params.missingProperty)}`;
  return `${place}: ${error.message ?? 'is not valid'}`;
}

function summarise(problems: string[]): string {
  const unique = [...new Set(problems)].map((problem) => clip(problem, MAX_PROBLEM_LENGTH));
  const shown = unique.slice(0, MAX_PROBLEMS).join('; ');
  return unique.length > MAX_PROBLEMS ? `${shown}; and ${unique.length - MAX_PROBLEMS} more` : shown;
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function definedOnly(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}
