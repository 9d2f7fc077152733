import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSignature, encodeParams, formatCloudStackDate, type ParamList } from '../../src/cloudstack/signer.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { call, inner, sendRaw } from '../support/simulator.ts';
import { parseExpires } from '../../src/simulator/auth.ts';

const CREDENTIALS = 'unable to verify user credentials and/or request signature';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 20 });
});
afterAll(() => sim.close());

/** Signs a parameter list by hand (names exactly as given) and sends it. */
function sendSigned(params: ParamList, secret: string, method: 'GET' | 'POST' = 'GET', encode = encodeParams) {
  const signature = computeSignature(params, secret);
  return sendRaw(sim.url, method, encode([...params, ['signature', signature]]));
}

describe('signature verification', () => {
  it('accepts a version-2 signature over GET and POST', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const answer = await call(sim, { command: 'listZones' }, { signatureVersion: 2, method });
      expect(answer.status).toBe(200);
      expect(inner(answer).zone[0].name).toBe('Zone1');
    }
  });

  it('accepts a version-3 signature with camelCase names as python3-cs sends them', async () => {
    const expires = formatCloudStackDate(new Date(Date.now() + 600_000));
    const { apiKey, secretKey } = sim.accounts.user;
    const answer = await sendSigned(
      [['apiKey', apiKey], ['command', 'listZones'], ['response', 'json'], ['signatureVersion', '3'], ['expires', expires]],
      secretKey,
    );
    expect(answer.status).toBe(200);
  });

  it('round-trips values with every special character over GET and POST', async () => {
    const keyword = `a b+*!'()=&/%@"é€ 日本`;
    for (const method of ['GET', 'POST'] as const) {
      const answer = await call(sim, { command: 'listZones', keyword }, { method });
      expect(answer.status).toBe(200);
      expect(inner(answer)).toEqual({});
      expect(sim.requests.at(-1)?.params.keyword).toBe(keyword);
    }
  });

  it('refuses a bad signature with 401 under <cmd>response, without cserrorcode or X-Description', async () => {
    const answer = await call(sim, { command: 'listZones' }, { sign: { secretKey: 'wrong' } });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ listzonesresponse: { uuidList: [], errorcode: 401, errortext: CREDENTIALS } });
    expect(answer.headers.get('x-description')).toBeNull();
  });

  it('refuses an unknown API key, and an unknown command under errorresponse', async () => {
    const unknownKey = await call(sim, { command: 'listZones' }, { sign: { apiKey: 'nobody' } });
    expect(unknownKey.status).toBe(401);
    const unknownCommand = await call(sim, { command: 'listZonez' });
    expect(unknownCommand.status).toBe(401);
    expect(unknownCommand.body).toEqual({ errorresponse: { uuidList: [], errorcode: 401, errortext: CREDENTIALS } });
  });

  it('refuses an expired request, a v3 request without expires, and an unparsable expires', async () => {
    const expired = await call(sim, { command: 'listZones' }, { sign: { expiresInSeconds: -5 } });
    expect(expired.status).toBe(401);
    expect(inner(expired).errortext).toBe(CREDENTIALS);
    const { apiKey, secretKey } = sim.accounts.admin;
    const base: ParamList = [['apikey', apiKey], ['command', 'listZones'], ['response', 'json'], ['signatureversion', '3']];
    expect((await sendSigned(base, secretKey)).status).toBe(401);
    const noOffset = await sendSigned([...base, ['expires', '2099-01-01T00:00:00']], secretKey);
    expect(noOffset.status).toBe(401);
    const future = await sendSigned([...base, ['expires', '2099-01-01T00:00:00Z']], secretKey);
    expect(future.status).toBe(200);
  });

  it('ignores expires unless signatureversion is 3', async () => {
    const { apiKey, secretKey } = sim.accounts.admin;
    const answer = await sendSigned(
      [['apikey', apiKey], ['command', 'listZones'], ['response', 'json'], ['expires', '2000-01-01T00:00:00Z']],
      secretKey,
    );
    expect(answer.status).toBe(200);
  });

  it('refuses a "~" in a value signed the python3-cs way (tilde left raw) and accepts it signed like Java', async () => {
    const { apiKey, secretKey } = sim.accounts.admin;
    const params: ParamList = [['apikey', apiKey], ['command', 'listZones'], ['keyword', 'a~b'], ['response', 'json']];
    const pythonStyle = params
      .map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/[!'()]/g, (c) => '%' + c.charCodeAt(0).toString(16))}`)
      .sort()
      .join('&')
      .toLowerCase();
    const { createHmac } = await import('node:crypto');
    const badSignature = createHmac('sha1', secretKey).update(pythonStyle).digest('base64');
    const refused = await sendRaw(sim.url, 'GET', encodeParams([...params, ['signature', badSignature]]));
    expect(refused.status).toBe(401);
    const accepted = await sendSigned(params, secretKey);
    expect(accepted.status).toBe(200);
  });

  it('answers in XML when response=json is absent', async () => {
    const answer = await call(sim, { command: 'listZones' }, { sign: { secretKey: 'wrong' }, xml: true });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(answer.text).toContain('<listzonesresponse cloud-stack-version="4.20.2.0"><errorcode>401</errorcode>');
    const ok = await call(sim, { command: 'listZones' }, { xml: true });
    expect(ok.text).toMatch(/<listzonesresponse cloud-stack-version="[^"]+"><count>1<\/count><zone><id>/);
  });

  it('records requests with their status and role', async () => {
    await call(sim, { command: 'listZones' }, { as: sim.accounts.user });
    expect(sim.requests.at(-1)).toMatchObject({ command: 'listZones', method: 'GET', role: 'User', status: 200 });
  });
});

describe('roles', () => {
  it('answers 432 under errorresponse when a user calls an admin API', async () => {
    const answer = await call(sim, { command: 'createZone', name: 'z', dns1: '1.1.1.1', internaldns1: '1.1.1.1' }, { as: sim.accounts.user });
    expect(answer.status).toBe(432);
    expect(answer.body).toEqual({
      errorresponse: {
        uuidList: [],
        errorcode: 432,
        cserrorcode: 9999,
        errortext: `The API [createZone] does not exist or is not available for the account for user id [${sim.accounts.user.userId}].`,
      },
    });
    expect(answer.headers.get('x-description')).toContain('does not exist or is not available');
  });

  it('lets a domain admin call domain-admin APIs but not root-admin ones', async () => {
    expect((await call(sim, { command: 'listAccounts' }, { as: sim.accounts.domainadmin })).status).toBe(200);
    expect((await call(sim, { command: 'listHosts' }, { as: sim.accounts.domainadmin })).status).toBe(432);
  });
});

describe('expires formats', () => {
  it('parses the forms DateUtil accepts and refuses the others', () => {
    for (const ok of ['2030-01-01T00:00:00Z', '2030-01-01T00:00:00+0000', '2030-01-01T00:00:00+00:00', '2030-01-01T05:30:00+05:30', '2030-01-01T00:00:00.123456Z']) {
      expect(parseExpires(ok)?.toISOString(), ok).toMatch(/^2030-01-01T00:00:00/);
    }
    for (const bad of ['2030-01-01T00:00:00', '2030-01-01 00:00:00Z', 'tomorrow', '']) expect(parseExpires(bad), bad).toBeUndefined();
  });
});
