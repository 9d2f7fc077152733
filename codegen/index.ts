/**
 * `npm run codegen [-- --snapshot FILE] [--out DIR]`: listApis snapshot → generated/.
 * Bad input ends with one clear message and exit code 1, never a stack trace.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { overrides } from '../overrides/index.ts';
import { loadSnapshotFile } from './load.ts';
import { buildModel } from './model.ts';
import { renderAll, writeRendered } from './render.ts';

export const DEFAULT_SNAPSHOT = 'api-snapshots/cloudstack-4.20.2.0.json';
export const DEFAULT_OUT = 'generated';

const HELP = `Usage: npm run codegen -- [--snapshot FILE] [--out DIR]

Generates the API model, typed client, MCP tool definitions, formatter data and docs from a
CloudStack listApis document ({"listapisresponse":{...}} or the bare {"count":N,"api":[...]}).
A FILE.meta.json beside the snapshot, when present, adds roles and sensitivity.

  --snapshot FILE  listApis JSON (default ${DEFAULT_SNAPSHOT})
  --out DIR        output directory (default ${DEFAULT_OUT}); codegen replaces its own entries there
  --lenient-overrides
                   skip (with a warning) overrides naming APIs the snapshot lacks, e.g. for a
                   live server without some plugins; by default that is an error
  --quiet          print only warnings and errors
  --help           this text`;

export interface CodegenResult {
  apis: number;
  tools: number;
  params: number;
  asyncApis: number;
  categories: number;
  warnings: string[];
  files: number;
  bytes: number;
  elapsedMs: number;
}

export function runCodegen(snapshotPath: string, outDir: string, options: { lenientOverrides?: boolean } = {}): CodegenResult {
  const started = performance.now();
  const warnings: string[] = [];
  const { doc, meta, snapshotName } = loadSnapshotFile(snapshotPath);
  const model = buildModel(doc, {
    meta,
    snapshotName,
    overrides,
    strictOverrides: !options.lenientOverrides,
    warn: (message) => warnings.push(message),
  });
  const files = renderAll(model, { overrides });
  const bytes = writeRendered(outDir, files);
  return {
    apis: model.apis.length,
    tools: model.apis.length,
    params: model.apis.reduce((sum, api) => sum + api.params.length, 0),
    asyncApis: model.apis.filter((api) => api.isAsync).length,
    categories: model.categories.length,
    warnings,
    files: files.size,
    bytes,
    elapsedMs: performance.now() - started,
  };
}

export function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        snapshot: { type: 'string', default: DEFAULT_SNAPSHOT },
        out: { type: 'string', default: DEFAULT_OUT },
        quiet: { type: 'boolean', default: false },
        'lenient-overrides': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`codegen: ${(error as Error).message}\n\n${HELP}`);
    return 1;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  try {
    const result = runCodegen(resolve(values.snapshot), resolve(values.out), { lenientOverrides: values['lenient-overrides'] });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    if (!values.quiet) {
      console.log(
        `codegen: ${values.snapshot} → ${values.out}/\n` +
          `  APIs ${result.apis}, tools ${result.tools}, params ${result.params}, async APIs ${result.asyncApis}, ` +
          `categories ${result.categories}, warnings ${result.warnings.length}\n` +
          `  ${result.files} files, ${(result.bytes / 1024 / 1024).toFixed(1)} MiB, ${(result.elapsedMs / 1000).toFixed(2)} s`,
      );
    }
    return 0;
  } catch (error) {
    // Our own errors (format, naming, categories, overrides) carry the whole story in the message.
    console.error(`codegen failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = main(process.argv.slice(2));
}
