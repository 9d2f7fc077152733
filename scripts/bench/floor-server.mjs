#!/usr/bin/env node
/**
 * The floor: the least an MCP server on the same SDK can do with the same tools. It reads one JSON
 * file (a tools/list answer the real server gave), serves it as tools/list, and answers every
 * tools/call with an empty result, or, given a second file, with that result as it is (a result
 * the real server gave: what carrying its bytes through MCP costs, with no work to make them). Plain JavaScript run by plain `node` (no tsx, no build), so its
 * start-up and memory are the SDK's and Node's own: what is left over in the real server is ours.
 *
 * Usage: node scripts/bench/floor-server.mjs TOOLS.json [RESULT.json]
 */
import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const [file, resultFile] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: floor-server.mjs TOOLS.json [RESULT.json]\n');
  process.exit(2);
}
const { tools } = JSON.parse(readFileSync(file, 'utf8'));
const result = resultFile ? JSON.parse(readFileSync(resultFile, 'utf8')) : { content: [] };

// The same capabilities as the real server, so the handshake is the same size.
const server = new Server({ name: 'cloudstack-mcp-floor', version: '0.0.0' }, { capabilities: { tools: { listChanged: true } } });
server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, () => result);

// Like the real server: the client closing stdin is the end.
process.stdin.once('end', () => void server.close());
await server.connect(new StdioServerTransport());
