/** `cloudstack-mcp/server`: the MCP server, as the `cloudstack-mcp` command runs it. */
export { runServer, loadModel } from './mcp/main.ts';
export { parseServerConfig, renderFlagHelp, type ServerConfig } from './config.ts';
