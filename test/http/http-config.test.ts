import { describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../src/config.ts';

const env = { HOME: '/nonexistent-home', XDG_CONFIG_HOME: '/nonexistent-home/.config' };
const parse = (args: string[], extra: Record<string, string> = {}) => parseServerConfig(['--simulator', ...args], { ...env, ...extra }, { log: () => undefined });

describe('the HTTP flags', () => {
  it('defaults: stdio; over http, 127.0.0.1:3000, 30 min idle, 4 MiB bodies', () => {
    expect(parse([]).transport).toBe('stdio');
    expect(parse(['--transport', 'http']).http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      authToken: undefined,
      sessionIdleSeconds: 1800,
      allowedOrigins: [],
      allowedHosts: [],
      maxBodyBytes: 4 * 1024 * 1024,
      maxSessions: 1000,
    });
  });

  it('reads flags and their environment twins', () => {
    const config = parse(['--transport', 'http', '--host', '0.0.0.0', '--port', '0', '--allowed-origins', 'https://a.example, https://b.example:8443'], {
      CLOUDSTACK_MCP_AUTH_TOKEN: 'env-token-0123456789',
      CLOUDSTACK_MCP_SESSION_IDLE_S: '60',
    });
    expect(config.http).toMatchObject({ host: '0.0.0.0', port: 0, authToken: 'env-token-0123456789', sessionIdleSeconds: 60, allowedOrigins: ['https://a.example', 'https://b.example:8443'] });
  });

  it('refuses bad values with a bounded message that never holds the token', () => {
    expect(() => parse(['--transport', 'tcp'])).toThrow(/--transport must be one of stdio, http/);
    expect(() => parse(['--transport', 'http', '--port', '70000'])).toThrow(/port number from 0 to 65535/);
    expect(() => parse(['--transport', 'http', '--allowed-origins', 'https://a.example/path'])).toThrow(/scheme and host, no path/);
    expect(() => parse(['--transport', 'http', '--auth-token', 'short'])).toThrow(/--auth-token must be at least 16 characters/);
    expect(() => parse(['--transport', 'http', '--auth-token', 'has spaces in it, 123'])).toThrow(/may hold only/);
    const fromEnv = (() => {
      try {
        parse(['--transport', 'http'], { CLOUDSTACK_MCP_AUTH_TOKEN: 'tiny-secret' });
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(fromEnv).toMatch(/^CLOUDSTACK_MCP_AUTH_TOKEN must be at least 16 characters/);
    expect(fromEnv).not.toContain('tiny-secret');
  });

  it('HTTP flags without --transport http are an error, not ignored', () => {
    expect(() => parse(['--port', '8080'])).toThrow(/--port only apply to --transport http/);
  });
});
