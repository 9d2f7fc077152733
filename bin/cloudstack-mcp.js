#!/usr/bin/env node
// The package runs compiled JavaScript (dist/, built by `npm run build`, which `npm install` runs):
// transpiling TypeScript at every start would cost every user, every day.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('cloudstack-mcp: dist/ is missing; run `npm run build` (npm install runs it) first.\n');
  process.exit(1);
}
await import(cli.href);
