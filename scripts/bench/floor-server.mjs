#!/usr/bin/env node
/**
 * The floor: the least an MCP server on the same SDK can do with the same tools. It reads one JSON
 * file (a tools/list answer the real server gave), serves it as tools/list, and answers every
 * tools/call with an empty result. Plain JavaScript run by plain `node` (no tsx, no build), so its
 * start-up and memory are the SDK's and Node's own: what is left over in the real server is ours.
 *
 * Usage: node scripts/bench/floor-server.mjs TOOLS.json
 */
import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: floor-server.mjs TOOLS.json\n');
  process.exit(2);
}
const { tools } = JSON.parse(readFileSync(file, 'utf8'));

// The same capabilities as the real server, so the handshake is the same size.
const server = new Server({ name: 'cloudstack-mcp-floor', version: '0.0.0' }, { capabilities: { tools: { listChanged: true } } });
server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, () => ({ content: [] }));

// Like the real server: the client closing stdin is the end.
process.stdin.once('end', () => void server.close());
await server.connect(new StdioServerTransport());
