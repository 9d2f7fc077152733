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
import { buildModel, type BuildReport, type VersionSource } from '../src/model/build.ts';
import { OverrideError } from '../src/model/overrides.ts';
import { RESPONSE_SHAPES_FILE, shapeTableJson } from '../src/model/response-shapes.ts';
import type { ShapeSource } from '../src/model/response-shape.ts';
import { bundledShapes } from './bundled-shapes.ts';
import { renderAll, writeRendered } from './render.ts';

export const DEFAULT_SNAPSHOT = 'api-snapshots/cloudstack-4.20.2.0.json';
export const DEFAULT_OUT = 'generated';

const HELP = `Usage: npm run codegen -- [--snapshot FILE] [--out DIR]
       npm run codegen -- --url [URL] [--api-key K] [--secret-key S] [--save-snapshot FILE] [--force] [--out DIR]

Generates the API model, typed client, MCP tool definitions, formatter data and docs from a
CloudStack listApis document ({"listapisresponse":{...}} or the bare {"count":N,"api":[...]}) of
any CloudStack version. A FILE.meta.json beside the snapshot, when present, adds roles and
sensitivity; response shapes come from the bundled snapshots' meta files by API name either way.
Overrides for APIs the snapshot lacks are skipped and counted; one naming an API that no bundled
snapshot has is an error (a typo).

  --snapshot FILE  listApis JSON (default ${DEFAULT_SNAPSHOT})
  --out DIR        output directory (default ${DEFAULT_OUT}); codegen replaces its own entries there
  --version V      the CloudStack version of the dump (default: the meta file's, else the highest
                   "since" in the dump, a lower bound; never the file name)
  --lenient-overrides
                   also skip overrides naming params or response fields the snapshot lacks (a
                   dump taken with a non-admin key hides some params); by default that is an error
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
  cloudstackVersion: string;
  /** Where the version came from, in words ("the meta file", "--version", ...). */
  versionOrigin: string;
  /** How many APIs took their response shape from the dump's meta, the bundled shapes, the rules. */
  shapeSources: Record<ShapeSource, number>;
  /** APIs in no bundled version (response shape by the rules). */
  ruleShapes: string[];
  /** APIs named by overrides that the snapshot lacks (their entries skipped). */
  overridesSkipped: string[];
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
  /** The server's version (`--version`, or a live server's listCapabilities). */
  cloudstackVersion?: string;
  /** Where `cloudstackVersion` comes from, for the summary (default `--version`). */
  versionOrigin?: string;
}

const VERSION_ORIGINS: Record<Exclude<VersionSource, 'given'>, string> = {
  meta: 'the meta file',
  since: 'at least: the highest "since" in the dump; --version sets it',
  unknown: 'nothing in the dump carries a "since"; --version sets it',
};

export function runCodegen(snapshotPath: string, outDir: string, options: RunCodegenOptions = {}): CodegenResult {
  const started = performance.now();
  const warnings: string[] = [];
  const { doc, meta, snapshotName } = loadSnapshotFile(snapshotPath);
  const responseShapes = bundledShapes();
  let report: BuildReport | undefined;
  const model = buildModel(doc, {
    meta,
    snapshotName,
    overrides,
    strictOverrides: !options.lenientOverrides,
    cloudstackVersion: options.cloudstackVersion,
    responseShapes,
    report: (built) => (report = built),
    warn: (message) => warnings.push(message),
  });
  const files = renderAll(model, { overrides });
  files.set(`model/${RESPONSE_SHAPES_FILE}`, shapeTableJson(responseShapes));
  const bytes = writeRendered(outDir, files);
  const built = report!;
  return {
    cloudstackVersion: built.cloudstackVersion,
    versionOrigin: built.versionSource === 'given' ? (options.versionOrigin ?? '--version') : VERSION_ORIGINS[built.versionSource],
    shapeSources: built.shapeSources,
    ruleShapes: built.ruleShapes,
    overridesSkipped: built.overridesSkipped,
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
        version: { type: 'string' },
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
    for (const flag of ['snapshot', 'version'] as const) {
      if (values[flag] !== undefined) {
        console.error(`codegen: --${flag} and --url exclude each other (a live server says its version)\n\n${HELP}`);
        return 1;
      }
    }
    return mainLive({ ...values, url: values.url });
  }
  if (values.version !== undefined && !/^\d+(\.\d+)+(-[A-Za-z0-9.]+)?$/.test(values.version)) {
    console.error(`codegen: --version takes a CloudStack version such as 4.18.0.0, not "${values.version.slice(0, 40)}"\n\n${HELP}`);
    return 1;
  }
  return generateAndReport(
    values.snapshot ?? DEFAULT_SNAPSHOT,
    values.out,
    { lenientOverrides: values['lenient-overrides'], cloudstackVersion: values.version },
    values.quiet,
  );
}

/** The summary lines about the version, the response shapes and the skipped overrides. */
export function shapeSummary(result: CodegenResult): string[] {
  const { meta, bundled, rule } = result.shapeSources;
  const lines = [
    `  CloudStack ${result.cloudstackVersion} (${result.versionOrigin})`,
    `  response shapes: from the meta file ${meta}, from the bundled snapshots ${bundled}, by the rules ${rule}` +
      (rule > 0 ? ` (APIs in no bundled version: ${preview(result.ruleShapes)})` : ''),
  ];
  if (result.overridesSkipped.length > 0) {
    lines.push(`  overrides skipped for ${result.overridesSkipped.length} API(s) the snapshot lacks: ${preview(result.overridesSkipped)}`);
  }
  return lines;
}

function preview(names: readonly string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … ${names.length - max} more`;
}

function generateAndReport(snapshot: string, out: string, options: RunCodegenOptions, quiet: boolean): number {
  try {
    const result = runCodegen(resolve(snapshot), resolve(out), options);
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    if (!quiet) {
      console.log(
        `codegen: ${snapshot} → ${out}/\n` +
          `${shapeSummary(result).join('\n')}\n` +
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
    const hint =
      error instanceof OverrideError && /param|response field/.test(error.message) && !options.lenientOverrides
        ? '\n(a dump that lacks params, e.g. one taken with a non-admin key: --lenient-overrides skips those entries)'
        : '';
    console.error(`codegen failed: ${error instanceof Error ? error.message : String(error)}${hint}`);
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
    return generateAndReport(
      saved.snapshotPath,
      values.out,
      { lenientOverrides: true, cloudstackVersion: saved.record.cloudstackVersion, versionOrigin: "the server's listCapabilities" },
      values.quiet,
    );
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
