/**
 * What the server loads to answer its first tools/list: nothing a surface does not use. The
 * simulator, the generator and the model compiler stay out of a server that talks to a cloud.
 * The command runs the bundle (dist/bundle/, scripts/bundle.mjs); what is checked is the source
 * modules in the chunks it loaded (test/support/loaded-modules.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { BUNDLE, loadedSources, tracedUrls } from '../support/loaded-modules.ts';
import { connectToServer } from '../support/stdio-client.ts';

const TRACE_HOOK = fileURLToPath(new URL('../support/module-trace.mjs', import.meta.url));
// The Redis client (and src/state's Redis side) loads only with --state-url.
const FORBIDDEN = [
  /\/src\/simulator\//,
  // The project's codegen/ (ajv has a compile/codegen/ of its own).
  /^(?!.*\/node_modules\/).*\/codegen\//,
  /\/node_modules\/handlebars\//,
  /\/src\/model\/build\.js$/,
  /\/generated\/tools\//,
  /\/node_modules\/(redis|@redis)\//,
  /\/src\/state\/redis-/,
];

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startSimulator({ jobDelayMs: 0 });
});
afterAll(async () => simulator.close());

/** The module trace of a server that has answered its first tools/list. */
async function traceAtFirstList(args: string[]): Promise<string> {
  const trace = join(mkdtempSync(join(tmpdir(), 'cloudstack-mcp-trace-')), 'modules.txt');
  const { apiKey, secretKey } = simulator.accounts.admin;
  const server = await connectToServer(['--url', simulator.url, ...args], {
    nodeArgs: ['--import', TRACE_HOOK],
    env: { MODULE_TRACE_FILE: trace, CLOUDSTACK_API_KEY: apiKey, CLOUDSTACK_SECRET_KEY: secretKey },
  });
  await server.client.listTools();
  await server.close();
  return trace;
}

describe('the server at start-up', () => {
  it.each([[[]], [['--tools', 'all']]])('runs the compiled bundle and loads no simulator, generator or model compiler (%j)', async (args) => {
    const trace = await traceAtFirstList(args);
    expect(tracedUrls(trace)).toContain(`${BUNDLE}cli.js`);
    const modules = loadedSources(trace);
    expect(modules.some((url) => url.includes('/dist/src/mcp/main.js'))).toBe(true);
    expect(modules.filter((url) => url.endsWith('.ts'))).toEqual([]);
    expect(modules.filter((url) => FORBIDDEN.some((pattern) => pattern.test(url)))).toEqual([]);
  });
});
