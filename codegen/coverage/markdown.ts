/**
 * Markdown for operators: title, the one-line summary, a summary table, then details. Long name
 * lists stay compact (comma-separated code spans); API sections only where something structural
 * changed, description-only changes listed together at the end.
 */
import { generatedCoverageLine, liveCoverageLine, snapshotDiffLine } from './summary.ts';
import type { ApiChange, ApiSummary, CoverageReport, GeneratedCoverage, LiveCoverage, ParamChange, ParamSummary, SnapshotDiff, ToolParamRef } from './types.ts';

const DESCRIPTION_LIMIT = 110;

function code(text: string): string {
  return `\`${text}\``;
}

/** One table cell: no newlines, no unescaped pipes, long texts cut. */
function cell(text: string, limit = DESCRIPTION_LIMIT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > limit ? `${flat.slice(0, limit - 1).trimEnd()}…` : flat;
  return cut.replace(/\|/g, '\\|');
}

function codeList(names: readonly string[]): string {
  return names.map(code).join(', ');
}

function table(header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>, align?: readonly ('l' | 'r')[]): string[] {
  const rule = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [`| ${header.join(' | ')} |`, `| ${rule.join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function paramText(param: ParamSummary): string {
  const details = [param.type, ...(param.required ? ['**required**'] : [])];
  return `${code(param.name)} (${details.join(', ')})`;
}

function changeValue(value: string | number | boolean | null): string {
  return value === null ? 'none' : String(value);
}

function paramChangeText(change: ParamChange): string {
  const to = changeValue(change.to);
  return `${code(change.param)} ${change.attribute} ${changeValue(change.from)} → ${change.breaking ? `**${to}**` : to}`;
}

function apiTable(apis: readonly ApiSummary[]): string[] {
  return table(
    ['API', 'async', 'since', 'params (required)', 'description'],
    apis.map((api) => [code(api.name), api.isAsync ? 'yes' : '', api.since ?? '', `${api.params} (${api.requiredParams})`, cell(api.description)]),
  );
}

/** What a caller sends or waits for changed: params or the async flag. */
function changesCalls(change: ApiChange): boolean {
  return change.paramsAdded.length + change.paramsRemoved.length + change.paramsChanged.length > 0 || change.asyncChanged !== undefined;
}

function changesResponse(change: ApiChange): boolean {
  return change.responseFieldsAdded.length + change.responseFieldsRemoved.length > 0;
}

function breakingLines(diff: SnapshotDiff): string[] {
  const lines = diff.apisRemoved.map((api) => `- ${code(api.name)}: API removed`);
  for (const change of diff.apisChanged) {
    const items = [
      ...change.paramsRemoved.map((param) => `param ${code(param.name)} removed`),
      ...change.paramsAdded.filter((param) => param.required).map((param) => `new required param ${paramText(param)}`),
      ...change.paramsChanged.filter((c) => c.breaking).map(paramChangeText),
      ...(change.asyncChanged ? [`async ${change.asyncChanged.from} → ${change.asyncChanged.to}`] : []),
    ];
    if (items.length > 0) lines.push(`- ${code(change.name)}: ${items.join('; ')}`);
  }
  return lines;
}

function apiSection(change: ApiChange): string[] {
  const lines = [`### ${code(change.name)}`, ''];
  if (change.paramsAdded.length > 0) lines.push(`- params added: ${change.paramsAdded.map(paramText).join(', ')}`);
  if (change.paramsRemoved.length > 0) lines.push(`- params removed: ${change.paramsRemoved.map(paramText).join(', ')}`);
  if (change.paramsChanged.length > 0) lines.push(`- params changed: ${change.paramsChanged.map(paramChangeText).join('; ')}`);
  if (change.responseFieldsAdded.length > 0) lines.push(`- response fields added: ${codeList(change.responseFieldsAdded)}`);
  if (change.responseFieldsRemoved.length > 0) lines.push(`- response fields removed: ${codeList(change.responseFieldsRemoved)}`);
  if (change.asyncChanged) lines.push(`- **async: ${change.asyncChanged.from} → ${change.asyncChanged.to}**`);
  const texts = [...(change.descriptionChanged ? ['API description'] : []), ...(change.paramDescriptionsChanged.length > 0 ? [`param descriptions of ${codeList(change.paramDescriptionsChanged)}`] : [])];
  if (texts.length > 0) lines.push(`- text changed: ${texts.join(', ')}`);
  lines.push('');
  return lines;
}

export function snapshotDiffMarkdown(diff: SnapshotDiff): string {
  const s = diff.summary;
  const callChanges = diff.apisChanged.filter(changesCalls);
  const responseOnly = diff.apisChanged.filter((change) => !changesCalls(change) && changesResponse(change));
  const textOnly = diff.apisChanged.filter((change) => !changesCalls(change) && !changesResponse(change));
  const lines = [
    `# CloudStack API changes: ${diff.from.label} → ${diff.to.label}`,
    '',
    `From ${code(diff.from.source)} (${diff.from.apis} APIs, ${diff.from.params} params) to ${code(diff.to.source)} (${diff.to.apis} APIs, ${diff.to.params} params).`,
    '',
    `Summary: ${snapshotDiffLine(diff)}`,
    '',
    '## Summary',
    '',
    ...table(
      ['change', 'count'],
      [
        ['APIs added', s.apisAdded],
        ['APIs removed', s.apisRemoved],
        ['APIs changed', s.apisChanged],
        ['params added (of them required)', `${s.paramsAdded} (${s.requiredParamsAdded})`],
        ['params removed', s.paramsRemoved],
        ['param required flag changed', s.requiredChanged],
        ['param type changed', s.typeChanged],
        ['param length changed', s.lengthChanged],
        ['response fields added', s.responseFieldsAdded],
        ['response fields removed', s.responseFieldsRemoved],
        ['async flag changed', s.asyncChanged],
        ['API descriptions changed', s.descriptionsChanged],
        ['param descriptions changed', s.paramDescriptionsChanged],
        ['**breaking changes**', `**${s.breakingChanges}**`],
      ],
      ['l', 'r'],
    ),
    '',
    'Breaking: an API or param removed, a new required param, a param that became required, changed its type or',
    'got a shorter maximum length, an async flag flipped. Descriptions and response fields never break a call.',
    '',
  ];
  const breaking = breakingLines(diff);
  lines.push(`## Breaking changes (${s.breakingChanges})`, '', ...(breaking.length > 0 ? breaking : ['None.']), '');
  lines.push(`## APIs added (${diff.apisAdded.length})`, '', ...(diff.apisAdded.length > 0 ? apiTable(diff.apisAdded) : ['None.']), '');
  lines.push(`## APIs removed (${diff.apisRemoved.length})`, '', ...(diff.apisRemoved.length > 0 ? apiTable(diff.apisRemoved) : ['None.']), '');
  lines.push(`## APIs with changed params or async flag (${callChanges.length})`, '');
  if (callChanges.length === 0) lines.push('None.', '');
  for (const change of callChanges) lines.push(...apiSection(change));
  lines.push(`## APIs with changed response fields only (${responseOnly.length})`, '');
  if (responseOnly.length === 0) lines.push('None.', '');
  else {
    lines.push(
      'Nested fields as `parent.child`; a new parent\'s own fields are not repeated.',
      '',
      ...table(
        ['API', 'fields added', 'fields removed'],
        responseOnly.map((change) => [code(change.name), codeList(change.responseFieldsAdded), codeList(change.responseFieldsRemoved)]),
      ),
      '',
    );
  }
  lines.push(`## Text-only changes (${textOnly.length})`, '');
  if (textOnly.length === 0) lines.push('None.');
  else lines.push('APIs whose description or param descriptions changed, nothing else:', '', codeList(textOnly.map((change) => change.name)));
  lines.push('');
  return lines.join('\n');
}

function refList(refs: readonly ToolParamRef[]): string[] {
  const byApi = new Map<string, string[]>();
  for (const ref of refs) byApi.set(ref.api, [...(byApi.get(ref.api) ?? []), ref.param]);
  return [...byApi].map(([api, params]) => `- ${code(api)}: ${codeList(params)}`);
}

function section(title: string, count: number, body: string[]): string[] {
  return count === 0 ? [] : [`## ${title} (${count})`, '', ...body, ''];
}

export function generatedCoverageMarkdown(report: GeneratedCoverage): string {
  return [
    `# Coverage of ${code(report.generated.source)} against CloudStack ${report.snapshot.label}`,
    '',
    generatedCoverageLine(report),
    '',
    ...table(
      ['', 'snapshot', 'generated'],
      [
        ['source', code(report.snapshot.source), `${code(report.generated.source)} (model of ${code(report.generated.modelSnapshot)}, CloudStack ${report.generated.modelVersion})`],
        ['APIs / tools', report.snapshot.apis, `${report.generated.apis} / ${report.generated.tools}`],
        ['params', report.snapshot.params, report.generated.params],
      ],
    ),
    '',
    ...section('APIs without a tool', report.apisWithoutTool.length, [codeList(report.apisWithoutTool)]),
    ...section('Tools without an API', report.toolsWithoutApi.length, report.toolsWithoutApi.map((t) => `- ${code(t.tool)} (${code(t.api)})`)),
    ...section('Params missing from a tool inputSchema', report.paramsMissing.length, refList(report.paramsMissing)),
    ...section('inputSchema properties that are not params of the API', report.paramsExtra.length, refList(report.paramsExtra)),
    ...section(
      'Required flags that differ',
      report.requiredDiffers.length,
      report.requiredDiffers.map((r) => `- ${code(r.api)} ${code(r.param)}: required ${r.requiredInApi} in listApis, ${r.requiredInTool} in the tool`),
    ),
    ...section('Async flags that differ', report.asyncDiffers.length, report.asyncDiffers.map((r) => `- ${code(r.api)}: ${r.asyncInApi} in listApis, ${r.asyncInTool} in the tool`)),
    ...section('the model disagreements', report.modelDiffers.length, report.modelDiffers.map((m) => `- ${m.api ? `${code(m.api)}: ` : ''}${m.problem}`)),
  ].join('\n');
}

export function liveCoverageMarkdown(report: LiveCoverage): string {
  const missing = report.apisMissing.length + report.paramsMissing.length;
  return [
    `# Live server ${report.server.label} against the generated tools`,
    '',
    liveCoverageLine(report),
    '',
    ...table(
      ['', 'server', 'generated'],
      [
        ['CloudStack', report.server.version, report.generated.modelVersion],
        ['APIs', report.server.apis, `${report.generated.tools} tools`],
        ['params', report.server.params, report.generated.params],
        ['role of the key', cell(report.server.role, 200), ''],
      ],
    ),
    '',
    ...(missing > 0
      ? [
          `The server offers what the tools lack: generate from it with`,
          '`CLOUDSTACK_API_KEY=… CLOUDSTACK_SECRET_KEY=… npm run codegen -- --url ' + report.server.label + '`',
          '(use a root admin key: other roles see fewer APIs and params).',
          '',
        ]
      : []),
    ...section('APIs the server has that no tool covers', report.apisMissing.length, apiTable(report.apisMissing)),
    ...section('Params the server has that a tool lacks', report.paramsMissing.length, refList(report.paramsMissing)),
    ...section(
      'Generated tools the server does not offer',
      report.toolsNotOffered.length,
      [
        'Expected when a plugin or global setting is off, the server is older, or the key is not a root admin\'s:',
        '',
        codeList(report.toolsNotOffered.map((t) => t.api)),
      ],
    ),
    ...(report.paramsNotOffered > 0 ? [`Tool params the server does not list for its APIs (role-restricted or newer): ${report.paramsNotOffered}.`, ''] : []),
  ].join('\n');
}

export function renderMarkdown(report: CoverageReport): string {
  switch (report.kind) {
    case 'snapshot-diff':
      return snapshotDiffMarkdown(report);
    case 'generated-coverage':
      return generatedCoverageMarkdown(report);
    case 'live-coverage':
      return liveCoverageMarkdown(report);
  }
}
