/**
 * The `cloudstack-mcp` command line. The MCP server plugs in here as it lands.
 */
import { runSimulate } from './simulator/cli.ts';

const HELP = `cloudstack-mcp — every Apache CloudStack API as an MCP tool

Usage:
  cloudstack-mcp --help       show this help
  cloudstack-mcp simulate [--port N] [--host 127.0.0.1] [--snapshot FILE] [--job-delay-ms N]
                              run a CloudStack simulator on loopback (see: simulate --help)
`;

const [command, ...rest] = process.argv.slice(2);
if (command === 'simulate') {
  process.exitCode = await runSimulate(rest);
} else if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(HELP);
} else {
  process.stderr.write(`cloudstack-mcp: unknown arguments: ${process.argv.slice(2).join(' ')}\n\n${HELP}`);
  process.exitCode = 2;
}
