/**
 * The profiles this server knows, from two places: our `config.json` (`--config`, else the
 * default path) and CloudMonkey's `~/.cmk/config` (`--cmk-config`, else cmk's default path).
 * A file named explicitly must exist; a default one may be absent.
 *
 * Both are read. On a name clash the config.json profile wins. With no profile named, the profile
 * used is config.json's `defaultProfile`, else cmk's current one (its `profile` setting).
 */
import { existsSync } from 'node:fs';
import { defaultCmkConfigFile, defaultConfigFile } from './config-paths.ts';
import { readCmkConfig } from './cmk-config.ts';
import { readConfigFile } from './config-file.ts';
import type { Profile, TeamConfig, TokenIdentity } from './profile.ts';
import { ProfileError } from './profile-error.ts';

export interface LoadTeamConfigOptions {
  /** `--config FILE`: must exist. Absent: the default path, read when it exists. */
  configFile?: string;
  /** `--cmk-config FILE`: must exist. Absent: `~/.cmk/config`, read when it exists. */
  cmkConfigFile?: string;
  /** Where HOME and XDG_CONFIG_HOME (the default paths) and secrets' environment variables are read. */
  env?: NodeJS.ProcessEnv;
}

export function loadTeamConfig(options: LoadTeamConfigOptions = {}): TeamConfig {
  const env = options.env ?? process.env;
  const configPath = options.configFile ?? defaultConfigFile(env);
  const cmkPath = options.cmkConfigFile ?? defaultCmkConfigFile(env);
  const file = options.configFile !== undefined || existsSync(configPath) ? readConfigFile(configPath, env) : undefined;
  const cmk = options.cmkConfigFile !== undefined || existsSync(cmkPath) ? readCmkConfig(cmkPath) : undefined;

  const profiles = new Map<string, Profile>(cmk?.profiles);
  for (const [name, profile] of file?.profiles ?? []) profiles.set(name, profile);
  const known = knownNames(profiles);

  if (file?.defaultProfile !== undefined && !profiles.has(file.defaultProfile)) {
    throw new ProfileError(`config file ${configPath}: defaultProfile "${file.defaultProfile}" is not a profile; ${known}`);
  }
  const tokens: TokenIdentity[] = file?.tokens ?? [];
  for (const [index, token] of tokens.entries()) {
    if (!profiles.has(token.profile)) {
      throw new ProfileError(`config file ${configPath}: tokens[${index}] (identity "${token.identity}"): profile "${token.profile}" is not a profile; ${known}`);
    }
  }
  // cmk's current profile is a default only when it names a section cmk has (cmk would invent one).
  const cmkCurrent = cmk?.currentProfile !== undefined && profiles.has(cmk.currentProfile) ? cmk.currentProfile : undefined;
  return {
    profiles,
    defaultProfile: file?.defaultProfile ?? cmkCurrent,
    tokens,
    source: [file?.path, cmk?.path].filter(Boolean).join(', ') || undefined,
    searched: [configPath, cmkPath],
    warnings: [...(file?.warnings ?? []), ...(cmk?.warnings ?? [])],
  };
}

/** The profile called `name`, or an error listing the ones there are (names only). */
export function findProfile(team: TeamConfig, name: string): Profile {
  const profile = team.profiles.get(name);
  if (profile) return profile;
  const where = team.source ? `read from ${team.source}` : `no config file found (looked for ${team.searched?.join(' and ') ?? 'none'})`;
  const shown = name.length > 64 ? `${name.slice(0, 63)}…` : name;
  throw new ProfileError(`no profile named "${shown}"; ${knownNames(team.profiles)} (${where})`);
}

/**
 * Reads every secret the HTTP transport will need now (each token, and the keys of each profile a
 * token names), so a broken password-manager command or an unusable cmk profile stops the start,
 * not the first request. Refuses one token given to two identities.
 */
export function readTeamSecrets(team: TeamConfig): void {
  const seen = new Map<string, string>();
  for (const token of team.tokens) {
    const other = seen.get(token.token);
    if (other !== undefined) throw new ProfileError(`identities "${other}" and "${token.identity}" have the same token; each identity needs its own`);
    seen.set(token.token, token.identity);
    const profile = findProfile(team, token.profile);
    void profile.apiKey;
    void profile.secretKey;
  }
}

const MAX_NAMES_SHOWN = 20;

function knownNames(profiles: ReadonlyMap<string, Profile>): string {
  if (profiles.size === 0) return 'there are no profiles';
  const names = [...profiles.keys()].sort();
  const more = names.length > MAX_NAMES_SHOWN ? ` and ${names.length - MAX_NAMES_SHOWN} more` : '';
  return `the profiles are: ${names.slice(0, MAX_NAMES_SHOWN).join(', ')}${more}`;
}
