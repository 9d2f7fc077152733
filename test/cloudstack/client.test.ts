import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudStackClient, type CloudStackClientOptions } from '../../src/cloudstack/client.ts';
import {
  CloudStackAbortedError,
  CloudStackApiError,
  CloudStackEncodingError,
  CloudStackError,
  CloudStackHttpError,
  CloudStackJobError,
  CloudStackNetworkError,
  CloudStackProtocolError,
  CloudStackTimeoutError,
} from '../../src/cloudstack/errors.ts';
import { signatureMatches, type ParamList } from '../../src/cloudstack/signer.ts';
import { apiModel, modelDocument, param } from '../support/cloudstack-fixtures.ts';
import { envelope, errorBody, startTestServer, type Handler, type RecordedHit, type TestServer } from '../support/http-server.ts';

const API_KEY = 'ak-9fQe2LrT7bXc3NwZ8yHs1VdK6mJp4Gu0';
const SECRET_KEY = 'sk-Zt4Wm8Qa1Lr6Xn3Cv9Bp2Hs7Jd5Fk0Yg';

const model = modelDocument([
  apiModel('listZones', [param('name', 'string'), param('id', 'uuid'), param('page', 'integer'), param('pagesize', 'integer')], {
    responseKey: 'zone',
  }),
  apiModel('deployVirtualMachine', [param('zoneid', 'uuid'), param('name', 'string'), param('userdata', 'string')], {
    isAsync: true,
    responseKey: 'virtualmachine',
  }),
  apiModel('createUser', [param('username', 'string'), param('password', 'string')], { requestHasSensitiveInfo: true }),
  apiModel('createTags', [param('resourceids', 'list'), param('tags', 'map', { mapShape: 'key-value' })], { isAsync: true }),
  apiModel('queryAsyncJobResult', [param('jobid', 'uuid')], { access: 'read', responseKind: 'object' }),
]);

let server: TestServer | undefined;
let client: CloudStackClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(handler: Handler, options: Partial<CloudStackClientOptions> = {}) {
  server = await startTestServer(handler);
  const warnings: string[] = [];
  client = new CloudStackClient({
    url: server.url,
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
    model,
    retryDelay: { baseDelayMs: 1, maxDelayMs: 2 },
    jobPolling: { initialDelayMs: 1, maxDelayMs: 5 },
    logger: { warn: (m) => warnings.push(m) },
    ...options,
  });
  return { server, client, warnings };
}

/** The signature verifies against the decoded parameters, as CloudStack checks it. */
function signedCorrectly(hit: RecordedHit): boolean {
  const params: ParamList = Object.entries(hit.params);
  return signatureMatches(params, SECRET_KEY, hit.params.signature);
}

/** Asserts a thrown error never carries a credential or the signature anywhere in its text. */
function expectNoSecrets(error: unknown, hits: RecordedHit[]) {
  const text = `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
  expect(text).not.toContain(SECRET_KEY);
  expect(text).not.toContain(API_KEY);
  for (const hit of hits) {
    expect(text).not.toContain(hit.params.signature);
    expect(text).not.toContain(encodeURIComponent(hit.params.signature));
  }
}

const zones = envelope('listZones', { count: 1, zone: [{ id: 'z1', name: 'Zone 1' }] });

describe('CloudStackClient: requests', () => {
  it('sends a signed GET with lower-case names, response=json and a version-3 expiry', async () => {
    const { server, client } = await setup(() => ({ body: zones }));
    const before = Date.now();
    await expect(client.callApi('listZones', { name: 'Zone 1' })).resolves.toEqual({ count: 1, zone: [{ id: 'z1', name: 'Zone 1' }] });
    const [hit] = server.hits;
    expect(hit.method).toBe('GET');
    expect(hit.path).toBe('/client/api');
    expect(Object.keys(hit.params).sort()).toEqual(['apikey', 'command', 'expires', 'name', 'response', 'signature', 'signatureversion']);
    expect(hit.params).toMatchObject({ command: 'listZones', response: 'json', apikey: API_KEY, signatureversion: '3', name: 'Zone 1' });
    const expires = Date.parse(hit.params.expires.replace(/\+0000$/, 'Z'));
    expect(expires - before).toBeGreaterThan(590_000);
    expect(expires - before).toBeLessThan(610_000);
    expect(signedCorrectly(hit)).toBe(true);
    expect(hit.headers.accept).toBe('application/json');
  });

  it('signs without expires when asked for version 2', async () => {
    const { server, client } = await setup(() => ({ body: zones }), { signatureVersion: 2 });
    await client.callApi('listZones', {});
    expect(server.hits[0].params.expires).toBeUndefined();
    expect(server.hits[0].params.signatureversion).toBeUndefined();
    expect(signedCorrectly(server.hits[0])).toBe(true);
  });

  it('uses POST with a form body for APIs flagged sensitive, for secret-named params and for long requests', async () => {
    const { server, client } = await setup((hit) => ({ body: envelope(hit.params.command, { user: { id: 'u1' } }) }));
    await client.callApi('createUser', { username: 'bob', password: 'p@ss w0rd!' });
    await client.callApi('unknownToModelApi', { newpassword: 'x' });
    await client.callApi('listZones', { name: 'n'.repeat(5000) });
    await client.callApi('listZones', { name: 'short' }, { method: 'POST' });
    expect(server.hits.map((h) => h.method)).toEqual(['POST', 'POST', 'POST', 'POST']);
    for (const hit of server.hits) {
      expect(hit.rawQuery).toBe('');
      expect(hit.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(signedCorrectly(hit)).toBe(true);
    }
    expect(server.hits[0].params.password).toBe('p@ss w0rd!');
    expect(server.hits[2].params.name).toHaveLength(5000);
  });

  it('returns the envelope inner object from request(), lower-casing names and refusing reserved ones', async () => {
    const { server, client } = await setup(() => ({ body: zones }));
    await expect(client.request('listZones', { zoneId: 'z', 'Tags[0].Key': 'k' })).resolves.toMatchObject({ count: 1 });
    expect(server.hits[0].params).toMatchObject({ zoneid: 'z', 'tags[0].Key': 'k' });
    await expect(client.request('listZones', { response: 'xml' })).rejects.toBeInstanceOf(CloudStackEncodingError);
    await expect(client.request('listZones', { Signature: 'x' })).rejects.toBeInstanceOf(CloudStackEncodingError);
  });

  it('completes a URL given without a path to /client/api', async () => {
    const { server } = await setup(() => ({ body: zones }));
    const bare = new CloudStackClient({ url: server.url.replace('/client/api', ''), apiKey: API_KEY, secretKey: SECRET_KEY });
    try {
      await bare.request('listZones');
      expect(server.hits[0].path).toBe('/client/api');
      expect(bare.endpoint).toBe(server.url);
    } finally {
      await bare.close();
    }
  });
});

describe('CloudStackClient: async APIs', () => {
  it('waits for the job and returns its result, reporting progress', async () => {
    let polls = 0;
    const { server, client } = await setup((hit) => {
      if (hit.params.command === 'deployVirtualMachine') return { body: envelope('deployVirtualMachine', { id: 'vm-1', jobid: 'job-1' }) };
      polls++;
      const done = polls >= 3;
      return {
        body: envelope('queryAsyncJobResult', {
          jobid: hit.params.jobid,
          jobstatus: done ? 1 : 0,
          jobprocstatus: 0,
          jobresultcode: 0,
          ...(done ? { jobresulttype: 'object', jobresult: { virtualmachine: { id: 'vm-1', state: 'Running' } } } : {}),
        }),
      };
    });
    const progress: number[] = [];
    const result = await client.callApi('deployVirtualMachine', { zoneid: 'z1' }, { onProgress: (p) => progress.push(p.polls) });
    expect(result).toEqual({ virtualmachine: { id: 'vm-1', state: 'Running' } });
    expect(progress).toEqual([1, 2, 3]);
    expect(server.hitsFor('queryAsyncJobResult').every((h) => h.params.jobid === 'job-1')).toBe(true);
  });

  it('returns the job handle at once with waitForJob: false', async () => {
    const { server, client } = await setup(() => ({ body: envelope('deployVirtualMachine', { id: 'vm-1', jobid: 'job-1' }) }));
    await expect(client.callApi('deployVirtualMachine', { zoneid: 'z1' }, { waitForJob: false })).resolves.toEqual({
      id: 'vm-1',
      jobid: 'job-1',
    });
    expect(server.hits).toHaveLength(1);
  });

  it('surfaces a failed job as CloudStackJobError with its text', async () => {
    const { client } = await setup((hit) =>
      hit.params.command === 'deployVirtualMachine'
        ? { body: envelope('deployVirtualMachine', { jobid: 'job-2' }) }
        : {
            body: envelope('queryAsyncJobResult', {
              jobid: 'job-2',
              jobstatus: 2,
              jobresultcode: 530,
              jobresulttype: 'object',
              jobresult: { errorcode: 530, errortext: 'Insufficient capacity: no host with 64 GB free' },
            }),
          },
    );
    const error = (await client.callApi('deployVirtualMachine', { zoneid: 'z1' }).catch((e: unknown) => e)) as CloudStackJobError;
    expect(error).toBeInstanceOf(CloudStackJobError);
    expect(error.jobId).toBe('job-2');
    expect(error.errorText).toBe('Insufficient capacity: no host with 64 GB free');
  });

  it('waits for an API the model does not know when the answer is only a job handle', async () => {
    const { client } = await setup((hit) =>
      hit.params.command === 'liveOnlyAsync'
        ? { body: envelope('liveOnlyAsync', { jobid: 'job-3' }) }
        : { body: envelope('queryAsyncJobResult', { jobid: 'job-3', jobstatus: 1, jobresult: { success: true } }) },
    );
    await expect(client.callApi('liveOnlyAsync', {})).resolves.toEqual({ success: true });
  });
});

describe('CloudStackClient: errors', () => {
  it('turns the error body into CloudStackApiError without leaking credentials', async () => {
    const { server, client } = await setup(() =>
      errorBody('listZones', 401, 'unable to verify user credentials and/or request signature'),
    );
    const error = (await client.callApi('listZones', {}).catch((e: unknown) => e)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.httpStatus).toBe(401);
    expect(error.errorText).toBe('unable to verify user credentials and/or request signature');
    expectNoSecrets(error, server.hits);
  });

  it('masks the request when a broken server echoes it back in malformed JSON', async () => {
    const { server, client } = await setup((hit) => ({ body: `oops: /client/api?${hit.rawQuery} {"broken"` }));
    const error = await client.callApi('listZones', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackProtocolError);
    expect((error as Error).message).toContain('oops: /client/api?');
    expectNoSecrets(error, server.hits);
  });

  it('names the endpoint on a refused connection and says the change did not happen', async () => {
    const { server, client } = await setup(() => ({ body: zones }));
    const url = server.url;
    await server.close();
    const refused = new CloudStackClient({ url, apiKey: API_KEY, secretKey: SECRET_KEY, model, retries: 0 });
    try {
      const error = (await refused.callApi('deployVirtualMachine', { zoneid: 'z' }).catch((e: unknown) => e)) as CloudStackNetworkError;
      expect(error).toBeInstanceOf(CloudStackNetworkError);
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.mayHaveBeenApplied).toBe(false);
      expect(error.message).toContain(`at ${url}:`);
      expect(error.message).not.toMatch(/may have reached the server/);
      expectNoSecrets(error, []);
    } finally {
      await refused.close();
      await client.close();
    }
  });

  it('times out with the endpoint named and no credentials', async () => {
    const { server, client } = await setup(() => ({ hang: true }), { timeoutMs: 150 });
    const started = Date.now();
    const error = (await client.callApi('listZones', {}).catch((e: unknown) => e)) as CloudStackTimeoutError;
    expect(error).toBeInstanceOf(CloudStackTimeoutError);
    expect(error.message).toContain(`No answer from ${server.url} to listZones within 150 ms`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expectNoSecrets(error, server.hits);
  });

  it('aborts a request when the caller signal fires', async () => {
    const { client } = await setup(() => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await client.callApi('deployVirtualMachine', { zoneid: 'z' }, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudStackAbortedError);
    expect((error as Error).message).toMatch(/may already have reached the server/);
  });

  it('reports a non-CloudStack error page as an HTTP error', async () => {
    const { client } = await setup(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    const error = (await client.callApi('deployVirtualMachine', { zoneid: 'z' }).catch((e: unknown) => e)) as CloudStackHttpError;
    expect(error).toBeInstanceOf(CloudStackHttpError);
    expect(error.httpStatus).toBe(502);
  });
});

describe('CloudStackClient: retry policy', () => {
  it('retries a read on a dropped connection, then reports how many attempts were made', async () => {
    const { server, client } = await setup(() => ({ drop: true }), { retries: 3 });
    const error = (await client.callApi('listZones', {}).catch((e: unknown) => e)) as CloudStackNetworkError;
    expect(error).toBeInstanceOf(CloudStackNetworkError);
    expect(server.hits).toHaveLength(4);
    expect(error.attempts).toBe(4);
    expect(error.message).toContain('after 4 attempts');
    expectNoSecrets(error, server.hits);
    // Every attempt is signed afresh.
    expect(server.hits.every(signedCorrectly)).toBe(true);
  });

  it('succeeds when a retried read gets through', async () => {
    let calls = 0;
    const { server, client } = await setup(() => (++calls < 3 ? { drop: true } : { body: zones }), { retries: 2 });
    await expect(client.callApi('listZones', {})).resolves.toMatchObject({ count: 1 });
    expect(server.hits).toHaveLength(3);
  });

  it('retries a read on HTTP 503 but not on other CloudStack errors', async () => {
    let calls = 0;
    const { server, client } = await setup((hit) => {
      if (hit.params.name === 'flaky') return ++calls === 1 ? { status: 503, body: 'Service Unavailable' } : { body: zones };
      return errorBody('listZones', 431, 'Page size can\'t exceed max allowed page size value: 500', 4350);
    });
    await expect(client.callApi('listZones', { name: 'flaky' })).resolves.toMatchObject({ count: 1 });
    expect(server.hits).toHaveLength(2);
    await expect(client.callApi('listZones', { name: 'other' })).rejects.toBeInstanceOf(CloudStackApiError);
    expect(server.hits).toHaveLength(3);
  });

  it('never retries a mutation: a dropped deploy is sent exactly once', async () => {
    const { server, client } = await setup(() => ({ drop: true }), { retries: 5 });
    const error = (await client.callApi('deployVirtualMachine', { zoneid: 'z' }).catch((e: unknown) => e)) as CloudStackNetworkError;
    expect(error).toBeInstanceOf(CloudStackNetworkError);
    expect(server.hitsFor('deployVirtualMachine')).toHaveLength(1);
    expect(error.attempts).toBe(1);
    expect(error.mayHaveBeenApplied).toBe(true);
    expect(error.message).toMatch(/may have reached the server: check the resource before repeating/);
  });

  it('never retries a mutation on 503 either', async () => {
    const { server, client } = await setup(() => ({ status: 503, body: 'busy' }), { retries: 5 });
    await expect(client.callApi('createTags', { resourceids: ['a'], tags: { env: 'x' } })).rejects.toBeInstanceOf(CloudStackHttpError);
    expect(server.hits).toHaveLength(1);
  });

  it('treats an API unknown to the model as a mutation unless it is a list', async () => {
    const { server, client } = await setup(() => ({ drop: true }), { retries: 2 });
    await client.callApi('doSomethingNew', {}).catch(() => undefined);
    expect(server.hits).toHaveLength(1);
    await client.callApi('listSomethingNew', {}).catch(() => undefined);
    expect(server.hits).toHaveLength(4);
  });
});

describe('CloudStackClient: TLS', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function selfSignedCertificate() {
    dir = mkdtempSync(join(tmpdir(), 'cs-tls-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), certFile: join(dir, 'cert.pem') };
  }

  it('verifies certificates by default, trusts an added CA file, and warns when verification is off', async () => {
    const tls = selfSignedCertificate();
    server = await startTestServer(() => ({ body: zones }), tls);
    const common = { url: server.url, apiKey: API_KEY, secretKey: SECRET_KEY, model, retries: 0 };

    const verifying = new CloudStackClient(common);
    const error = (await verifying.callApi('listZones', {}).catch((e: unknown) => e)) as CloudStackNetworkError;
    await verifying.close();
    expect(error).toBeInstanceOf(CloudStackNetworkError);
    expect(error.message).toMatch(/not trusted; pass its CA with tls.caFile/);

    const withCa = new CloudStackClient({ ...common, tls: { caFile: tls.certFile } });
    await expect(withCa.callApi('listZones', {})).resolves.toMatchObject({ count: 1 });
    await withCa.close();

    const warnings: string[] = [];
    const insecure = new CloudStackClient({ ...common, tls: { insecure: true }, logger: { warn: (m) => warnings.push(m) } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/TLS certificate verification is OFF for https:\/\/127\.0\.0\.1:\d+\/client\/api/);
    await expect(insecure.callApi('listZones', {})).resolves.toMatchObject({ count: 1 });
    await insecure.close();
  });
});

describe('CloudStackClient: construction', () => {
  it('refuses missing credentials and non-http URLs with typed errors', () => {
    expect(() => new CloudStackClient({ url: 'http://x/client/api', apiKey: '', secretKey: 's' })).toThrow(CloudStackError);
    expect(() => new CloudStackClient({ url: 'ftp://x/client/api', apiKey: 'a', secretKey: 's' })).toThrow(/http\(s\)/);
  });
});
