/**
 * A scratch home for profile tests: HOME and XDG_CONFIG_HOME point into a temp directory, so no
 * test reads or writes the real ~/.config or ~/.cmk.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempHome {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Writes `text` (or JSON of `value`) at `relative` inside the home, mode 0600 unless told. */
  write(relative: string, value: unknown, mode?: number): string;
  configFile: string;
  cmkFile: string;
}

export function tempHome(): TempHome {
  const dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-profiles-'));
  const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), PATH: process.env.PATH };
  const write = (relative: string, value: unknown, mode = 0o600) => {
    const path = join(dir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
    chmodSync(path, mode);
    return path;
  };
  return {
    dir,
    env,
    write,
    configFile: join(dir, '.config', 'cloudstack-mcp', 'config.json'),
    cmkFile: join(dir, '.cmk', 'config'),
  };
}
