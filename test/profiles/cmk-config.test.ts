import { describe, expect, it } from 'vitest';
import { readCmkConfig } from '../../src/profiles/cmk-config.ts';
import { tempHome } from './temp-config.ts';

// As cmk 6 (Go, go-ini) writes it: the global settings before any section, one section per profile.
const GO_CMK_CONFIG = `prompt       = 🐱
asyncblock   = true
timeout      = 1800
output       = json
verifycert   = true
profile      = prod
autocomplete = true
postrequest  = true

[localcloud]
url       = http://localhost:8080/client/api
username  = admin
password  = p#ss;word
domain    = /
apikey    =
secretkey =

[prod]
url       = https://cloud.example.com/client/api
username  =
password  =
domain    = /
apikey    = ZsVQ-0d5ZSx8Jb_7fNBa-hyG3LdgOTJjNlK1ppFjxb5LG5Y8OhC-qThzVUt0B6wmqA
secretkey = -nkd5Q-QqZ5v8dqzNXpfyt1zB_6Vr9y9D0xPZk1IK8zw_vxYLP-2Uc6cQn6tqgHb0A
timeout   = 120
verifycert = false

[lab.eu-west]
url       = http://10.1.1.2:8080/client/api
apikey    = lab-key
secretkey = lab-secret
`;

// As Python cloudmonkey 5.x wrote it: [core] and [ui], per-profile timeout and verifysslcert.
const PYTHON_CMK_CONFIG = `[core]
profile = container
asyncblock = true
history_file = /cloudmonkey/history

[ui]
color = true
prompt = >
display = default

[container]
url = http://cloudstack:8080/client/api
username = admin
password = password
apikey = c-key
secretkey = c-secret
timeout = 3600
expires = 600
verifysslcert = false
signatureversion = 3
domain = /
`;

describe("CloudMonkey's config", () => {
  it('reads cmk 6 profiles: keys, TLS check and timeout per profile over the global ones, dotted names', () => {
    const home = tempHome();
    const path = home.write('.cmk/config', GO_CMK_CONFIG);
    const cmk = readCmkConfig(path);
    expect(cmk.currentProfile).toBe('prod');
    expect([...cmk.profiles.keys()]).toEqual(['localcloud', 'prod', 'lab.eu-west']);
    expect(cmk.profiles.get('prod')).toMatchObject({
      name: 'prod',
      url: 'https://cloud.example.com/client/api',
      apiKey: 'ZsVQ-0d5ZSx8Jb_7fNBa-hyG3LdgOTJjNlK1ppFjxb5LG5Y8OhC-qThzVUt0B6wmqA',
      secretKey: '-nkd5Q-QqZ5v8dqzNXpfyt1zB_6Vr9y9D0xPZk1IK8zw_vxYLP-2Uc6cQn6tqgHb0A',
      verifyTls: false,
      jobTimeoutMs: 120_000,
      source: `${path}, [prod]`,
    });
    // The global settings hold for a profile that has none of its own.
    expect(cmk.profiles.get('lab.eu-west')).toMatchObject({ url: 'http://10.1.1.2:8080/client/api', apiKey: 'lab-key', verifyTls: true, jobTimeoutMs: 1_800_000 });
    expect(cmk.warnings).toEqual([]);
  });

  it('reads a Python cloudmonkey file: [core] for the globals, [ui] is not a profile, verifysslcert', () => {
    const home = tempHome();
    const cmk = readCmkConfig(home.write('.cmk/config', PYTHON_CMK_CONFIG));
    expect(cmk.currentProfile).toBe('container');
    expect([...cmk.profiles.keys()]).toEqual(['container']);
    expect(cmk.profiles.get('container')).toMatchObject({ apiKey: 'c-key', secretKey: 'c-secret', verifyTls: false, jobTimeoutMs: 3_600_000 });
  });

  it('lists a username/password profile, and says what to do when its keys are wanted (never the password)', () => {
    const home = tempHome();
    const path = home.write('.cmk/config', GO_CMK_CONFIG);
    const profile = readCmkConfig(path).profiles.get('localcloud')!;
    expect(profile.url).toBe('http://localhost:8080/client/api');
    let message = '';
    try {
      void profile.apiKey;
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^CloudMonkey profile "localcloud" \(.*\.cmk\/config\) has no apikey and secretkey \(only username and password\); this server signs its requests with API keys/);
    expect(message).toMatch(/set apikey and secretkey in that section/);
    expect(message).not.toContain('p#ss');
    expect(() => profile.secretKey).toThrow(/has no apikey and secretkey/);
  });

  it('takes [DEFAULT] as the global settings, as go-ini does, and [default] as a profile', () => {
    const home = tempHome();
    const cmk = readCmkConfig(home.write('.cmk/config', '[DEFAULT]\nprofile = default\nverifycert = false\n\n[default]\nurl = http://d/client/api\napikey = dk\nsecretkey = ds\n'));
    expect(cmk.currentProfile).toBe('default');
    expect([...cmk.profiles.keys()]).toEqual(['default']);
    expect(cmk.profiles.get('default')).toMatchObject({ apiKey: 'dk', verifyTls: false });
  });

  it('refuses a timeout that is not whole seconds, naming the section', () => {
    const home = tempHome();
    const path = home.write('.cmk/config', '[x]\nurl = http://a/client/api\napikey = k\nsecretkey = s\ntimeout = soon\n');
    expect(() => readCmkConfig(path)).toThrow(`CloudMonkey config ${path}: [x] timeout must be a whole number of seconds`);
  });

  it('warns when others can read it', () => {
    const home = tempHome();
    const path = home.write('.cmk/config', GO_CMK_CONFIG, 0o664);
    expect(readCmkConfig(path).warnings).toEqual([`CloudMonkey config ${path} is accessible to group or others (mode 664) and may hold secrets; run: chmod 600 ${path}`]);
  });
});
