/**
 * `npm run bench`: speed and size, measured (not asserted by timed tests). Prints a Markdown report:
 * codegen time, server start-up, the size of tools/list per surface, call latency, result sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCodegen, DEFAULT_SNAPSHOT } from '../codegen/index.ts';
import { connectToServer } from '../test/support/stdio-client.ts';
import { startSimulator } from '../src/simulator/index.ts';

const out = (line = '') => process.stdout.write(line + '\n');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
// A rough token estimate for English and JSON: about four bytes a token.
const tokens = (bytes: number) => `~${Math.round(bytes / 4).toLocaleString('en')}`;

async function time<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

out('# cloudstack-mcp benchmark\n');
out(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);

const outDir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-bench-'));
const codegenRuns: number[] = [];
for (let i = 0; i < 3; i++) {
  const [, ms] = await time(async () => runCodegen(DEFAULT_SNAPSHOT, outDir, {}));
  codegenRuns.push(ms);
}
rmSync(outDir, { recursive: true, force: true });
// The goal for a full snapshot is under 10 s on the 2-core machines: measured here, not in a timed test.
out(`## Codegen\n\n${DEFAULT_SNAPSHOT}: median ${median(codegenRuns).toFixed(0)} ms over 3 runs (goal: < 10,000 ms)\n`);

out('## tools/list per surface\n');
out('| surface | tools | bytes | tokens (bytes/4) | start-up to first tools/list |');
out('|---|---:|---:|---:|---:|');
const surfaces: Array<[string, string[]]> = [
  ['discovery (default)', []],
  ['--toolsets virtual-machine', ['--toolsets', 'virtual-machine']],
  ['--toolsets virtual-machine,volume,network', ['--toolsets', 'virtual-machine,volume,network']],
  ['--tools all --read-only', ['--tools', 'all', '--read-only']],
  ['--tools all (User role)', ['--tools', 'all', '--simulator-role', 'user']],
  ['--tools all', ['--tools', 'all']],
];
for (const [label, args] of surfaces) {
  const [{ server, listed }, ms] = await time(async () => {
    const server = await connectToServer(['--simulator', ...args]);
    return { server, listed: await server.client.listTools() };
  });
  const bytes = JSON.stringify(listed).length;
  out(`| ${label} | ${listed.tools.length} | ${bytes.toLocaleString('en')} | ${tokens(bytes)} | ${ms.toFixed(0)} ms |`);
  await server.close();
}

out('\n## Calls (server on an in-process simulator, loopback)\n');
const sim = await startSimulator({ jobDelayMs: 0 });
sim.state.seed('virtualmachine', 200, { namePrefix: 'bench' });
const admin = sim.accounts.admin;
const server = await connectToServer(['--url', sim.url, '--api-key', admin.apiKey, '--secret-key', admin.secretKey]);
const latencies: number[] = [];
for (let i = 0; i < 50; i++) {
  const [, ms] = await time(() => server.client.callTool({ name: 'call_read_api', arguments: { api: 'listZones' } }));
  latencies.push(ms);
}
out(`call_read_api listZones: median ${median(latencies).toFixed(1)} ms over 50 calls`);
const [vms, vmMs] = await time(() => server.client.callTool({ name: 'call_read_api', arguments: { api: 'listVirtualMachines' } }));
const vmBytes = JSON.stringify(vms).length;
out(`call_read_api listVirtualMachines (200 VMs, default page): ${kb(vmBytes)} (${tokens(vmBytes)} tokens), ${vmMs.toFixed(0)} ms`);
const filtered = await server.client.callTool({
  name: 'call_read_api',
  arguments: { api: 'listVirtualMachines', filter: ['id', 'name', 'state'] },
});
const filteredBytes = JSON.stringify(filtered).length;
out(`... with filter ["id","name","state"]: ${kb(filteredBytes)} (${tokens(filteredBytes)} tokens)`);
await server.close();
await sim.close();
