/**
 * The HTTP server's session life cycle and start-up cost: idle sessions are closed, the session
 * count is bounded, and the stdio server never loads the HTTP code.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttp, INITIALIZE, rawPost, startHttpServer, type RunningHttpServer } from '../support/http-client.ts';
import { loadedSources } from '../support/loaded-modules.ts';
import { connectToServer } from '../support/stdio-client.ts';

const TOKEN = 'lifecycle-token-0123456789';

describe('sessions', () => {
  let server: RunningHttpServer;
  beforeAll(async () => {
    server = await startHttpServer(['--simulator', '--session-idle-s', '1', '--max-sessions', '2', '--offline'], { CLOUDSTACK_MCP_AUTH_TOKEN: TOKEN });
  });
  afterAll(async () => server?.stop());

  it('a session idle past --session-idle-s is closed; its id is then not found', async () => {
    const session = await connectHttp(server.url, { token: TOKEN });
    const id = session.transport.sessionId!;
    expect((await session.client.listTools()).tools.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(server.stderr()).toMatch(new RegExp(`session ${id.slice(0, 8)} of auth-token closed after 1 s idle`));
    const response = await rawPost(server.url, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), { Authorization: `Bearer ${TOKEN}`, 'Mcp-Session-Id': id });
    expect(response.status).toBe(404);
    await session.client.close();
  });

  it('past --max-sessions a new session gets 503; a closed one frees its place', async () => {
    const first = await connectHttp(server.url, { token: TOKEN });
    const second = await connectHttp(server.url, { token: TOKEN });
    const third = await rawPost(server.url, INITIALIZE, { Authorization: `Bearer ${TOKEN}` });
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('30');
    await first.close();
    const again = await connectHttp(server.url, { token: TOKEN });
    await again.close();
    await second.close();
  });
});

describe('start-up of the stdio server', () => {
  it('loads none of the HTTP code', async () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'cloudstack-mcp-trace-')), 'modules.txt');
    const server = await connectToServer(['--simulator', '--offline'], {
      nodeArgs: ['--import', fileURLToPath(new URL('../support/module-trace.mjs', import.meta.url))],
      env: { MODULE_TRACE_FILE: trace },
    });
    await server.client.listTools();
    await server.close();
    const modules = loadedSources(trace);
    expect(modules.some((url) => url.includes('/dist/src/mcp/stdio.js'))).toBe(true);
    expect(modules.filter((url) => /\/dist\/src\/http\/|streamableHttp|@hono\//.test(url))).toEqual([]);
  });
});
