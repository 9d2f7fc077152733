import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../codegen/index.ts';

describe('codegen CLI', () => {
  let dir: string;
  let errors: string[];
  let logs: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-cli-'));
    errors = [];
    logs = [];
    vi.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message));
    vi.spyOn(console, 'warn').mockImplementation((message: string) => void errors.push(message));
    vi.spyOn(console, 'log').mockImplementation((message: string) => void logs.push(message));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints help', () => {
    expect(main(['--help'])).toBe(0);
    expect(logs.join('\n')).toContain('--snapshot FILE');
  });

  it('refuses an unknown option with the usage', () => {
    expect(main(['--bogus'])).toBe(1);
    expect(errors.join('\n')).toMatch(/Unknown option '--bogus'/);
  });

  it('names a missing file, without a stack trace', () => {
    expect(main(['--snapshot', join(dir, 'missing.json'), '--out', join(dir, 'out')])).toBe(1);
    expect(errors).toEqual([`codegen failed: cannot read ${join(dir, 'missing.json')}: ENOENT`]);
  });

  it('names a document that is not listApis, and invalid JSON', () => {
    writeFileSync(join(dir, 'bad.json'), '{"zones": []}');
    writeFileSync(join(dir, 'broken.json'), '{"count": ');
    expect(main(['--snapshot', join(dir, 'bad.json'), '--out', join(dir, 'out')])).toBe(1);
    expect(main(['--snapshot', join(dir, 'broken.json'), '--out', join(dir, 'out')])).toBe(1);
    expect(errors[0]).toMatch(/^codegen failed: not a listApis document/);
    expect(errors[1]).toMatch(/^codegen failed: .*broken\.json is not valid JSON/);
    for (const message of errors) expect(message).not.toMatch(/\n\s+at /);
  });

  it('generates the quirks fixture leniently and reports counts and warnings', () => {
    const fixture = fileURLToPath(new URL('../fixtures/quirks.json', import.meta.url));
    expect(main(['--snapshot', fixture, '--out', join(dir, 'out'), '--lenient-overrides'])).toBe(0);
    expect(logs.join('\n')).toMatch(/APIs 4, tools 4, params 12, async APIs 0, categories 3, warnings 2/);
    expect(errors.some((message) => message.includes('unknown param type "blob"'))).toBe(true);
  });
});
