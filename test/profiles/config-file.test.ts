import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/profiles/config-file.ts';
import { ProfileError } from '../../src/profiles/profile-error.ts';
import { tempHome } from './temp-config.ts';

const SECRET = 'sEcReT-value-that-must-never-show-9f8e7d';

describe('config.json', () => {
  it('reads two profiles with every setting, paths beside the file', () => {
    const home = tempHome();
    const path = home.write('.config/cloudstack-mcp/config.json', {
      defaultProfile: 'lab',
      profiles: {
        lab: { url: 'http://lab:8080/client/api', apiKey: 'lab-key', secretKey: 'lab-secret', readOnly: true, tools: 'all', toolsets: ['volume'] },
        prod: {
          url: 'https://cloud.example.com/client/api',
          apiKeyFile: 'prod.key',
          secretKeyEnv: 'PROD_SECRET',
          verifyTls: false,
          caFile: '~/ca.pem',
          timeoutMs: 5000,
          jobTimeoutMs: 60000,
          confirm: 'all-mutations',
          oneTimeSecrets: 'refuse',
        },
      },
    });
    home.write('.config/cloudstack-mcp/prod.key', 'prod-key\n');
    const file = readConfigFile(path, { ...home.env, PROD_SECRET: '  prod-secret ' });
    expect(file.defaultProfile).toBe('lab');
    expect([...file.profiles.keys()]).toEqual(['lab', 'prod']);
    expect(file.profiles.get('lab')).toMatchObject({ name: 'lab', apiKey: 'lab-key', secretKey: 'lab-secret', readOnly: true, tools: 'all', toolsets: ['volume'] });
    expect(file.profiles.get('prod')).toMatchObject({
      url: 'https://cloud.example.com/client/api',
      apiKey: 'prod-key',
      secretKey: 'prod-secret',
      verifyTls: false,
      caFile: `${home.dir}/ca.pem`,
      timeoutMs: 5000,
      jobTimeoutMs: 60000,
      confirm: 'all-mutations',
      oneTimeSecrets: 'refuse',
      source: `${path}, profile "prod"`,
    });
    expect(file.warnings).toEqual([]);
  });

  it('runs a secret command without a shell, trimmed, only when the secret is used', () => {
    const home = tempHome();
    const marker = `${home.dir}/ran`;
    const path = home.write('config.json', {
      profiles: {
        used: { url: 'http://a/client/api', apiKey: 'k', secretKeyCommand: [process.execPath, '-e', 'process.stdout.write("  from-command  \\n")'] },
        unused: { url: 'http://b/client/api', apiKey: 'k', secretKeyCommand: [process.execPath, '-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`] },
        literal: { url: 'http://c/client/api', apiKey: 'k', secretKeyCommand: ['echo', '$HOME;', 'rm', '-rf', '/'] },
      },
    });
    const file = readConfigFile(path, home.env);
    expect(file.profiles.get('used')!.secretKey).toBe('from-command');
    // No shell: $HOME and ; are plain arguments of echo.
    expect(file.profiles.get('literal')!.secretKey).toBe('$HOME; rm -rf /');
    expect(existsSync(marker)).toBe(false);
  });

  it('says which command failed and why, without its output', () => {
    const home = tempHome();
    const failing = home.write('failing.js', `console.log(${JSON.stringify(SECRET)}); console.error("vault: sealed"); process.exit(3)`);
    const chatty = home.write('chatty.js', `console.log(${JSON.stringify(SECRET)}); console.log("login: me")`);
    const path = home.write('config.json', {
      profiles: {
        fails: { url: 'http://a/client/api', apiKey: 'k', secretKeyCommand: [process.execPath, failing] },
        slow: { url: 'http://a/client/api', apiKey: 'k', secretKeyCommand: [process.execPath, '-e', 'setTimeout(() => {}, 10000)'], secretCommandTimeoutMs: 300 },
        missing: { url: 'http://a/client/api', apiKey: 'k', secretKeyCommand: ['no-such-command-here'] },
        multi: { url: 'http://a/client/api', apiKey: 'k', secretKeyCommand: [process.execPath, chatty] },
        empty: { url: 'http://a/client/api', apiKey: 'k', secretKeyCommand: ['true'] },
      },
    });
    const file = readConfigFile(path, home.env);
    const message = (name: string) => {
      try {
        void file.profiles.get(name)!.secretKey;
      } catch (error) {
        expect(error).toBeInstanceOf(ProfileError);
        return (error as Error).message;
      }
      throw new Error(`${name}: no error`);
    };
    expect(message('fails')).toMatch(/profile "fails": secretKeyCommand: command .* failed: it exited with status 3; it said: vault: sealed/);
    expect(message('slow')).toMatch(/profile "slow": .*did not finish within 300 ms/);
    expect(message('missing')).toMatch(/no-such-command-here was not found/);
    expect(message('multi')).toMatch(/gave 2 lines; a key or token is one line/);
    expect(message('empty')).toMatch(/gave an empty value/);
    for (const name of ['fails', 'multi']) expect(message(name)).not.toContain(SECRET);
  });

  it('refuses a bad file with the file, the profile and the field, and no value from it', () => {
    const home = tempHome();
    const bad = (config: unknown) => {
      const path = home.write('bad.json', config);
      try {
        readConfigFile(path, home.env);
      } catch (error) {
        expect(error).toBeInstanceOf(ProfileError);
        const message = (error as Error).message;
        expect(message.startsWith(`config file ${path}: `)).toBe(true);
        expect(message).not.toContain(SECRET);
        expect(message.length).toBeLessThan(2000);
        return message;
      }
      throw new Error('accepted');
    };
    const ok = { url: 'http://a/client/api', apiKey: SECRET, secretKey: SECRET };
    expect(bad({ profiles: { prod: { ...ok, timeoutMs: SECRET } } })).toMatch(/profile "prod": timeoutMs: must be integer/);
    expect(bad({ profiles: { prod: { ...ok, readonly: true } } })).toMatch(/profile "prod": unknown key "readonly" \(did you mean "readOnly"\?\)/);
    expect(bad({ profiles: { prod: { ...ok, confirm: SECRET } } })).toMatch(/profile "prod": confirm: must be one of "destructive", "all-mutations", "never"/);
    expect(bad({ profiles: { prod: { apiKey: SECRET, secretKey: SECRET } } })).toMatch(/profile "prod": missing url/);
    expect(bad({ profiles: { prod: { ...ok, url: `https//${SECRET}@cloud` } } })).toMatch(/profile "prod": url must be an http\(s\) URL/);
    expect(bad({ profiles: { prod: { url: 'http://a', secretKey: SECRET } } })).toMatch(/profile "prod": missing apiKey, apiKeyFile, apiKeyCommand, apiKeyEnv/);
    expect(bad({ profiles: { prod: { ...ok, secretKeyFile: 'x' } } })).toMatch(/more than one of secretKey.*\(given: secretKey, secretKeyFile\)/);
    expect(bad({ profiles: { prod: { ...ok, confirm: 'never' } } })).toMatch(/profile "prod": confirm "never" .* "allowNoConfirmation": true/);
    expect(bad({ profiles: { 'bad name!': ok } })).toMatch(/profile name "bad name!" must be letters/);
    expect(bad({ profile: {} })).toMatch(/the top level: unknown key "profile"; known keys: defaultProfile, profiles, tokens/);
    expect(bad({ tokens: [{ identity: 'ann', profile: 'prod', token: SECRET, tokenFile: 'x' }] })).toMatch(/tokens\[0\] \(identity "ann"\): more than one of token/);
    // Many problems: the first few, then a count.
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, { ...ok, timeoutMs: -1 }]));
    expect(bad({ profiles: many })).toMatch(/; and 15 more$/);
  });

  it('tells where JSON breaks without quoting the text around it', () => {
    const home = tempHome();
    const path = home.write('broken.json', `{\n  "profiles": {\n    "prod": { "apiKey": "${SECRET}" x }\n  }\n}`);
    expect(() => readConfigFile(path, home.env)).toThrow(/is not valid JSON \(line 3, column \d+\)$/);
    try {
      readConfigFile(path, home.env);
    } catch (error) {
      expect((error as Error).message).not.toContain(SECRET);
    }
  });

  it('warns about a config file or key file others can read, with the chmod fix', () => {
    const home = tempHome();
    const path = home.write('config.json', { profiles: { p: { url: 'http://a/client/api', apiKeyFile: 'key', secretKey: 's' } } }, 0o644);
    const keyFile = home.write('key', 'k', 0o640);
    const { warnings } = readConfigFile(path, home.env);
    expect(warnings).toEqual([
      `config file ${path} is accessible to group or others (mode 644) and may hold secrets; run: chmod 600 ${path}`,
      `profile "p": apiKeyFile ${keyFile} is accessible to group or others (mode 640) and may hold secrets; run: chmod 600 ${keyFile}`,
    ]);
  });
});
