/**
 * The meta-tools' own arguments: checked for type, length and name before anything is looked up,
 * with errors that say which argument, what it takes and where an API's parameter belongs.
 */
import { describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BundledModel } from '../../src/model/bundled.ts';
import { ApiCatalog } from '../../src/mcp/catalog.ts';
import { discoveryHandlers, MAX_QUERY_LENGTH } from '../../src/mcp/discovery.ts';

const doc = BundledModel.open().document();
const catalog = new ApiCatalog(doc.apis, { modelVersion: doc.cloudstackVersion, live: false, liveOnly: [], unavailable: 0 }, doc.categories);
const describe_ = () => ({ text: 'described', structured: {} });
const handlers = discoveryHandlers(catalog, { readOnly: false, describe: describe_ });
const text = (r: CallToolResult | { error: CallToolResult } | { api: unknown }): string => {
  const result: CallToolResult = 'error' in r ? (r.error as CallToolResult) : (r as CallToolResult);
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
};

describe('search_apis arguments', () => {
  it('refuses a query over the limit before searching, and says the limit', () => {
    const result = handlers.searchApis({ query: 'a '.repeat(100_000) });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(`query too long (200000 chars, at most ${MAX_QUERY_LENGTH})`);
  });

  it('an unknown category gets the nearest one; a bad limit its range; an unknown argument what it takes', () => {
    expect(text(handlers.searchApis({ query: 'list', category: 'zones' }))).toContain('unknown category "zones" (did you mean "zone"?)');
    expect(text(handlers.searchApis({ query: 'list', limit: 0 }))).toContain('"limit" must be a whole number from 1 to 50, got 0');
    expect(text(handlers.searchApis({ query: 'list', limit: '5' }))).toContain('"limit" must be a whole number from 1 to 50, got a string of 1 character');
    expect(text(handlers.searchApis({ q: 'list' }))).toContain('unknown argument "q" of search_apis (it takes query, category, limit)');
  });

  it('still searches and lists categories', () => {
    expect(handlers.searchApis({ query: 'create a vm' }).structuredContent!.results).toBeInstanceOf(Array);
    expect(handlers.searchApis({}).structuredContent!.categories).toBeInstanceOf(Array);
  });
});

describe('describe_api and the call tools', () => {
  it('a name that is not a string is refused, not coerced', () => {
    expect(text(handlers.describeApi({ name: ['listZones'] }))).toContain('"name" must be a string (an API name such as "listZones"), got an array of 1 item');
    expect(text(handlers.resolveCall('call_read_api', { api: ['listZones'] }))).toContain('"api" must be a string');
    expect(text(handlers.resolveCall('call_read_api', {}))).toContain('missing "api"');
  });

  it('a name over 256 characters is too long to look up; a shorter unknown one gets a suggestion, quoted short', () => {
    const started = performance.now();
    expect(text(handlers.describeApi({ name: 'x'.repeat(1 << 20) }))).toContain('API name too long (1048576 chars, at most 256)');
    expect(performance.now() - started).toBeLessThan(100);
    expect(text(handlers.describeApi({ name: 'listZone' }))).toContain('Unknown API "listZone"; did you mean listZones?');
    const long = text(handlers.describeApi({ name: 'y'.repeat(256) }));
    expect(long).toContain('… (256 chars)');
    expect(long.length).toBeLessThan(300);
  });

  it('an API parameter next to args is refused with where it belongs', () => {
    const message = text(handlers.resolveCall('call_read_api', { api: 'listZones', id: 'x' }));
    expect(message).toContain('unknown argument "id" of call_read_api (it takes api, args, filter); id is a parameter of listZones: put it inside args');
    expect(text(handlers.resolveCall('call_read_api', { api: 'listZones', wait: false }))).toContain('unknown argument "wait" of call_read_api');
    expect('api' in handlers.resolveCall('call_api', { api: 'listZones', wait: false, args: { id: 'x' } })).toBe(true);
  });

  it('thousands of unknown arguments: 20 described, the rest counted', () => {
    const args = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`a${i}`.padEnd(2000, 'a'), 1]));
    const result = handlers.resolveCall('call_api', { api: 'listZones', ...args });
    expect(text(result)).toContain('argument name too long (2000 chars, at most 256)');
    expect(text(result)).toContain('and 4980 more unknown arguments');
    expect(text(result).length).toBeLessThan(5_000);
  });

  it('filter and confirm are bounded', () => {
    expect(text(handlers.resolveCall('call_read_api', { api: 'listZones', filter: Array.from({ length: 10_000 }, (_, i) => `f${i}`) }))).toContain(
      'filter has 10000 field names, at most 256',
    );
    expect(text(handlers.resolveCall('call_api', { api: 'listZones', confirm: 'c'.repeat(10_000) }))).toContain('confirm too long (10000 chars, at most 256)');
  });
});
