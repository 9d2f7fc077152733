import { describe, expect, it } from 'vitest';
import { maskStateSecrets, parseStateUrl, StateUrlError } from '../../src/state/url.ts';

describe('--state-url', () => {
  it('reads redis:// and rediss:// URLs: host, port (6379 by default), database, TLS', () => {
    expect(parseStateUrl('redis://127.0.0.1:6380')).toMatchObject({ tls: false, host: '127.0.0.1', port: 6380, database: undefined, display: 'redis://127.0.0.1:6380' });
    expect(parseStateUrl('rediss://cache.example.com/2')).toMatchObject({ tls: true, host: 'cache.example.com', port: 6379, database: 2 });
  });

  it('masks the password wherever the URL is shown, keeping the user name', () => {
    const url = parseStateUrl('redis://mcp:s3cr%40t-pw@10.0.0.5:6379/1');
    expect(url.display).toBe('redis://mcp:********@10.0.0.5:6379/1');
    expect(url.display).not.toContain('s3cr');
    expect(url.href).toContain('s3cr%40t-pw');
    // Both spellings of the password are scrubbed from free text (a client error may quote either).
    expect(maskStateSecrets('AUTH s3cr@t-pw failed; url redis://mcp:s3cr%40t-pw@x', url)).toBe('AUTH ******** failed; url redis://mcp:********@x');
    expect(parseStateUrl('redis://:only-pw@h').display).toBe('redis://:********@h');
  });

  it('refuses what is not a Redis URL, without echoing a password', () => {
    const refusal = (raw: string) => {
      try {
        parseStateUrl(raw);
      } catch (error) {
        expect(error).toBeInstanceOf(StateUrlError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${raw}`);
    };
    expect(refusal('http://u:hunter22@h:1')).toMatch(/redis:\/\/ or rediss:\/\//);
    expect(refusal('http://u:hunter22@h:1')).not.toContain('hunter22');
    expect(refusal('not a url hunter22')).not.toContain('hunter22');
    expect(refusal('redis://:hunter22@h/abc')).toMatch(/database number/);
    expect(refusal('redis://:hunter22@h/abc')).not.toContain('hunter22');
    expect(refusal('redis://h:1?tls=1')).toMatch(/no query/);
  });
});

describe('--state-url in the configuration', () => {
  it('takes the flag or CLOUDSTACK_MCP_STATE_URL, and refuses a bad one naming its source, password masked', async () => {
    const { parseServerConfig, ConfigError } = await import('../../src/config.ts');
    const base = ['--simulator'];
    expect(parseServerConfig(base, {}).stateUrl).toBeUndefined();
    expect(parseServerConfig([...base, '--state-url', 'redis://127.0.0.1:6390'], {}).stateUrl).toBe('redis://127.0.0.1:6390');
    expect(parseServerConfig(base, { CLOUDSTACK_MCP_STATE_URL: 'rediss://:pw@cache:6380' }).stateUrl).toBe('rediss://:pw@cache:6380');
    const refused = () => parseServerConfig(base, { CLOUDSTACK_MCP_STATE_URL: 'http://:hunter22@cache:6379' });
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow(/CLOUDSTACK_MCP_STATE_URL must be a redis:\/\/ or rediss:\/\/ URL, got http:\/\/:\*{8}@cache:6379/);
  });
});
