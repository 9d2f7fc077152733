import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeParams, signParams } from '../../src/cloudstack/signer.ts';

const BIN = fileURLToPath(new URL('../../bin/cloudstack-mcp.js', import.meta.url));

describe('cloudstack-mcp simulate', () => {
  it('prints one JSON line with the URL and keys, serves signed calls, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', '--job-delay-ms', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const info = JSON.parse(firstLine) as { url: string; accounts: Record<string, { apiKey: string; secretKey: string }> };
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/api$/);
    expect(Object.keys(info.accounts)).toEqual(['admin', 'domainadmin', 'user']);
    for (const account of Object.values(info.accounts)) {
      expect(Object.keys(account)).toEqual(['apiKey', 'secretKey']);
      expect(account.apiKey).toMatch(/^[A-Za-z0-9_-]{86}$/);
    }
    const query = encodeParams(signParams([['command', 'listZones'], ['response', 'json']], info.accounts.user));
    const answer = (await (await fetch(`${info.url}?${query}`)).json()) as { listzonesresponse: { count: number } };
    expect(answer.listzonesresponse.count).toBe(1);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1); // nothing but the one line on stdout
    expect(stderr).toContain('SIGTERM: stopping');
  });

  it('explains itself with --help and refuses unknown options', async () => {
    const run = async (args: string[]) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const [code] = await once(child, 'exit');
      return { code, out };
    };
    const help = await run(['simulate', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--job-delay-ms N');
    const bad = await run(['simulate', '--bogus']);
    expect(bad.code).toBe(2);
  });
});
