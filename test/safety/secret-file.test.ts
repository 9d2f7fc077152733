/** The one-time secret file writer: private permissions, never overwriting, and what happens when it cannot write. */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSecretsDir, SecretFileError, SecretFileWriter } from '../../src/safety/secret-file.ts';

const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n';
const at = new Date('2026-12-03T14:15:00.123Z');
const modeOf = (path: string) => statSync(path).mode & 0o777;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'secret-file-test-'));
});

describe('SecretFileWriter', () => {
  it('writes the value alone, mode 0600, in a new 0700 directory, named by API, entity and time', () => {
    const dir = join(root, 'state', 'secrets');
    const saved = new SecretFileWriter(dir, () => at).save({ api: 'createSSHKeyPair', label: 'my key', values: [{ field: 'privatekey', value: KEY }] });
    expect(saved).toEqual({ path: join(dir, 'createSSHKeyPair-my_key-20261203T141500Z.pem') });
    expect(readFileSync(saved.path, 'utf8')).toBe(KEY);
    expect(modeOf(saved.path)).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(root, 'state'))).toBe(0o700);
  });

  it('writes several values as field=value lines', () => {
    const saved = new SecretFileWriter(root, () => at).save({
      api: 'registerUserKeys',
      label: 'u-1',
      values: [
        { field: 'apikey', value: 'A1' },
        { field: 'secretkey', value: 'S1' },
      ],
    });
    expect(saved.path.endsWith('registerUserKeys-u-1-20261203T141500Z.txt')).toBe(true);
    expect(readFileSync(saved.path, 'utf8')).toBe('apikey=A1\nsecretkey=S1\n');
  });

  it('never overwrites: the same name again gets -2, -3, and a planted symlink is not followed', () => {
    const writer = new SecretFileWriter(root, () => at);
    const secret = (value: string) => ({ api: 'createSSHKeyPair', label: 'k', values: [{ field: 'privatekey', value }] });
    const first = writer.save(secret('one')).path;
    const victim = join(root, 'victim');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, first.replace('.txt', '-2.txt'));
    const third = writer.save(secret('two')).path;
    expect(third).toBe(first.replace('.txt', '-3.txt'));
    expect(readFileSync(first, 'utf8')).toBe('one\n');
    expect(readFileSync(third, 'utf8')).toBe('two\n');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('narrows an existing directory that others can read to 0700', () => {
    const dir = join(root, 'open');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    new SecretFileWriter(dir).save({ api: 'a', values: [{ field: 'f', value: 'v' }] });
    expect(modeOf(dir)).toBe(0o700);
  });

  it('keeps the secret in a fresh private temp directory when the configured one cannot be written, and says why', () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, '');
    const saved = new SecretFileWriter(join(blocker, 'secrets'), () => at, root).save({ api: 'createSSHKeyPair', label: 'k', values: [{ field: 'privatekey', value: KEY }] });
    expect(saved.fallbackFrom).toMatchObject({ dir: join(blocker, 'secrets') });
    expect(saved.fallbackFrom!.reason).toMatch(/ENOTDIR/);
    expect(saved.path.startsWith(join(root, 'cloudstack-mcp-secrets-'))).toBe(true);
    expect(readFileSync(saved.path, 'utf8')).toBe(KEY);
    expect(modeOf(saved.path)).toBe(0o600);
    expect(modeOf(join(saved.path, '..'))).toBe(0o700);
  });

  it('throws a SecretFileError naming both places, never the value, when neither can be written', () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, '');
    const writer = new SecretFileWriter(join(blocker, 'secrets'), () => at, join(blocker, 'tmp'));
    let error: unknown;
    try {
      writer.save({ api: 'createSSHKeyPair', values: [{ field: 'privatekey', value: KEY }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecretFileError);
    expect((error as Error).message).toContain(join(blocker, 'secrets'));
    expect((error as Error).message).toContain('ENOTDIR');
    expect((error as Error).message).not.toContain('PRIVATE KEY');
    expect(readdirSync(root)).toEqual(['a-file']);
  });

  it('refuses an empty secret', () => {
    expect(() => new SecretFileWriter(root).save({ api: 'a', values: [] })).toThrow(SecretFileError);
  });
});

describe('defaultSecretsDir', () => {
  it('is under XDG_STATE_HOME, else ~/.local/state', () => {
    expect(defaultSecretsDir({ XDG_STATE_HOME: '/x/state' })).toBe('/x/state/cloudstack-mcp/secrets');
    expect(defaultSecretsDir({})).toMatch(/\/\.local\/state\/cloudstack-mcp\/secrets$/);
  });
});
