/**
 * Reads `config.json`: named profiles, a default profile and the HTTP transport's bearer tokens.
 * Checked against CONFIG_FILE_SCHEMA first; every error names the file, the profile (or token)
 * and the field, is bounded in length and count, and never shows a value from the file (a value
 * may be a secret). Paths in the file are relative to its directory. Secrets are read at first
 * use (see secret-source.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Ajv, ErrorObject } from 'ajv';
import { newAjv } from '../lazy-ajv.ts';
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
  validator ??= newAjv({ allErrors: true, strict: false }).compile(CONFIG_FILE_SCHEMA);
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

  const context: FileContext = { path, base: dirname(path), env, warnings: [], problems: [] };
  const warning = permissionWarning(path, 'config file');
  if (warning) context.warnings.push(warning);
  const profiles = new Map<string, Profile>();
  for (const [name, entry] of Object.entries((file.profiles ?? {}) as Record<string, Json>)) {
    const profile = profileOf(context, name, entry);
    if (profile) profiles.set(name, profile);
  }
  const tokens = ((file.tokens ?? []) as Json[]).flatMap((entry, index) => tokenOf(context, entry, index) ?? []);
  // The problems the schema cannot see, all told at once.
  if (context.problems.length > 0) throw fail(summarise(context.problems));
  return { path, profiles, defaultProfile: file.defaultProfile as string | undefined, tokens, warnings: context.warnings };
}

/** What reading one file collects on the way. */
interface FileContext {
  path: string;
  /** The file's directory: relative paths in it start there. */
  base: string;
  env: NodeJS.ProcessEnv;
  warnings: string[];
  problems: string[];
}

function profileOf(context: FileContext, name: string, entry: Json): Profile | undefined {
  const where = `profile "${name}"`;
  const apiKey = secretSourceOf(context, entry, 'apiKey', where, 'secretCommandTimeoutMs');
  const secretKey = secretSourceOf(context, entry, 'secretKey', where, 'secretCommandTimeoutMs');
  if (!isHttpUrl(entry.url as string)) {
    // Not shown: a URL may carry a user and password.
    context.problems.push(`${where}: url must be an http(s) URL such as https://cloud.example.com/client/api`);
  }
  if (entry.confirm === 'never' && entry.allowNoConfirmation !== true) {
    context.problems.push(`${where}: confirm "never" runs destructive APIs without asking; add "allowNoConfirmation": true to say you mean it`);
  }
  if (!apiKey || !secretKey) return undefined;
  const profile = definedOnly({
    name,
    url: entry.url as string,
    verifyTls: entry.verifyTls,
    caFile: entry.caFile === undefined ? undefined : resolveConfigPath(entry.caFile as string, context.base, context.env),
    timeoutMs: entry.timeoutMs,
    jobTimeoutMs: entry.jobTimeoutMs,
    tools: entry.tools,
    toolsets: entry.toolsets,
    readOnly: entry.readOnly,
    confirm: entry.confirm,
    allowNoConfirmation: entry.allowNoConfirmation,
    oneTimeSecrets: entry.oneTimeSecrets,
    source: `${context.path}, ${where}`,
  }) as unknown as Profile;
  defineLazySecret(profile, 'apiKey', () => readSecret(apiKey.source, `config file ${context.path}: ${where}: ${apiKey.field}`, context.env));
  defineLazySecret(profile, 'secretKey', () => readSecret(secretKey.source, `config file ${context.path}: ${where}: ${secretKey.field}`, context.env));
  return profile;
}

function tokenOf(context: FileContext, entry: Json, index: number): TokenIdentity | undefined {
  const where = `tokens[${index}] (identity "${entry.identity as string}")`;
  const secret = secretSourceOf(context, entry, 'token', where, 'tokenCommandTimeoutMs');
  if (!secret) return undefined;
  const token = { identity: entry.identity as string, profile: entry.profile as string } as TokenIdentity;
  defineLazySecret(token, 'token', () => readSecret(secret.source, `config file ${context.path}: ${where}: ${secret.field}`, context.env));
  return token;
}

/** The one source of secret `name` in `entry` (`name`, `nameFile`, `nameCommand` or `nameEnv`) and the field that gave it. */
function secretSourceOf(
  context: FileContext,
  entry: Json,
  name: string,
  where: string,
  timeoutKey: string,
): { source: SecretSource; field: string } | undefined {
  const fields = [name, `${name}File`, `${name}Command`, `${name}Env`];
  const given = fields.filter((key) => entry[key] !== undefined);
  if (given.length !== 1) {
    context.problems.push(
      `${where}: ${given.length === 0 ? 'missing' : 'more than one of'} ${fields.join(', ')}` + (given.length > 1 ? ` (given: ${given.join(', ')})` : ''),
    );
    return undefined;
  }
  const field = given[0];
  const value = entry[field];
  if (field === name) return { field, source: { kind: 'value', value: value as string } };
  if (field === `${name}Env`) return { field, source: { kind: 'env', name: value as string } };
  if (field === `${name}Command`) {
    const timeoutMs = (entry[timeoutKey] as number | undefined) ?? DEFAULT_SECRET_COMMAND_TIMEOUT_MS;
    return { field, source: { kind: 'command', argv: value as string[], timeoutMs } };
  }
  const path = resolveConfigPath(value as string, context.base, context.env);
  const warning = permissionWarning(path, `${where}: ${field}`);
  if (warning) context.warnings.push(warning);
  return { field, source: { kind: 'file', path } };
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
