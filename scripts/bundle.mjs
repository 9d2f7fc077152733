#!/usr/bin/env node
/**
 * The second half of `npm run build`: the command's own code (tsc's output in dist/src) bundled by
 * esbuild into dist/bundle/, which the bin runs. A Node ES module costs the loader its own resolve,
 * read, compile and link; the server's ~90 modules cost ~40 ms of every start-up on a 2-core
 * machine (measured), one bundle a fraction of it. Packages stay external: they load as they
 * would for anyone on the same SDK. Dynamic imports stay chunks of their own, so what the server
 * does not use (the simulator, --transport http, Redis, the model compiler) still never loads.
 *
 * dist/bundle/meta.json maps each chunk to the source modules in it: the start-up test reads it to
 * tell what a loaded chunk holds.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const OUT = 'dist/bundle';

// Chunk names carry content hashes: the chunks of an earlier build would stay behind.
rmSync(OUT, { recursive: true, force: true });
const result = await build({
  // Side by side in one directory: live-apis.ts forks the worker by its path beside its own chunk.
  entryPoints: { cli: 'dist/src/cli.js', 'live-apis-worker': 'dist/src/mcp/live-apis-worker.js' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
});

const chunks = Object.fromEntries(
  Object.entries(result.metafile.outputs).map(([file, output]) => [file.slice(OUT.length + 1), Object.keys(output.inputs)]),
);
writeFileSync(`${OUT}/meta.json`, `${JSON.stringify({ chunks }, null, 1)}\n`);
