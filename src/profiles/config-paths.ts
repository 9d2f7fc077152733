/**
 * Where the config files are looked for when none is named: the user's own config directory for
 * ours, and CloudMonkey's home for its file (cmk reads `~/.cmk/config`, the home from $HOME).
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

/** `$XDG_CONFIG_HOME/cloudstack-mcp/config.json`, else `~/.config/cloudstack-mcp/config.json`. */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homeOf(env), '.config'), 'cloudstack-mcp', 'config.json');
}

/** `~/.cmk/config`, CloudMonkey's own default. */
export function defaultCmkConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(homeOf(env), '.cmk', 'config');
}

/** A path from a config file: `~/` is the home, a relative one is beside the file that names it. */
export function resolveConfigPath(path: string, relativeTo: string, env: NodeJS.ProcessEnv): string {
  if (path === '~' || path.startsWith('~/')) return join(homeOf(env), path.slice(1));
  return isAbsolute(path) ? path : resolve(relativeTo, path);
}
