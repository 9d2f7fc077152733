/**
 * The reports `npm run coverage-diff` produces, as data: rendered to Markdown or JSON, counted by
 * the summary line. Names are CloudStack's (API and wire param names), lists sorted by name.
 */

/** One side of a comparison, as the report names it. */
export interface SideInfo {
  /** e.g. `4.20.2.0`, or a server URL. */
  label: string;
  /** File or URL it was read from. */
  source: string;
  apis: number;
  params: number;
}

export interface ApiSummary {
  name: string;
  isAsync: boolean;
  since?: string;
  description: string;
  params: number;
  requiredParams: number;
}

export interface ParamSummary {
  name: string;
  type: string;
  required: boolean;
  length?: number;
}

export type ParamAttribute = 'required' | 'type' | 'length';

export interface ParamChange {
  param: string;
  attribute: ParamAttribute;
  from: string | number | boolean | null;
  to: string | number | boolean | null;
  /** Can break an existing caller: became required, type changed, maximum length shrank. */
  breaking: boolean;
}

export interface ApiChange {
  name: string;
  paramsAdded: ParamSummary[];
  paramsRemoved: ParamSummary[];
  paramsChanged: ParamChange[];
  /** Response field paths (`nic.ipaddress` for nested); a new parent's children are not repeated. */
  responseFieldsAdded: string[];
  responseFieldsRemoved: string[];
  asyncChanged?: { from: boolean; to: boolean };
  descriptionChanged: boolean;
  /** Params present on both sides whose description text differs. */
  paramDescriptionsChanged: string[];
}

export interface SnapshotDiffSummary {
  apisAdded: number;
  apisRemoved: number;
  apisChanged: number;
  paramsAdded: number;
  /** Of paramsAdded: new params that are required (breaking for existing callers). */
  requiredParamsAdded: number;
  paramsRemoved: number;
  requiredChanged: number;
  typeChanged: number;
  lengthChanged: number;
  responseFieldsAdded: number;
  responseFieldsRemoved: number;
  asyncChanged: number;
  descriptionsChanged: number;
  paramDescriptionsChanged: number;
  /** Changes an existing caller can trip over: removed APIs/params, new required params, breaking param changes, async flips. */
  breakingChanges: number;
}

export interface SnapshotDiff {
  kind: 'snapshot-diff';
  from: SideInfo;
  to: SideInfo;
  summary: SnapshotDiffSummary;
  apisAdded: ApiSummary[];
  apisRemoved: ApiSummary[];
  /** Common APIs with at least one change (description-only changes included). */
  apisChanged: ApiChange[];
}

export interface ToolParamRef {
  api: string;
  tool: string;
  param: string;
}

export interface RequiredMismatch extends ToolParamRef {
  /** Required in listApis. */
  requiredInApi: boolean;
  /** Listed in the tool's inputSchema.required. */
  requiredInTool: boolean;
}

export interface GeneratedCoverage {
  kind: 'generated-coverage';
  snapshot: SideInfo;
  generated: SideInfo & { tools: number; modelVersion: string; modelSnapshot: string };
  coveredApis: number;
  coveredParams: number;
  apisWithoutTool: string[];
  toolsWithoutApi: Array<{ tool: string; api: string }>;
  paramsMissing: ToolParamRef[];
  /** In a tool's inputSchema but not a param of the API. */
  paramsExtra: ToolParamRef[];
  requiredDiffers: RequiredMismatch[];
  asyncDiffers: Array<{ api: string; tool: string; asyncInApi: boolean; asyncInTool: boolean }>;
  /** generated/the model disagreeing with the snapshot or the tools (version, APIs, params). */
  modelDiffers: Array<{ api?: string; problem: string }>;
  /** Everything but missing coverage; 0 and full coverage = pass. */
  differences: number;
}

export interface LiveCoverage {
  kind: 'live-coverage';
  server: SideInfo & { version: string; role: string };
  generated: SideInfo & { tools: number; modelVersion: string };
  /** APIs the server offers that no generated tool covers. */
  apisMissing: ApiSummary[];
  /** Generated tools whose API the server does not offer (plugin off, older version, role). */
  toolsNotOffered: Array<{ tool: string; api: string }>;
  /** Params the server lists for a covered API that the tool's inputSchema lacks. */
  paramsMissing: ToolParamRef[];
  /** Params a tool has that the server does not list (role-restricted params, version). */
  paramsNotOffered: number;
  coveredApis: number;
}

export type CoverageReport = SnapshotDiff | GeneratedCoverage | LiveCoverage;
