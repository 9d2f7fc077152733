#!/usr/bin/env node
// The package runs compiled JavaScript (dist/, built by `npm run build`, which `npm install` runs):
// transpiling TypeScript at every start would cost every user, every day. The command runs the
// bundle of it (dist/bundle/, scripts/bundle.mjs): one module per chunk instead of ~90 to load.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/bundle/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('cloudstack-mcp: dist/ is missing; run `npm run build` (npm install runs it) first.\n');
  process.exit(1);
}
await import(cli.href);
