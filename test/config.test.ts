import { existsSync } from 'node:fs';
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

  it('keeps one-time secrets in files by default, in the XDG state directory', () => {
    expect(parseServerConfig([], { ...connection, XDG_STATE_HOME: '/x/state' })).toMatchObject({ oneTimeSecrets: 'file', secretsDir: '/x/state/cloudstack-mcp/secrets' });
    const config = parseServerConfig(['--secrets-dir', '/s', '--one-time-secrets', 'refuse'], { ...connection, CLOUDSTACK_MCP_SECRETS_DIR: '/env' });
    expect(config).toMatchObject({ oneTimeSecrets: 'refuse', secretsDir: '/s' });
    expect(parseServerConfig([], { ...connection, CLOUDSTACK_MCP_SECRETS_DIR: '/env' }).secretsDir).toBe('/env');
    expect(() => parseServerConfig(['--one-time-secrets', 'show'], connection)).toThrow(/--one-time-secrets must be one of file, return, refuse; got "show"/);
  });

  it('switches confirmation off only when told twice', () => {
    expect(() => parseServerConfig(['--confirm', 'never'], connection)).toThrow(/--allow-no-confirmation/);
    expect(parseServerConfig(['--confirm', 'never', '--allow-no-confirmation'], connection).confirm).toBe('never');
  });
});

describe('server configuration from a profile', () => {
  const lab = { url: 'http://lab.example.com:8080/client/api', apiKey: 'lab-key', secretKey: 'lab-secret' };
  const prod = {
    url: 'https://prod.example.com/client/api',
    apiKey: 'prod-key',
    secretKey: 'prod-secret',
    verifyTls: false,
    timeoutMs: 5000,
    jobTimeoutMs: 90_000,
    tools: 'all',
    toolsets: ['volume'],
    readOnly: true,
    confirm: 'all-mutations',
  };
  const withConfig = (config: unknown, cmk?: string) => {
    const home = tempHome();
    home.write('.config/cloudstack-mcp/config.json', config);
    if (cmk) home.write('.cmk/config', cmk);
    return home;
  };
  const quiet = { log: () => undefined };

  it('takes the named profile\'s settings as if given by flags; its name names the connection', () => {
    const home = withConfig({ profiles: { lab, prod } });
    const config = parseServerConfig(['--profile', 'prod'], home.env, quiet);
    expect(config).toMatchObject({
      url: prod.url,
      apiKey: 'prod-key',
      secretKey: 'prod-secret',
      insecure: true,
      timeoutMs: 5000,
      connectionWaitMs: 5000,
      jobTimeoutMs: 90_000,
      tools: 'all',
      toolsets: ['volume'],
      readOnly: true,
      confirm: 'all-mutations',
      profile: 'prod',
    });
    expect(config.selectedProfile?.name).toBe('prod');
    expect([...config.team.profiles.keys()]).toEqual(['lab', 'prod']);
    expect(parseServerConfig([], { ...home.env, CLOUDSTACK_MCP_PROFILE: 'lab' }, quiet)).toMatchObject({ url: lab.url, profile: 'lab', readOnly: false, insecure: false, tools: 'discovery' });
  });

  it('lets flags and the environment win over the profile, field by field', () => {
    const home = withConfig({ profiles: { prod } });
    // A boolean flag only turns a setting on; its variable set to false turns the profile's off.
    const env = { ...home.env, CLOUDSTACK_MCP_READ_ONLY: 'false', CLOUDSTACK_MCP_INSECURE: 'false', CLOUDSTACK_API_KEY: 'env-key' };
    const config = parseServerConfig(['--profile', 'prod', '--timeout-ms', '7000', '--tools', 'discovery', '--toolsets', 'network'], env, quiet);
    expect(config).toMatchObject({ url: prod.url, apiKey: 'env-key', secretKey: 'prod-secret', timeoutMs: 7000, connectionWaitMs: 7000, tools: 'discovery', toolsets: ['network'], readOnly: false, insecure: false, jobTimeoutMs: 90_000 });
  });

  it('uses the default profile only when nothing else says how to connect', () => {
    const home = withConfig({ defaultProfile: 'prod', profiles: { lab, prod } });
    expect(parseServerConfig([], home.env, quiet)).toMatchObject({ profile: 'prod', url: prod.url, readOnly: true });
    // A URL and keys of their own: no profile, the defaults as before.
    expect(parseServerConfig([], { ...home.env, ...connection }, quiet)).toMatchObject({ profile: 'default', url: connection.CLOUDSTACK_API_URL, readOnly: false, selectedProfile: undefined });
    expect(parseServerConfig(['--simulator'], home.env, quiet)).toMatchObject({ profile: 'default', readOnly: false });
  });

  it("falls back to CloudMonkey's current profile, and names a cmk profile that has no API keys", () => {
    const cmk = 'profile = local\n\n[local]\nurl = http://localhost:8080/client/api\nusername = admin\npassword = password\napikey =\nsecretkey =\n\n[keys]\nurl = http://keys:8080/client/api\napikey = ck\nsecretkey = cs\nverifycert = false\n';
    const home = tempHome();
    home.write('.cmk/config', cmk);
    expect(() => parseServerConfig([], home.env, quiet)).toThrow(ConfigError);
    expect(() => parseServerConfig([], home.env, quiet)).toThrow(/CloudMonkey profile "local" .* has no apikey and secretkey \(only username and password\); this server signs its requests with API keys/);
    expect(parseServerConfig(['--profile', 'keys'], home.env, quiet)).toMatchObject({ profile: 'keys', url: 'http://keys:8080/client/api', apiKey: 'ck', secretKey: 'cs', insecure: true });
    // --cmk-config (or its variable) reads another file instead.
    const other = home.write('other-cmk', 'profile = there\n[there]\nurl = http://there/client/api\napikey = tk\nsecretkey = ts\n');
    expect(parseServerConfig([], { ...home.env, CLOUDSTACK_MCP_CMK_CONFIG: other }, quiet)).toMatchObject({ profile: 'there', apiKey: 'tk' });
  });

  it('refuses an unknown profile, listing the known names and no secret', () => {
    const home = withConfig({ profiles: { lab, prod } });
    let message = '';
    try {
      parseServerConfig(['--profile', 'staging'], home.env, quiet);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toBe(`no profile named "staging"; the profiles are: lab, prod (read from ${home.configFile})`);
  });

  it('reads --config (or CLOUDSTACK_MCP_CONFIG) instead of the default file, which then must exist', () => {
    const home = withConfig({ profiles: { lab } });
    const other = home.write('team/config.json', { profiles: { prod } });
    expect(parseServerConfig(['--config', other, '--profile', 'prod'], home.env, quiet).url).toBe(prod.url);
    expect(parseServerConfig(['--profile', 'prod'], { ...home.env, CLOUDSTACK_MCP_CONFIG: other }, quiet).url).toBe(prod.url);
    expect(() => parseServerConfig(['--config', `${home.dir}/nope.json`, '--simulator'], home.env, quiet)).toThrow(new ConfigError(`config file ${home.dir}/nope.json: does not exist`));
  });

  it('turns confirmation off from a profile only with its allowNoConfirmation', () => {
    const home = withConfig({ profiles: { yolo: { ...lab, confirm: 'never', allowNoConfirmation: true }, careful: { ...lab, allowNoConfirmation: true } } });
    expect(parseServerConfig(['--profile', 'yolo'], home.env, quiet)).toMatchObject({ confirm: 'never', allowNoConfirmation: true });
    // --confirm never from the command line still needs its own --allow-no-confirmation, or the profile's.
    expect(parseServerConfig(['--profile', 'careful', '--confirm', 'never'], home.env, quiet).confirm).toBe('never');
    expect(() => parseServerConfig(['--profile', 'yolo'], { ...home.env, CLOUDSTACK_MCP_ALLOW_NO_CONFIRMATION: 'false' }, quiet)).toThrow(
      /^--confirm never runs destructive APIs without asking; add --allow-no-confirmation/,
    );
  });

  it('runs no secret command when flags or the simulator make the profile\'s keys unnecessary', () => {
    const home = tempHome();
    const marker = `${home.dir}/ran`;
    const command = [process.execPath, '-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, ""); console.log("x")`];
    home.write('.config/cloudstack-mcp/config.json', { profiles: { p: { url: lab.url, apiKeyCommand: command, secretKeyCommand: command, readOnly: true } } });
    expect(parseServerConfig(['--profile', 'p', '--simulator'], home.env, quiet)).toMatchObject({ simulator: true, readOnly: true, url: undefined, apiKey: undefined });
    expect(parseServerConfig(['--profile', 'p', '--api-key', 'k', '--secret-key', 's'], home.env, quiet)).toMatchObject({ url: lab.url, apiKey: 'k' });
    expect(existsSync(marker)).toBe(false);
    expect(parseServerConfig(['--profile', 'p'], home.env, quiet).apiKey).toBe('x');
    expect(existsSync(marker)).toBe(true);
  });

  it("turns a profile's failing secret command or bad URL into a configuration error naming the profile", () => {
    const home = withConfig({ profiles: { broken: { url: lab.url, apiKey: 'k', secretKeyCommand: ['false'] } } });
    expect(() => parseServerConfig(['--profile', 'broken'], home.env, quiet)).toThrow(
      new ConfigError(`config file ${home.configFile}: profile "broken": secretKeyCommand: command ["false"] failed: it exited with status 1`),
    );
    // A cmk profile's URL is checked when it is used (a config.json one when the file is read).
    home.write('.cmk/config', '[badurl]\nurl = lab.example.com\napikey = k\nsecretkey = s\n');
    expect(() => parseServerConfig(['--profile', 'badurl'], home.env, quiet)).toThrow(/^the url of profile badurl \(.*\.cmk\/config, \[badurl\]\) must be an http\(s\) URL/);
  });

  it('tells, through its log, the profile in use and a config file others can read', () => {
    const home = tempHome();
    const path = home.write('.config/cloudstack-mcp/config.json', { profiles: { lab } }, 0o644);
    const lines: string[] = [];
    parseServerConfig(['--profile', 'lab'], home.env, { log: (line) => lines.push(line) });
    expect(lines).toEqual([
      `WARNING: config file ${path} is accessible to group or others (mode 644) and may hold secrets; run: chmod 600 ${path}`,
      `using profile lab (${path}, profile "lab")`,
    ]);
  });

  it('without any connection, suggests the profiles there are', () => {
    const home = tempHome();
    home.write('.cmk/config', '[a]\nurl = http://a/client/api\napikey = k\nsecretkey = s\n');
    expect(() => parseServerConfig([], home.env, quiet)).toThrow(/set CLOUDSTACK_API_URL \(or --url\).*, or name one of the profiles with --profile \(a\); or run with --simulator/);
  });
});
