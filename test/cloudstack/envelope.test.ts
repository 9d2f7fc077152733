import { describe, expect, it } from 'vitest';
import { escapeControlCharsInStrings, parseCloudStackJson, readEnvelope } from '../../src/cloudstack/envelope.ts';
import { CloudStackApiError, CloudStackHttpError, CloudStackProtocolError } from '../../src/cloudstack/errors.ts';
import { maskedExcerpt, maskSecrets } from '../../src/cloudstack/excerpt.ts';

const SECRET = 'S3cr3t-Key_value-that-is-long-enough-0123456789';
const context = { command: 'listZones', endpoint: 'http://127.0.0.1:8080/client/api', secrets: [SECRET] };

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('readEnvelope: success', () => {
  it('returns the object under <command>response', () => {
    const inner = readEnvelope(
      { status: 200, body: '{"listzonesresponse":{"count":1,"zone":[{"id":"z1","name":"Zone 1"}]}}' },
      context,
    );
    expect(inner).toEqual({ count: 1, zone: [{ id: 'z1', name: 'Zone 1' }] });
  });

  it('reads envelopes CloudStack names otherwise (getCommandName overrides)', () => {
    const storage = { ...context, command: 'enableStorageMaintenance' };
    expect(readEnvelope({ status: 200, body: '{"prepareprimarystorageformaintenanceresponse":{"jobid":"j"}}' }, storage)).toEqual({ jobid: 'j' });
    const devices = { ...context, command: 'listNetworkDevice' };
    expect(readEnvelope({ status: 200, body: '{"listnetworkdevice":{"count":1,"networkdevice":[{}]}}' }, devices)).toEqual({ count: 1, networkdevice: [{}] });
  });

  it('returns {} for an empty list', () => {
    expect(readEnvelope({ status: 200, body: '{"listzonesresponse":{}}' }, context)).toEqual({});
  });

  it('accepts raw control characters inside strings, which CloudStack writes un-escaped', () => {
    const inner = readEnvelope({ status: 200, body: '{"listzonesresponse":{"zone":[{"name":"a\tb\u0001"}]}}' }, context);
    expect(inner).toEqual({ zone: [{ name: 'a\tb\u0001' }] });
  });
});

describe('readEnvelope: CloudStack error bodies', () => {
  it('reads the error nested under <command>response, keeping every field and the text verbatim', () => {
    const body =
      '{"deployvirtualmachineresponse":{"uuidList":[{"uuid":"u-1","description":"vm"}],"errorcode":431,' +
      '"cserrorcode":4350,"errortext":"Unable to execute API command deployvirtualmachine due to missing parameter zoneid"}}';
    const error = thrown(() => readEnvelope({ status: 431, body }, { ...context, command: 'deployVirtualMachine' }));
    expect(error).toBeInstanceOf(CloudStackApiError);
    const apiError = error as CloudStackApiError;
    expect(apiError.httpStatus).toBe(431);
    expect(apiError.errorCode).toBe(431);
    expect(apiError.csErrorCode).toBe(4350);
    expect(apiError.errorText).toBe('Unable to execute API command deployvirtualmachine due to missing parameter zoneid');
    expect(apiError.uuidList).toEqual([{ uuid: 'u-1', description: 'vm' }]);
    expect(apiError.command).toBe('deployVirtualMachine');
    expect(apiError.message).toContain('CloudStack error 431 (deployVirtualMachine): Unable to execute API command');
  });

  it('reads errorresponse (unknown command, role denial)', () => {
    const body =
      '{"errorresponse":{"uuidList":[],"errorcode":432,"cserrorcode":9999,"errortext":"The API [listZones] does not exist or is not available for the account for user id [u]."}}';
    const error = thrown(() => readEnvelope({ status: 432, body }, context)) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.errorCode).toBe(432);
    expect(error.errorText).toMatch(/^The API \[listZones\] does not exist/);
    expect(error.message).toMatch(/role may not call it/);
  });

  it('reads a 401 without cserrorcode and says what to check', () => {
    const body = '{"listzonesresponse":{"uuidList":[],"errorcode":401,"errortext":"unable to verify user credentials and/or request signature"}}';
    const error = thrown(() => readEnvelope({ status: 401, body }, context)) as CloudStackApiError;
    expect(error.httpStatus).toBe(401);
    expect(error.csErrorCode).toBeUndefined();
    expect(error.errorText).toBe('unable to verify user credentials and/or request signature');
    expect(error.message).toMatch(/clock/);
  });

  it('keeps a 530 text as CloudStack wrote it, characters and all', () => {
    const text = 'Internal error: "vm-1" <x> & 100% ünïcödé';
    const body = JSON.stringify({ listzonesresponse: { uuidList: [], errorcode: 530, cserrorcode: 4250, errortext: text } });
    const error = thrown(() => readEnvelope({ status: 530, body }, context)) as CloudStackApiError;
    expect(error.errorText).toBe(text);
    expect(error.message).toContain(text);
  });

  it('treats an error body as an error even under HTTP 200', () => {
    const body = '{"listzonesresponse":{"errorcode":530,"errortext":"boom"}}';
    expect(thrown(() => readEnvelope({ status: 200, body }, context))).toBeInstanceOf(CloudStackApiError);
  });

  it('falls back to X-Description when the body is not readable', () => {
    const error = thrown(() =>
      readEnvelope({ status: 431, body: '<html>nope</html>', description: 'Page size too big' }, context),
    ) as CloudStackApiError;
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error.errorText).toBe('Page size too big');
  });
});

describe('readEnvelope: not an envelope', () => {
  it('malformed JSON under 200 is a protocol error with a short masked excerpt', () => {
    const body = `{"listusersresponse":{"user":[{"username":"admin","secretkey":"${SECRET}","apikey":"AK-visible-only-as-mask"` + 'x'.repeat(500);
    const error = thrown(() => readEnvelope({ status: 200, body }, context)) as CloudStackProtocolError;
    expect(error).toBeInstanceOf(CloudStackProtocolError);
    expect(error.message).toContain('not valid JSON');
    expect(error.message).toContain('http://127.0.0.1:8080/client/api');
    expect(error.bodyExcerpt.length).toBeLessThanOrEqual(201);
    expect(error.bodyExcerpt).toContain('"username":"admin"');
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('AK-visible-only-as-mask');
  });

  it('valid JSON without the expected key is a protocol error', () => {
    const error = thrown(() => readEnvelope({ status: 200, body: '[1,2]' }, context)) as CloudStackProtocolError;
    expect(error).toBeInstanceOf(CloudStackProtocolError);
    expect(error.message).toContain('"listzonesresponse"');
  });

  it('a non-2xx answer without a CloudStack body is an HTTP error naming the endpoint', () => {
    const error = thrown(() => readEnvelope({ status: 503, body: '<h1>Service Unavailable</h1>' }, context)) as CloudStackHttpError;
    expect(error).toBeInstanceOf(CloudStackHttpError);
    expect(error.httpStatus).toBe(503);
    expect(error.message).toContain('HTTP 503 from http://127.0.0.1:8080/client/api for listZones');
    expect(error.message).toContain('Service Unavailable');
  });
});

describe('JSON repair and masking', () => {
  it('escapes control characters only inside strings', () => {
    expect(escapeControlCharsInStrings('{\n"a":"x\ty"\n}')).toBe('{\n"a":"x\\u0009y"\n}');
    expect(parseCloudStackJson('{"a":"\\"q\\"\u0002"}')).toEqual({ a: '"q"\u0002' });
    expect(parseCloudStackJson('{not json')).toBeUndefined();
  });

  it('masks secret-looking fields in JSON, form and XML text, and known secrets anywhere', () => {
    expect(maskSecrets('{"password": "hunter2", "name":"n"}')).toBe('{"password": "***", "name":"n"}');
    expect(maskSecrets('apiKey=abc&command=listZones&signature=xyz%3D')).toBe('apiKey=***&command=listZones&signature=***');
    expect(maskSecrets('<secretkey>k</secretkey><name>n</name>')).toBe('<secretkey>***</secretkey><name>n</name>');
    expect(maskSecrets(`text ${SECRET} more`, [SECRET])).toBe('text *** more');
  });

  it('masks a secret value cut off by the end of the excerpt window', () => {
    const body = `{"secretkey":"${'k'.repeat(9000)}`;
    expect(maskedExcerpt(body)).toBe('{"secretkey":"***"');
  });
});
