/**
 * The `cloudstack-mcp` command line: the MCP server (default) and the simulator (`simulate`).
 * Each loads only what it runs: --help loads neither, the server never loads the simulator.
 */
import { renderFlagHelp } from './config.ts';

const HELP = `cloudstack-mcp — every Apache CloudStack API as an MCP tool

Usage:
  cloudstack-mcp [options]    run the MCP server over stdio, or for a team with --transport http
                              (Streamable HTTP at /mcp, bearer tokens; see README "Running it for a team")
  cloudstack-mcp simulate [--port N] [--host 127.0.0.1] [--snapshot FILE] [--job-delay-ms N]
                              run a CloudStack simulator on loopback (see: simulate --help)
  cloudstack-mcp --help       show this help

Connect with CLOUDSTACK_API_URL, CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY (or the flags below),
with a profile of the config file or of CloudMonkey's ~/.cmk/config (--profile NAME; see README
"Profiles"), or try it with --simulator. Every flag has the environment twin shown under it.

Options:
${renderFlagHelp()}
`;

const [command, ...rest] = process.argv.slice(2);
if (command === 'simulate') {
  const { runSimulate } = await import('./simulator/cli.ts');
  process.exitCode = await runSimulate(rest);
} else if (command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(HELP);
} else if (command === undefined || command.startsWith('-')) {
  const { runServer } = await import('./mcp/main.ts');
  process.exitCode = await runServer(process.argv.slice(2));
} else {
  process.stderr.write(`cloudstack-mcp: unknown command "${command}"\n\n${HELP}`);
  process.exitCode = 2;
}
