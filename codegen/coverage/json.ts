/** `--format json`: the report data as pretty JSON (stable: every list is sorted by the differs). */
import type { CoverageReport } from './types.ts';

export function renderJson(report: CoverageReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
