/**
 * Argument validation: clear errors (which parameter, where inside it, what was expected), secrets
 * never previewed, and bounded work and output whatever the arguments are.
 */
import { describe, expect, it } from 'vitest';
import { BundledModel } from '../../src/model/bundled.ts';
import type { ApiModel } from '../../src/model/types.ts';
import { ToolDefinitions } from '../../src/mcp/tool-definitions.ts';
import { ArgumentValidator, closest, nestingProblem } from '../../src/mcp/validate.ts';

const doc = BundledModel.open().document();
const definitions = new ToolDefinitions(() => false);
const apiNamed = (name: string): ApiModel => doc.apis.find((a) => a.name === name)!;
const validator = new ArgumentValidator();
const check = (api: string, args: Record<string, unknown>) => validator.check(apiNamed(api), definitions.inputSchema(apiNamed(api)), args);
const messages = (api: string, args: Record<string, unknown>) => check(api, args).map((p) => p.message);

const USER = { username: 'eve', email: 'eve@example.com', firstname: 'E', lastname: 'V', account: 'admin' };
const SECRET = 'Sup3r-Secret-Passw0rd-long-enough-to-be-cut-in-a-preview-0123456789';

describe('secrets in argument errors', () => {
  it.each([
    ['an array', [SECRET], 'got an array of 1 item'],
    ['an object', { value: SECRET }, 'got an object'],
    ['two halves', [SECRET.slice(0, 30), SECRET.slice(30)], 'got an array of 2 items'],
    ['a number', 12345678, 'got a number'],
  ])('a password given as %s shows only its shape', (_, password, shape) => {
    const problems = check('createUser', { ...USER, password });
    expect(problems).toHaveLength(1);
    expect(problems[0].param).toBe('password');
    expect(problems[0].message).toBe(`parameter "password" must be a string, ${shape}`);
    expect(JSON.stringify(problems)).not.toContain('Sup3r');
    expect(JSON.stringify(problems)).not.toContain('1234');
  });

  it('a password too long says its length, not its start', () => {
    const [problem] = check('createUser', { ...USER, password: SECRET.repeat(10) });
    expect(problem.message).toBe(`parameter "password" must be at most 255 characters, got ${SECRET.length * 10}`);
  });

  it('a secret-named field inside a map, and the value of a secret setting, are not shown either', () => {
    const details = messages('addImageStore', { provider: 'S3', details: [{ key: 'secretkey', value: [SECRET] }] });
    expect(details.join('\n')).not.toContain('Sup3r');
    const setting = messages('updateConfiguration', { name: 'ldap.bind.password', value: [SECRET] });
    expect(setting.join('\n')).toContain('parameter "value"');
    expect(setting.join('\n')).not.toContain('Sup3r');
  });

  it('other values are previewed, cut to a few characters', () => {
    const [problem] = check('listZones', { name: ['x'.repeat(10_000)] });
    expect(problem.message).toMatch(/^parameter "name" must be a string, got \["x+\.\.\.$/);
    expect(problem.message.length).toBeLessThan(120);
  });
});

describe('bounded work and output', () => {
  it('4,000 unknown names of 1,000 characters: 20 problems and a count of the rest, at once', () => {
    const args = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`${i}`.padStart(1000, 'q'), 1]));
    const started = performance.now();
    const problems = check('listZones', args);
    expect(performance.now() - started).toBeLessThan(500);
    expect(problems).toHaveLength(21);
    expect(problems[0].message).toMatch(/^parameter name too long \(1000 chars, at most 256\): "q{40}"… \(1000 chars\)$/);
    expect(problems[0].param.length).toBeLessThanOrEqual(65);
    expect(problems[20].message).toBe('and 3980 more problems (fix these first)');
    expect(JSON.stringify(problems).length).toBeLessThan(5_000);
  });

  it('4,000 unknown names just under the limit: only the reported ones are looked up', () => {
    const args = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`zoneid${i}`.padEnd(250, 'z'), 1]));
    const started = performance.now();
    const problems = check('listZones', args);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(problems).toHaveLength(21);
    expect(problems[0].message).toMatch(/^unknown parameter "zoneid0z+"… \(250 chars\)/);
  });

  it('a list of a million wrong items costs one error', () => {
    const started = performance.now();
    const problems = check('listVirtualMachines', { ids: Array.from({ length: 1_000_000 }, (_, i) => i) });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(problems.map((p) => p.message)).toEqual(['parameter "ids" item 0 must be a string, got 0']);
  });

  it('nesting deeper than 32 levels is found without recursion', () => {
    const deep = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expect(nestingProblem({ zoneid: 'x', tags: [{ key: 'a', value: 'b' }] })).toBeUndefined();
    expect(nestingProblem({ zoneid: 'x', name: deep })).toEqual({
      param: 'name',
      message: 'parameter "name" is nested too deeply (more than 32 levels of arrays and objects)',
    });
  });

  it('closest() returns at once for a name of a megabyte, and never looks at a name over 256 characters', () => {
    const names = doc.apis.map((a) => a.name);
    const started = performance.now();
    expect(closest('x'.repeat(1024 * 1024), names)).toBeUndefined();
    expect(closest('listZones'.padEnd(257, 's'), names)).toBeUndefined();
    expect(closest('l'.repeat(256), names)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(200);
    expect(closest('listZone', names)).toBe('listZones');
    expect(closest('deployVirtualMachines', names)).toBe('deployVirtualMachine');
    expect(closest('zonid', ['zoneid', 'name', 'id'])).toBe('zoneid');
    expect(closest('qqqqqqqqqq', ['zoneid', 'name', 'id'])).toBeUndefined();
  });
});

describe('clear messages', () => {
  it('unknown, missing and mistyped parameters, with the likely intended name', () => {
    expect(messages('deployVirtualMachine', { templateid: 'x', zonid: 'y', serviceofferingid: 5 })).toEqual([
      'unknown parameter "zonid" (did you mean "zoneid"?)',
      'parameter "serviceofferingid" must be a string, got 5',
      expect.stringMatching(/^missing required parameter "zoneid" \(uuid: /),
    ]);
  });

  it('names of Object.prototype are unknown parameters, not known ones', () => {
    expect(messages('listZones', { constructor: 1, __proto__: 2, toString: 3 })).toEqual([
      'unknown parameter "constructor"',
      'unknown parameter "toString"',
    ]);
  });

  it('a key/value map takes one object of entries, as the encoder sends it', () => {
    const base = { resourceids: 'x', resourcetype: 'Zone' };
    expect(check('createTags', { ...base, tags: { env: 'prod', team: 'a' } })).toEqual([]);
    expect(check('createTags', { ...base, tags: { key: 'env', value: 'prod' } })).toEqual([]);
    expect(check('createTags', { ...base, tags: [{ key: 'env', value: 'prod' }] })).toEqual([]);
    expect(messages('createTags', { ...base, tags: { env: { nested: true } } })).toEqual([
      'parameter "tags" entry "env" must be a string, number or boolean, got {"nested":true}',
    ]);
  });

  it('errors inside a map name the parameter, the item and the field', () => {
    const base = { resourceids: 'x', resourcetype: 'Zone' };
    expect(messages('createTags', { ...base, tags: [{ key: 'env', colour: 'red' }] })).toEqual([
      'parameter "tags" item 0 has an unknown field "colour" (the fields are key, value)',
    ]);
    expect(messages('createTags', { ...base, tags: [{ key: 'a' }, { value: 'b' }] })).toEqual(['parameter "tags" item 1 is missing the field "key"']);
    expect(messages('createTags', { ...base, tags: [{ key: 'a' }, 'b'] })).toEqual(['parameter "tags" item 1 must be an object, got "b"']);
    expect(messages('createTags', { ...base, tags: 'env=prod' })).toEqual([
      expect.stringMatching(/^parameter "tags" must be an array of \{key, value\} objects or one object of entries .*, got "env=prod"$/),
    ]);
    expect(messages('deployVirtualMachine', { templateid: 'x', zoneid: 'y', serviceofferingid: 'z', details: { cpuNumber: [2] } })).toEqual([
      'parameter "details" field "cpuNumber" must be a string, number or boolean, got [2]',
    ]);
  });

  it('enums list their values, at most 20', () => {
    const [problem] = check('listTemplates', { templatefilter: 'everything' });
    expect(problem.message).toMatch(/^parameter "templatefilter" must be one of "featured", .*, got "everything"$/);
  });
});
