import { describe, expect, it } from 'vitest';
import { ConfigError, parseServerConfig } from '../src/config.ts';
import { tempHome } from './profiles/temp-config.ts';

// An empty home: no config.json, no ~/.cmk/config of whoever runs the tests.
const { env: emptyHome } = tempHome();
const connection = { ...emptyHome, CLOUDSTACK_API_URL: 'https://cloud.example.com/client/api', CLOUDSTACK_API_KEY: 'k', CLOUDSTACK_SECRET_KEY: 's' };

describe('server configuration', () => {
  it('reads the connection from the environment, defaults for the rest', () => {
    const config = parseServerConfig([], connection);
    expect(config).toMatchObject({ url: connection.CLOUDSTACK_API_URL, tools: 'discovery', confirm: 'destructive', maxItems: 25, readOnly: false });
  });

  it('lets a flag win over its environment twin', () => {
    const config = parseServerConfig(['--max-items', '5', '--read-only'], { ...connection, CLOUDSTACK_MCP_MAX_ITEMS: '50', CLOUDSTACK_MCP_READ_ONLY: 'false' });
    expect(config).toMatchObject({ maxItems: 5, readOnly: true });
  });

  it('says exactly what to set when there is no connection', () => {
    expect(() => parseServerConfig([], emptyHome)).toThrow(/CLOUDSTACK_API_URL \(or --url\), CLOUDSTACK_API_KEY .*--simulator/);
    expect(() => parseServerConfig([], { ...connection, CLOUDSTACK_SECRET_KEY: '' })).toThrow(/set CLOUDSTACK_SECRET_KEY \(or --secret-key\)/);
    expect(parseServerConfig(['--simulator'], emptyHome).simulator).toBe(true);
  });

  it('rejects bad values with the flag or variable that carried them', () => {
    expect(() => parseServerConfig(['--tools', 'some'], connection)).toThrow(/--tools must be one of discovery, all/);
    expect(() => parseServerConfig([], { ...connection, CLOUDSTACK_MCP_MAX_ITEMS: 'ten' })).toThrow(/CLOUDSTACK_MCP_MAX_ITEMS must be a positive whole number/);
    expect(() => parseServerConfig(['--bogus'], connection)).toThrow(ConfigError);
    expect(() => parseServerConfig([], { ...connection, CLOUDSTACK_API_URL: 'cloud.example.com' })).toThrow(/must be an http\(s\) URL/);
  });

  it('takes keys that start with a dash', () => {
    const config = parseServerConfig(['--url', connection.CLOUDSTACK_API_URL, '--api-key', '-k1', '--secret-key', '-s1', '--read-only'], emptyHome);
    expect(config).toMatchObject({ apiKey: '-k1', secretKey: '-s1', readOnly: true });
  });

  it('switches confirmation off only when told twice', () => {
    expect(() => parseServerConfig(['--confirm', 'never'], connection)).toThrow(/--allow-no-confirmation/);
    expect(parseServerConfig(['--confirm', 'never', '--allow-no-confirmation'], connection).confirm).toBe('never');
  });
});
