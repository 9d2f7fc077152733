/**
 * `npm run demo`: the server on its embedded simulator, driven by the MCP SDK's own Client, with a
 * readable transcript. Every step checks what it shows; the demo exits 0 only if all of them held.
 */
import { readFileSync, statSync } from 'node:fs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { connectToServer, type ConnectedServer } from '../test/support/stdio-client.ts';

type Result = CallToolResult & { structuredContent?: Record<string, any> };

const failures: string[] = [];
const out = (line = '') => process.stdout.write(line + '\n');
const indent = (text: string, prefix = '    ') => text.split('\n').map((l) => prefix + l).join('\n');
const textOf = (result: Result) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

function check(condition: unknown, what: string): void {
  out(`  ${condition ? '✓' : '✗'} ${what}`);
  if (!condition) failures.push(what);
}

async function call(server: ConnectedServer, name: string, args: Record<string, unknown>, show = true): Promise<Result> {
  out(`  → ${name} ${JSON.stringify(args)}`);
  const result = (await server.client.callTool({ name, arguments: args })) as Result;
  if (show) out(indent(textOf(result)));
  return result;
}

async function surfaces(): Promise<void> {
  out('1. Tool surfaces (tools/list, one page each)');
  const variants: Array<[string, string[]]> = [
    ['discovery (default)', []],
    ['--toolsets virtual-machine,volume', ['--toolsets', 'virtual-machine,volume']],
    ['--tools all', ['--tools', 'all']],
    ['--tools all --read-only', ['--tools', 'all', '--read-only']],
    ['--tools all as a User account', ['--tools', 'all', '--simulator-role', 'user']],
  ];
  const counts: Record<string, number> = {};
  for (const [label, args] of variants) {
    const server = await connectToServer(['--simulator', ...args]);
    const listed = await server.client.listTools();
    counts[label] = listed.tools.length;
    out(`  ${label.padEnd(34)} ${String(listed.tools.length).padStart(4)} tools, ${JSON.stringify(listed).length.toLocaleString('en')} bytes`);
    await server.close();
  }
  check(counts['discovery (default)'] <= 8, 'the default surface is a handful of tools');
  check(counts['--tools all'] > 850, 'every API is a tool with --tools all');
  check(counts['--tools all as a User account'] < counts['--tools all'], 'a User account sees fewer tools than the root admin');
  out();
}

async function session(): Promise<void> {
  const server = await connectToServer(['--simulator']);
  try {
    out('2. Search → describe → call');
    const search = await call(server, 'search_apis', { query: 'create a vm', limit: 3 });
    check(search.structuredContent?.results?.[0]?.api === 'deployVirtualMachine', '"create a vm" finds deployVirtualMachine first');
    const described = await call(server, 'describe_api', { name: 'deployVirtualMachine' }, false);
    out(indent(textOf(described).split('\n').slice(0, 8).join('\n') + '\n…'));
    check(described.structuredContent?.async === true, 'describe_api says it is async');
    out();

    out('3. List zones and templates');
    const zones = await call(server, 'call_read_api', { api: 'listZones', filter: ['id', 'name', 'networktype'] });
    const templates = await call(server, 'call_read_api', { api: 'listTemplates', args: { templatefilter: 'featured' }, filter: ['id', 'name', 'ostypename'] });
    const offerings = await call(server, 'call_read_api', { api: 'listServiceOfferings', filter: ['id', 'name', 'cpunumber', 'memory'] });
    const zoneid = zones.structuredContent?.zone?.[0]?.id;
    const templateid = templates.structuredContent?.template?.[0]?.id;
    const serviceofferingid = offerings.structuredContent?.serviceoffering?.[0]?.id;
    check(zoneid && templateid && serviceofferingid, 'a zone, a template and a service offering to deploy with');
    out();

    out('4. Deploy a VM (async job, progress notifications)');
    const args = { zoneid, templateid, serviceofferingid, name: 'demo-vm' };
    out(`  → call_api ${JSON.stringify({ api: 'deployVirtualMachine', args })}`);
    const progress: string[] = [];
    const deployed = (await server.client.callTool({ name: 'call_api', arguments: { api: 'deployVirtualMachine', args } }, undefined, {
      onprogress: (p) => {
        progress.push(p.message ?? '');
        out(`    … progress ${p.progress}: ${p.message}`);
      },
    })) as Result;
    out(indent(textOf(deployed).split('\n').slice(0, 8).join('\n')));
    check(progress.length > 0, 'progress notifications arrived while the job ran');
    check(deployed.structuredContent?.virtualmachine?.state === 'Running', 'the VM is Running');
    out();

    out('5. Errors, explained');
    const bad = await call(server, 'call_api', { api: 'deployVirtualMachine', args: { templateid, serviceofferingid, zone: zoneid } });
    check(bad.isError && textOf(bad).includes('"zoneid"'), 'an argument error names the parameter, nothing is sent');
    const missing = await call(server, 'call_read_api', { api: 'listVirtualMachines', args: { id: '00000000-0000-4000-8000-000000000000' } });
    check(missing.isError && missing.structuredContent?.error?.errorcode === 431, 'a CloudStack error keeps its code (431) and its text');
    out();

    out('6. A destructive call: refused with its warning and target, then confirmed');
    const vmid = deployed.structuredContent?.virtualmachine?.id;
    const destroy = { api: 'destroyVirtualMachine', args: { id: vmid, expunge: true } };
    const asked = await call(server, 'call_api', destroy);
    const token = asked.structuredContent?.confirmationToken;
    check(!asked.isError && textOf(asked).startsWith('Confirmation needed; nothing was run.'), 'the first call runs nothing and asks for confirmation');
    check(textOf(asked).includes('demo-vm') && /Warning \(\w+\)/.test(textOf(asked)), 'the confirmation names the target VM and the warning');
    const confirmed = await call(server, 'call_api', { ...destroy, confirm: token }, false);
    out(indent(textOf(confirmed).split('\n').slice(0, 4).join('\n')));
    check(typeof token === 'string' && !confirmed.isError && confirmed.structuredContent?.outcome === 'succeeded', 'repeated with the token, it runs');
    out();

    out('7. A key pair: the private key CloudStack shows once is saved to a private file, not shown');
    const keyPair = await call(server, 'call_api', { api: 'createSSHKeyPair', args: { name: 'demo-key' } });
    const keyFile = keyPair.structuredContent?.secretFile?.path;
    const saved = typeof keyFile === 'string' ? readFileSync(keyFile, 'utf8') : '';
    check(typeof keyFile === 'string' && (statSync(keyFile).mode & 0o777) === 0o600, `the key is in a file only its owner can read (mode 0600)`);
    check(/^-----BEGIN [A-Z ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z ]*PRIVATE KEY-----\n$/.test(saved), 'the file holds a PEM private key');
    const shown = textOf(keyPair) + JSON.stringify(keyPair.structuredContent);
    check(keyPair.structuredContent?.keypair?.privatekey === '********' && !shown.includes('PRIVATE KEY') && shown.includes(keyFile), 'the result gives the path, the key is masked');
    out();
  } finally {
    await server.close();
  }
}

out('cloudstack-mcp demo: the MCP server on its embedded CloudStack simulator\n');
await surfaces();
await session();
if (failures.length > 0) {
  out(`Demo FAILED: ${failures.length} step(s) did not behave as shown:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exitCode = 1;
} else {
  out('Demo passed: every step behaved as shown.');
}
