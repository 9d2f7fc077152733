import { describe, expect, it } from 'vitest';
import { findProfile, loadTeamConfig, readTeamSecrets } from '../../src/profiles/team-config.ts';
import { tempHome } from './temp-config.ts';

const CMK = `profile = cmkprod
timeout = 600

[cmkprod]
url = https://cmk.example.com/client/api
apikey = cmk-key
secretkey = cmk-secret

[shared]
url = https://from-cmk.example.com/client/api
apikey = a
secretkey = b
`;

const profile = (url: string) => ({ url, apiKey: 'k', secretKey: 's' });

describe('the team config: config.json and ~/.cmk/config together', () => {
  it('reads nothing, without complaint, when neither default file exists', () => {
    const home = tempHome();
    const team = loadTeamConfig({ env: home.env });
    expect(team).toMatchObject({ defaultProfile: undefined, tokens: [], source: undefined, warnings: [], searched: [home.configFile, home.cmkFile] });
    expect(team.profiles.size).toBe(0);
  });

  it('finds the default config.json under XDG_CONFIG_HOME, else ~/.config', () => {
    const home = tempHome();
    home.write('xdg/cloudstack-mcp/config.json', { profiles: { x: profile('http://x/client/api') } });
    home.write('.config/cloudstack-mcp/config.json', { profiles: { y: profile('http://y/client/api') } });
    expect([...loadTeamConfig({ env: { ...home.env, XDG_CONFIG_HOME: `${home.dir}/xdg` } }).profiles.keys()]).toEqual(['x']);
    expect([...loadTeamConfig({ env: { HOME: home.dir } }).profiles.keys()]).toEqual(['y']);
  });

  it('joins both files: config.json wins a name clash; its defaultProfile wins over cmk\'s current profile', () => {
    const home = tempHome();
    home.write('.cmk/config', CMK);
    home.write('.config/cloudstack-mcp/config.json', { profiles: { shared: profile('https://from-json.example.com/client/api') } });
    const team = loadTeamConfig({ env: home.env });
    expect([...team.profiles.keys()].sort()).toEqual(['cmkprod', 'shared']);
    expect(team.profiles.get('shared')!.url).toBe('https://from-json.example.com/client/api');
    expect(team.defaultProfile).toBe('cmkprod');
    expect(team.source).toBe(`${home.configFile}, ${home.cmkFile}`);

    home.write('.config/cloudstack-mcp/config.json', { defaultProfile: 'shared', profiles: { shared: profile('https://from-json.example.com/client/api') } });
    expect(loadTeamConfig({ env: home.env }).defaultProfile).toBe('shared');
  });

  it("takes cmk's current profile as the default only when cmk has that section", () => {
    const home = tempHome();
    home.write('.cmk/config', 'profile = gone\n\n[other]\nurl = http://o/client/api\napikey = a\nsecretkey = b\n');
    expect(loadTeamConfig({ env: home.env }).defaultProfile).toBeUndefined();
  });

  it('reads the files named instead of the default ones, and requires them to exist', () => {
    const home = tempHome();
    home.write('.cmk/config', CMK);
    const cmk = home.write('elsewhere/cmk.ini', '[only]\nurl = http://o/client/api\napikey = a\nsecretkey = b\n');
    const json = home.write('elsewhere/team.json', { profiles: { named: profile('http://n/client/api') } });
    expect([...loadTeamConfig({ env: home.env, configFile: json, cmkConfigFile: cmk }).profiles.keys()].sort()).toEqual(['named', 'only']);
    expect(() => loadTeamConfig({ env: home.env, configFile: `${home.dir}/missing.json` })).toThrow(`config file ${home.dir}/missing.json: does not exist`);
    expect(() => loadTeamConfig({ env: home.env, cmkConfigFile: `${home.dir}/missing` })).toThrow(`CloudMonkey config ${home.dir}/missing: does not exist`);
  });

  it('refuses a defaultProfile or a token naming no profile, listing the names there are', () => {
    const home = tempHome();
    home.write('.cmk/config', CMK);
    home.write('.config/cloudstack-mcp/config.json', { defaultProfile: 'nope', profiles: { mine: profile('http://m/client/api') } });
    expect(() => loadTeamConfig({ env: home.env })).toThrow(`config file ${home.configFile}: defaultProfile "nope" is not a profile; the profiles are: cmkprod, mine, shared`);
    home.write('.config/cloudstack-mcp/config.json', { tokens: [{ identity: 'ann', profile: 'nope', token: 'tok-secret' }] });
    expect(() => loadTeamConfig({ env: home.env })).toThrow(/tokens\[0\] \(identity "ann"\): profile "nope" is not a profile; the profiles are: cmkprod, shared$/);
  });

  it('gives the HTTP transport its identities, tokens read at first use, and checks them all at once', () => {
    const home = tempHome();
    home.write('.cmk/config', CMK);
    home.write('.config/cloudstack-mcp/ann.token', 'ann-token\n');
    home.write('.config/cloudstack-mcp/config.json', {
      profiles: { mine: profile('http://m/client/api') },
      tokens: [
        { identity: 'ann', profile: 'cmkprod', tokenFile: 'ann.token' },
        { identity: 'bob', profile: 'mine', tokenEnv: 'BOB_TOKEN' },
      ],
    });
    const team = loadTeamConfig({ env: { ...home.env, BOB_TOKEN: 'bob-token' } });
    expect(team.tokens.map(({ identity, profile, token }) => ({ identity, profile, token }))).toEqual([
      { identity: 'ann', profile: 'cmkprod', token: 'ann-token' },
      { identity: 'bob', profile: 'mine', token: 'bob-token' },
    ]);
    expect(() => readTeamSecrets(team)).not.toThrow();
    expect(() => readTeamSecrets(loadTeamConfig({ env: { ...home.env, BOB_TOKEN: 'ann-token' } }))).toThrow(
      'identities "ann" and "bob" have the same token; each identity needs its own',
    );
    expect(() => readTeamSecrets(loadTeamConfig({ env: home.env }))).toThrow(/tokens\[1\] \(identity "bob"\): tokenEnv: environment variable BOB_TOKEN is not set$/);
  });

  it('names the profiles there are (and where they were read) for an unknown name', () => {
    const home = tempHome();
    expect(() => findProfile(loadTeamConfig({ env: home.env }), 'prod')).toThrow(
      `no profile named "prod"; there are no profiles (no config file found (looked for ${home.configFile} and ${home.cmkFile}))`,
    );
    home.write('.cmk/config', CMK);
    expect(() => findProfile(loadTeamConfig({ env: home.env }), 'prod')).toThrow(
      `no profile named "prod"; the profiles are: cmkprod, shared (read from ${home.cmkFile})`,
    );
  });
});
