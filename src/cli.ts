/**
 * The `cloudstack-mcp` command line. The MCP server and the simulator plug in here as they land.
 */
const HELP = `cloudstack-mcp — every Apache CloudStack API as an MCP tool

Usage:
  cloudstack-mcp --help       show this help
`;

const args = process.argv.slice(2);
if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
  process.stdout.write(HELP);
} else {
  process.stderr.write(`cloudstack-mcp: unknown arguments: ${args.join(' ')}\n\n${HELP}`);
  process.exitCode = 2;
}
