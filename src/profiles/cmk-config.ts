/**
 * CloudMonkey's `~/.cmk/config`, read as cmk writes it, so a cmk user needs no new setup.
 *
 * The format (apache/cloudstack-cloudmonkey, config/config.go, on go-ini): the global settings are
 * keys before the first section (go-ini's DEFAULT section; older and Python cloudmonkey files put
 * them under `[core]`), among them `profile = NAME`, the current profile, `timeout` (seconds: how
 * long cmk waits for an async job, here the job wait) and `verifycert`. Every other section is a server profile: `url`, `apikey`, `secretkey`, `username`,
 * `password`, `domain`, and in some versions its own `timeout` and `verifycert` (`verifysslcert` in
 * Python cloudmonkey's files), which win over the global ones. `[ui]` (Python cloudmonkey) holds
 * display settings, not a profile.
 *
 * Read with the ini package, which (unlike go-ini as cmk loads it) ends an unquoted value at its first `;`
 * or `#`: no URL or API key holds those, a password might, and passwords are not used here.
 *
 * This server signs requests with API keys: a profile with only a username and password is listed
 * (it can be named) but using it is an error that says what to add.
 */
import { readFileSync, statSync } from 'node:fs';
import { decode } from 'ini';
import { permissionWarning } from './file-permissions.ts';
import type { Profile } from './profile.ts';
import { ProfileError } from './profile-error.ts';
import { defineLazySecret } from './secret-source.ts';

export interface CmkConfigContents {
  path: string;
  profiles: Map<string, Profile>;
  /** The `profile` setting: what cmk itself would use now. */
  currentProfile?: string;
  warnings: string[];
}

type Section = Record<string, string>;

// go-ini's default section is `DEFAULT`, case-sensitive: a `[default]` section is a profile named default.
const GLOBAL_SECTIONS = new Set(['core', 'DEFAULT']);
const NOT_PROFILES = new Set([...GLOBAL_SECTIONS, 'ui']);
const MAX_FILE_BYTES = 1024 * 1024;

export function readCmkConfig(path: string): CmkConfigContents {
  let text: string;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw new ProfileError(`CloudMonkey config ${path}: larger than ${MAX_FILE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProfileError(`CloudMonkey config ${path}: ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}`);
  }
  const { global, sections } = sectionsOf(text);
  const profiles = new Map<string, Profile>();
  for (const [name, section] of sections) {
    if (NOT_PROFILES.has(name)) continue;
    profiles.set(name, profileOf(name, section, global, path));
  }
  const warnings: string[] = [];
  const warning = permissionWarning(path, 'CloudMonkey config');
  if (warning) warnings.push(warning);
  return { path, profiles, currentProfile: global.profile || undefined, warnings };
}

/**
 * The global settings (top-level keys, then `[core]`/`[DEFAULT]` over them) and every section by
 * its full name. The ini package nests `[a.b]` under `a`; cmk's names are flat, so nested objects
 * are joined back with dots.
 */
function sectionsOf(text: string): { global: Section; sections: Map<string, Section> } {
  const decoded = decode(text) as Record<string, unknown>;
  const global: Section = {};
  const sections = new Map<string, Section>();
  const walk = (name: string, object: Record<string, unknown>) => {
    const own: Section = {};
    let nested = false;
    for (const [key, value] of Object.entries(object)) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        nested = true;
        walk(`${name}.${key}`, value as Record<string, unknown>);
      } else own[key.toLowerCase()] = scalar(value);
    }
    // `[a.b]` alone makes ini invent an empty `a`: not a section of the file.
    if (!nested || Object.keys(own).length > 0) sections.set(name, own);
  };
  for (const [key, value] of Object.entries(decoded)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) walk(key, value as Record<string, unknown>);
    else global[key.toLowerCase()] = scalar(value);
  }
  for (const name of GLOBAL_SECTIONS) Object.assign(global, sections.get(name));
  return { global, sections };
}

/** ini turns true/false into booleans and repeated `key[]` into arrays; cmk's values are strings (last one wins). */
function scalar(value: unknown): string {
  if (Array.isArray(value)) return scalar(value[value.length - 1]);
  return value === undefined || value === null ? '' : String(value).trim();
}

function profileOf(name: string, section: Section, global: Section, path: string): Profile {
  const source = `${path}, [${name}]`;
  const setting = (...keys: string[]) => {
    for (const key of keys) if (section[key] !== undefined && section[key] !== '') return { value: section[key], from: `[${name}] ${key}` };
    for (const key of keys) if (global[key] !== undefined && global[key] !== '') return { value: global[key], from: `global ${key}` };
    return undefined;
  };
  const verify = setting('verifycert', 'verifysslcert');
  const timeout = setting('timeout');
  const profile: Record<string, unknown> = { name, url: section.url ?? '', source };
  if (verify) profile.verifyTls = !/^(false|0|no|off)$/i.test(verify.value);
  if (timeout) {
    const seconds = Number(timeout.value);
    if (!Number.isInteger(seconds) || seconds <= 0) {
      throw new ProfileError(`CloudMonkey config ${path}: ${timeout.from} must be a whole number of seconds`);
    }
    // cmk waits this long for a call, its async job included (pollAsyncJob): our job wait. A request
    // hanging for cmk's default 1800 s would be no use; the per-request timeout stays --timeout-ms.
    profile.jobTimeoutMs = seconds * 1000;
  }
  const apiKey = section.apikey ?? '';
  const secretKey = section.secretkey ?? '';
  const unusable = () => {
    const hasLogin = Boolean(section.username) && Boolean(section.password);
    return new ProfileError(
      `CloudMonkey profile "${name}" (${path}) has ${apiKey ? 'no secretkey' : secretKey ? 'no apikey' : 'no apikey and secretkey'}` +
        (hasLogin ? ' (only username and password)' : '') +
        '; this server signs its requests with API keys: generate keys for the user (UI: the user\'s page, "Generate keys"; ' +
        'or cmk getUserKeys / registerUserKeys) and set apikey and secretkey in that section',
    );
  };
  const result = profile as unknown as Profile;
  defineLazySecret(result, 'apiKey', () => {
    if (!apiKey || !secretKey) throw unusable();
    return apiKey;
  });
  defineLazySecret(result, 'secretKey', () => {
    if (!apiKey || !secretKey) throw unusable();
    return secretKey;
  });
  return result;
}
