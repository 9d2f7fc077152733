/**
 * `npm run codegen [-- --snapshot FILE] [--out DIR]`: listApis snapshot → generated/.
 * `npm run codegen -- --url URL ...`: the same from a live server's listApis (saved as a snapshot first).
 * Bad input ends with one clear message and exit code 1, never a stack trace.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { joinCredentialValues } from '../src/cli-args.ts';
import { overrides } from '../overrides/index.ts';
import { dangerCounts, type DangerCounts } from './danger-report.ts';
import { describeRole } from './live/caller-role.ts';
import { safeArgumentError } from './live/argument-errors.ts';
import { allowEmptyValue, describeServer, ENV_API_KEY, ENV_SECRET_KEY, ENV_URL, resolveConnection } from './live/connection.ts';
import { saveCapture } from './live/save-capture.ts';
import { loadSnapshotFile } from '../src/model/load.ts';
import { buildModel } from '../src/model/build.ts';
import { renderAll, writeRendered } from './render.ts';

export const DEFAULT_SNAPSHOT = 'api-snapshots/cloudstack-4.20.2.0.json';
export const DEFAULT_OUT = 'generated';

const HELP = `Usage: npm run codegen -- [--snapshot FILE] [--out DIR]
       npm run codegen -- --url [URL] [--api-key K] [--secret-key S] [--save-snapshot FILE] [--force] [--out DIR]

Generates the API model, typed client, MCP tool definitions, formatter data and docs from a
CloudStack listApis document ({"listapisresponse":{...}} or the bare {"count":N,"api":[...]}).
A FILE.meta.json beside the snapshot, when present, adds roles and sensitivity.

  --snapshot FILE  listApis JSON (default ${DEFAULT_SNAPSHOT})
  --out DIR        output directory (default ${DEFAULT_OUT}); codegen replaces its own entries there
  --lenient-overrides
                   skip (with a warning) overrides naming APIs the snapshot lacks, e.g. for a
                   live server without some plugins; by default that is an error
  --quiet          print only warnings and errors
  --help           this text

From a live server (listApis through the signed client, the version from listCapabilities):
  --url [URL]      the server's API endpoint, e.g. https://cloud.example.com/client/api;
                   without a value: ${ENV_URL}
  --api-key K      default ${ENV_API_KEY}
  --secret-key S   default ${ENV_SECRET_KEY} (preferred: a flag shows in the process list)
  --save-snapshot FILE
                   where to save the answer (default api-snapshots/cloudstack-<version>-live.json,
                   with <name>.capture.json beside it: server, version, role); bundled snapshots
                   are never replaced, other existing files only with --force
  Overrides are applied leniently (a live server lacks some plugins). Use a root admin key: other
  roles see fewer APIs and params, and the report says which role the snapshot was taken with.`;

export interface CodegenResult {
  apis: number;
  tools: number;
  params: number;
  asyncApis: number;
  categories: number;
  /** Destructive APIs and where their danger policies come from; sensitive params (codegen/danger-report.ts). */
  danger: DangerCounts;
  warnings: string[];
  files: number;
  bytes: number;
  elapsedMs: number;
}

export interface RunCodegenOptions {
  lenientOverrides?: boolean;
  /** The server's version when the file name does not carry it (`cloudstack-4.20.2.0-live.json`). */
  cloudstackVersion?: string;
}

export function runCodegen(snapshotPath: string, outDir: string, options: RunCodegenOptions = {}): CodegenResult {
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
  if (options.cloudstackVersion) model.cloudstackVersion = options.cloudstackVersion;
  const files = renderAll(model, { overrides });
  const bytes = writeRendered(outDir, files);
  return {
    apis: model.apis.length,
    tools: model.apis.length,
    params: model.apis.reduce((sum, api) => sum + api.params.length, 0),
    asyncApis: model.apis.filter((api) => api.isAsync).length,
    categories: model.categories.length,
    danger: dangerCounts(model.apis),
    warnings,
    files: files.size,
    bytes,
    elapsedMs: performance.now() - started,
  };
}

export function main(argv: string[]): number | Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinCredentialValues(allowEmptyValue(argv, ['--url'])),
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        'secret-key': { type: 'string' },
        'save-snapshot': { type: 'string' },
        force: { type: 'boolean', default: false },
        snapshot: { type: 'string' },
        out: { type: 'string', default: DEFAULT_OUT },
        quiet: { type: 'boolean', default: false },
        'lenient-overrides': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`codegen: ${safeArgumentError(error)}\n\n${HELP}`);
    return 1;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const liveFlags = ['api-key', 'secret-key', 'save-snapshot', 'force'] as const;
  if (values.url === undefined) {
    const stray = liveFlags.filter((flag) => values[flag] !== undefined && values[flag] !== false);
    if (stray.length > 0) {
      console.error(`codegen: ${stray.map((flag) => `--${flag}`).join(', ')} only go with --url\n\n${HELP}`);
      return 1;
    }
  } else {
    if (values.snapshot !== undefined) {
      console.error(`codegen: --snapshot and --url exclude each other\n\n${HELP}`);
      return 1;
    }
    return mainLive({ ...values, url: values.url });
  }
  return generateAndReport(values.snapshot ?? DEFAULT_SNAPSHOT, values.out, { lenientOverrides: values['lenient-overrides'] }, values.quiet);
}

function generateAndReport(snapshot: string, out: string, options: RunCodegenOptions, quiet: boolean): number {
  try {
    const result = runCodegen(resolve(snapshot), resolve(out), options);
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    if (!quiet) {
      console.log(
        `codegen: ${snapshot} → ${out}/\n` +
          `  APIs ${result.apis}, tools ${result.tools}, params ${result.params}, async APIs ${result.asyncApis}, ` +
          `categories ${result.categories}, warnings ${result.warnings.length}\n` +
          `  destructive ${result.danger.destructive} (policy: override ${result.danger.fromOverrides}, default rule ${result.danger.fromDefaultRule}, ` +
          `none ${result.danger.withoutPolicy}), sensitive params ${result.danger.sensitiveParams}\n` +
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

interface LiveValues {
  url: string;
  'api-key'?: string;
  'secret-key'?: string;
  'save-snapshot'?: string;
  force: boolean;
  out: string;
  quiet: boolean;
}

/** Capture → save → generate (leniently). The secret key never reaches any output. */
async function mainLive(values: LiveValues): Promise<number> {
  let secret: string | undefined;
  const safe = (message: string) => (secret ? message.split(secret).join('***') : message);
  try {
    const connection = resolveConnection({ url: values.url, apiKey: values['api-key'], secretKey: values['secret-key'] });
    secret = connection.secretKey;
    const saved = await saveCapture(connection, { savePath: values['save-snapshot'], force: values.force });
    if (!values.quiet) {
      console.log(
        `codegen: captured ${saved.record.apiCount} APIs of CloudStack ${saved.record.cloudstackVersion} at ${describeServer(connection.url)}\n` +
          `  role: ${describeRole(saved.record.role)}\n` +
          `  saved ${saved.snapshotPath} and ${saved.capturePath}`,
      );
    }
    return generateAndReport(saved.snapshotPath, values.out, { lenientOverrides: true, cloudstackVersion: saved.record.cloudstackVersion }, values.quiet);
  } catch (error) {
    console.error(safe(`codegen failed: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
