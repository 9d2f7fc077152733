/**
 * Codegen time for the default snapshot (model, typed client, tools, docs), into a scratch
 * directory. Measured here rather than asserted by a timed test; the goal is < 10 s on 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SNAPSHOT, runCodegen } from '../../codegen/index.ts';
import { summarize, timed, type RunSummary } from './stats.ts';

export interface CodegenTiming {
  snapshot: string;
  apis: number;
  files: number;
  bytes: number;
  elapsedMs: RunSummary;
  goalMs: number;
}

export async function measureCodegen(runs: number): Promise<CodegenTiming> {
  const outDir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-bench-codegen-'));
  try {
    const times: number[] = [];
    let last: ReturnType<typeof runCodegen> | undefined;
    for (let i = 0; i < runs; i++) {
      const [result, ms] = await timed(async () => runCodegen(DEFAULT_SNAPSHOT, outDir, {}));
      times.push(ms);
      last = result;
    }
    return { snapshot: DEFAULT_SNAPSHOT, apis: last?.apis ?? 0, files: last?.files ?? 0, bytes: last?.bytes ?? 0, elapsedMs: summarize(times, 0), goalMs: 10_000 };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
