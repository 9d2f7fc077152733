/**
 * `npm run coverage-diff -- ...`: API change reports and coverage checks (see codegen/README.md).
 * Exit 0: done (and, for --generated/--live, nothing is lacking); 1: coverage lacks something;
 * 2: bad input (one message, no stack trace). The secret key never reaches any output.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { joinCredentialValues } from '../../src/cli-args.ts';
import { DEFAULT_OUT, DEFAULT_SNAPSHOT } from '../index.ts';
import { safeArgumentError } from '../live/argument-errors.ts';
import { allowEmptyValue, ENV_API_KEY, ENV_SECRET_KEY, ENV_URL, resolveConnection } from '../live/connection.ts';
import { checkGenerated, generatedCoveragePasses } from './generated-coverage.ts';
import { renderJson } from './json.ts';
import { compareLive, liveCoveragePasses } from './live-coverage.ts';
import { renderMarkdown } from './markdown.ts';
import { loadGeneratedSide, loadLiveSide, loadSnapshotSide } from './sides.ts';
import { diffSnapshots } from './snapshot-diff.ts';
import { generatedCoverageLine, liveCoverageLine, snapshotDiffLine } from './summary.ts';
import type { CoverageReport } from './types.ts';
import { DEFAULT_DOCS_DIR, writeUpgradeDocs } from './upgrade-docs.ts';

const HELP = `Usage: npm run coverage-diff -- MODE [--format markdown|json] [--summary]

Modes (exactly one):
  --from A.json --to B.json
                 what changed between two listApis documents: APIs added/removed; per common API
                 params added/removed/changed (required, type, length), response fields, async
                 flag, descriptions. The upgrade guide between two CloudStack versions.
  --generated    ${DEFAULT_SNAPSHOT} (or --snapshot FILE) against what generated/ (or
                 --generated-dir DIR) covers: APIs without a tool, tools without an API, params
                 missing from an inputSchema, required flags that differ. Exit 1 unless 100%.
  --live [URL]   a live server's listApis against the generated tools: what it has that we lack
                 (exit 1) and what we generate that it does not offer. Keys: --api-key /
                 --secret-key or ${ENV_API_KEY} / ${ENV_SECRET_KEY}; without URL: ${ENV_URL}.
  --write-docs   regenerate ${DEFAULT_DOCS_DIR}/ (or --docs-dir DIR) from the bundled snapshots

Output:
  --format F     markdown (default) or json
  --summary      print only the one-line summary
  --help         this text

Exit codes: 0 done, 1 coverage lacks something, 2 bad input.`;

const EXIT_LACKING = 1;
const EXIT_BAD_INPUT = 2;

interface Output {
  report: CoverageReport;
  line: string;
  passes: boolean;
}

function fail(message: string): number {
  console.error(`coverage-diff: ${message}`);
  return EXIT_BAD_INPUT;
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinCredentialValues(allowEmptyValue(argv, ['--live'])),
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        generated: { type: 'boolean', default: false },
        snapshot: { type: 'string', default: DEFAULT_SNAPSHOT },
        'generated-dir': { type: 'string', default: DEFAULT_OUT },
        live: { type: 'string' },
        'api-key': { type: 'string' },
        'secret-key': { type: 'string' },
        'write-docs': { type: 'boolean', default: false },
        'docs-dir': { type: 'string', default: DEFAULT_DOCS_DIR },
        'snapshot-dir': { type: 'string', default: 'api-snapshots' },
        format: { type: 'string', default: 'markdown' },
        summary: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return fail(`${safeArgumentError(error)}\n\n${HELP}`);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const modes = [values.from !== undefined || values.to !== undefined, values.generated, values.live !== undefined, values['write-docs']].filter(Boolean).length;
  if (modes !== 1) return fail(`give exactly one of --from/--to, --generated, --live, --write-docs\n\n${HELP}`);
  if (values.format !== 'markdown' && values.format !== 'json') return fail(`--format must be markdown or json, not "${values.format}"`);

  let secret: string | undefined;
  try {
    if (values['write-docs']) {
      const written = writeUpgradeDocs(values['snapshot-dir'], values.snapshot, values['docs-dir']);
      for (const line of written.summaries) console.log(line);
      console.log(`coverage-diff: wrote ${written.files.length} files to ${written.dir}/`);
      return 0;
    }
    let output: Output;
    if (values.generated) {
      const report = checkGenerated(loadSnapshotSide(values.snapshot), await loadGeneratedSide(values['generated-dir']));
      output = { report, line: generatedCoverageLine(report), passes: generatedCoveragePasses(report) };
    } else if (values.live !== undefined) {
      const connection = resolveConnection({ url: values.live, apiKey: values['api-key'], secretKey: values['secret-key'] });
      secret = connection.secretKey;
      const generated = await loadGeneratedSide(values['generated-dir']);
      const report = compareLive(await loadLiveSide(connection), generated);
      output = { report, line: liveCoverageLine(report), passes: liveCoveragePasses(report) };
    } else {
      if (values.from === undefined || values.to === undefined) return fail('--from and --to go together');
      const report = diffSnapshots(loadSnapshotSide(values.from), loadSnapshotSide(values.to));
      output = { report, line: snapshotDiffLine(report), passes: true };
    }
    if (values.summary) console.log(output.line);
    else if (values.format === 'json') process.stdout.write(renderJson(output.report));
    else process.stdout.write(renderMarkdown(output.report));
    return output.passes ? 0 : EXIT_LACKING;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(secret ? message.split(secret).join('***') : message);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
