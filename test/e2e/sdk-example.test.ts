/** The documented SDK example runs as a dependent project would run it (imports by package name). */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('scripts/sdk-example.ts', () => {
  it('deploys, lists and destroys a VM on the simulator through the typed client', async () => {
    const env = { ...process.env };
    delete env.CLOUDSTACK_API_URL;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/sdk-example.ts'], { cwd: ROOT, env });
    expect(stdout).toMatch(/^zones: Zone1 \(/m);
    expect(stdout).toMatch(/^deployed sdk-example \([0-9a-f-]{36}\): Running$/m);
    expect(stdout).toMatch(/^destroyed sdk-example$/m);
  });
});
