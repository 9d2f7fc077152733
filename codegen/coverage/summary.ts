/** The one-line summaries CI logs print (and the Markdown repeats under its title). */
import type { GeneratedCoverage, LiveCoverage, SnapshotDiff } from './types.ts';

export function snapshotDiffLine(diff: SnapshotDiff): string {
  const s = diff.summary;
  return (
    `${diff.from.label} → ${diff.to.label}: APIs +${s.apisAdded} -${s.apisRemoved}, ${s.apisChanged} changed; ` +
    `params +${s.paramsAdded} -${s.paramsRemoved}, required flag ${s.requiredChanged}, type ${s.typeChanged}, length ${s.lengthChanged}; ` +
    `response fields +${s.responseFieldsAdded} -${s.responseFieldsRemoved}; async flag ${s.asyncChanged}; ` +
    `descriptions ${s.descriptionsChanged} APIs, ${s.paramDescriptionsChanged} params; breaking ${s.breakingChanges}`
  );
}

export function generatedCoverageLine(report: GeneratedCoverage): string {
  return (
    `coverage: ${report.coveredApis}/${report.snapshot.apis} APIs, ${report.coveredParams}/${report.snapshot.params} params, ` +
    `${report.differences} difference${report.differences === 1 ? '' : 's'}`
  );
}

export function liveCoverageLine(report: LiveCoverage): string {
  return (
    `live ${report.server.label} (CloudStack ${report.server.version}): ${report.coveredApis}/${report.server.apis} APIs covered, ` +
    `${report.apisMissing.length} missing, ${report.paramsMissing.length} params missing; ` +
    `${report.toolsNotOffered.length} generated tools not offered by the server`
  );
}
