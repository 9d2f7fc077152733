import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { call, inner } from '../support/simulator.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ jobDelayMs: 10 });
});
afterAll(() => sim.close());

async function expectError(params: Record<string, string>, status: number, text: string, cserrorcode?: number) {
  const answer = await call(sim, params);
  expect(answer.status, answer.text).toBe(status);
  const key = `${params.command.toLowerCase()}response`;
  expect(Object.keys(answer.body!)).toEqual([key]);
  const expected: Record<string, unknown> = { uuidList: [], errorcode: status };
  if (cserrorcode !== undefined) expected.cserrorcode = cserrorcode;
  expected.errortext = text;
  expect(answer.body![key]).toEqual(expected);
  // Key order as CloudStack's ExceptionResponse writes it.
  expect(Object.keys(answer.body![key])).toEqual(Object.keys(expected));
  if (cserrorcode !== undefined) expect(answer.headers.get('x-description')).toBe(text);
}

describe('parameter errors (ParamProcessWorker texts)', () => {
  it('missing required parameter', () =>
    expectError({ command: 'deletePod' }, 431, 'Unable to execute API command deletepod due to missing parameter id', 9999));

  it('required parameter present but empty', () =>
    expectError({ command: 'deletePod', id: '' }, 431, 'Invalid value provided for API arg: id', 4350));

  it('unknown UUID, and a value that is neither UUID nor numeric id', async () => {
    const unknown = '3f1c1a52-0000-4000-8000-000000000000';
    const text = (value: string) =>
      `Unable to execute API command listzones due to invalid value. Invalid parameter id value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`;
    await expectError({ command: 'listZones', id: unknown }, 431, text(unknown), 9999);
    await expectError({ command: 'listZones', id: 'zone-one' }, 431, text('zone-one'), 9999);
  });

  it('accepts a numeric internal id for a uuid parameter without `since`, and -1', async () => {
    const zone = sim.state.first('zone');
    const byNumber = await call(sim, { command: 'listZones', id: String(zone.internalId) });
    expect(inner(byNumber).zone[0].id).toBe(zone.id);
    expect((await call(sim, { command: 'listZones', id: '-1' })).status).toBe(200);
  });

  it('non-numeric integer, unparsable date, too long string, control characters', async () => {
    await expectError({ command: 'listZones', page: 'one', pagesize: '10' }, 431, 'Unable to execute API command listzones due to invalid value one for parameter page', 9999);
    await expectError(
      { command: 'listEvents', startdate: '24/11/2026' },
      431,
      'Unable to parse date 24/11/2026 for command listevents, please pass dates in the format mentioned in the api documentation',
      9999,
    );
    await expectError(
      { command: 'listZones', name: 'x'.repeat(256) },
      431,
      'Unable to execute API command listzones due to invalid value. Value greater than max allowed length 255 for param: name',
      9999,
    );
    await expectError({ command: 'listZones', keyword: 'a\tb' }, 431, 'Received value containing illegal ASCII non-printable characters for parameter keyword', 9999);
    // LF and CR are allowed.
    expect((await call(sim, { command: 'listZones', keyword: 'a\nb' })).status).toBe(200);
  });

  it('malformed map keys are a 430', async () => {
    for (const key of ['tags[0]', 'tags[x].key', 'tags[0][1].key', 'tags0].key']) {
      const answer = await call(sim, { command: 'listZones', [key]: 'v' });
      if (key === 'tags0].key') {
        expect(answer.status, key).toBe(200); // no '[': an ordinary (unknown) parameter
        continue;
      }
      expect(answer.status, key).toBe(430);
      expect(inner(answer).errortext).toBe(
        `Unable to decode parameter ${key}; if specifying an object array, please use parameter[index].field=XXX, e.g. userGroupList[0].group=httpGroup`,
      );
    }
  });

  it('paging rules: together, at most 500, -1 alone', async () => {
    await expectError({ command: 'listZones', pagesize: '10' }, 431, '"page" parameter is required when "pagesize" is specified', 4350);
    await expectError({ command: 'listZones', page: '1' }, 431, '"pagesize" parameter is required when "page" is specified', 4350);
    await expectError({ command: 'listZones', page: '1', pagesize: '501' }, 431, "Page size can't exceed max allowed page size value: 500", 4350);
    await expectError({ command: 'listZones', page: '1', pagesize: '-1' }, 431, "Can't specify page parameter when pagesize is -1 (Unlimited)", 4350);
    expect((await call(sim, { command: 'listZones', pagesize: '-1' })).status).toBe(200);
  });

  it('ignores unknown parameters and reads parameter names case-insensitively', async () => {
    const zone = sim.state.first('zone');
    const answer = await call(sim, [['command', 'listZones'], ['ZoneColour', 'blue'], ['Id', zone.id]]);
    expect(answer.status).toBe(200);
    expect(inner(answer).count).toBe(1);
  });

  it('listApis with an unknown name is a 530', () =>
    expectError({ command: 'listApis', name: 'noSuchApi' }, 530, 'Api Discovery plugin was unable to find an api by that name or process any apis', 9999));

  it('parameter errors of async APIs come back at once, not in a job', async () => {
    const answer = await call(sim, { command: 'deployVirtualMachine', zoneid: sim.state.first('zone').id });
    expect(answer.status).toBe(431);
    expect(inner(answer).errortext).toBe('Unable to execute API command deployvirtualmachine due to missing parameter serviceofferingid');
  });
});

describe('envelopes', () => {
  it('lists: count first, then the items; empty list {}; page past the end {count}', async () => {
    const zones = await call(sim, { command: 'listZones' });
    expect(Object.keys(inner(zones))).toEqual(['count', 'zone']);
    expect((await call(sim, { command: 'listZones', name: 'nowhere' })).body).toEqual({ listzonesresponse: {} });
    expect((await call(sim, { command: 'listZones', page: '5', pagesize: '10' })).body).toEqual({ listzonesresponse: { count: 1 } });
  });

  it('objects under their object name, success answers as {success: true}', async () => {
    const created = await call(sim, { command: 'createPod', name: 'PodX', zoneid: sim.state.first('zone').id, gateway: '10.9.0.1', netmask: '255.255.255.0' });
    expect(Object.keys(inner(created))).toEqual(['pod']);
    const deleted = await call(sim, { command: 'deletePod', id: inner(created).pod.id });
    expect(deleted.body).toEqual({ deletepodresponse: { success: true } });
  });

  it('answers plain-text 405 for a GET login, and logs in over POST', async () => {
    const { sendRaw } = await import('../support/simulator.ts');
    const get = await sendRaw(sim.url, 'GET', 'command=login&username=admin&password=password&response=json');
    expect(get.status).toBe(405);
    expect(get.text).toBe('Please use HTTP POST to authenticate using this API');
    const post = await sendRaw(sim.url, 'POST', 'command=login&username=admin&password=password&response=json');
    expect(post.status).toBe(200);
    expect(post.body!.loginresponse).toMatchObject({ username: 'admin', type: '1', timeout: 1800 });
    expect(sim.knownSecrets).toContain(post.body!.loginresponse.sessionkey);
    const bad = await sendRaw(sim.url, 'POST', 'command=login&username=admin&password=nope&response=json');
    expect(bad.status).toBe(531);
    expect(bad.body!.loginresponse.errortext).toMatch(/^Failed to authenticate user admin in domain \d+; please provide valid credentials$/);
  });

  it('synthesised answers are well-formed: UUID ids, CloudStack dates, no nulls, known secrets in sensitive fields', async () => {
    const answer = await call(sim, { command: 'listVpnConnections' });
    const item = inner(answer).vpnconnection[0];
    expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(item.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
    expect(item.ipsecpsk).toBe(sim.state.synthesisedSecret);
    expect(sim.knownSecrets).toContain(item.ipsecpsk);
    expect(answer.text).not.toContain('null');
    // A synthesised id is accepted back (here by an API without a stateful handler).
    expect((await call(sim, { command: 'resetVpnConnection', id: item.id })).status).toBe(200);
  });
});
