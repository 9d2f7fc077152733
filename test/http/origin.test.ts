import { describe, expect, it } from 'vitest';
import { isLoopbackHost, RequestOriginCheck } from '../../src/http/origin.ts';

describe('isLoopbackHost', () => {
  it('tells loopback addresses from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'mcp.example.com', '128.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('RequestOriginCheck', () => {
  const check = new RequestOriginCheck({ host: '127.0.0.1', allowedOrigins: ['https://app.example.com'], allowedHosts: ['mcp.example.com'] });

  it('accepts loopback Host names with any port, the listed hosts, and no Origin', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', 'LOCALHOST', '[::1]:3000', 'mcp.example.com', 'app.example.com:443']) {
      expect(check.check({ host }), host).toEqual({ ok: true });
    }
  });

  it('refuses a Host naming another server (DNS rebinding) or none', () => {
    for (const host of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example', undefined]) {
      expect(check.check({ host }).ok, String(host)).toBe(false);
    }
  });

  it('accepts loopback origins, listed ones and same-host ones; refuses others with 403', () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1', 'https://app.example.com', 'vscode-file://localhost']) {
      expect(check.check({ host: 'localhost:3000', origin }), origin).toEqual({ ok: true });
    }
    expect(check.check({ host: 'mcp.example.com', origin: 'https://mcp.example.com' })).toEqual({ ok: true });
    for (const origin of ['https://evil.example', 'http://app.example.com.evil.example', 'null', 'not a url']) {
      expect(check.check({ host: 'localhost:3000', origin }), origin).toMatchObject({ ok: false, status: 403 });
    }
  });
});
