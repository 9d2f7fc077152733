/**
 * `--live`: a server's listApis against the generated tools. What the server has that we lack needs
 * a codegen run against it; what we generate that it does not offer is normal (plugins off, an
 * older version, a non-admin role) and only reported.
 */
import type { GeneratedTool } from '../../generated/tools/types.ts';
import { compareNames } from '../../src/model/load.ts';
import { generatedInfo, type GeneratedSide, type LiveSide } from './sides.ts';
import { apiSummary } from './snapshot-diff.ts';
import type { LiveCoverage, ToolParamRef } from './types.ts';

function schemaProperties(tool: GeneratedTool): Set<string> {
  const properties = (tool.inputSchema as { properties?: Record<string, unknown> }).properties ?? {};
  return new Set(Object.keys(properties));
}

export function compareLive(server: LiveSide, generated: GeneratedSide): LiveCoverage {
  const toolsByApi = new Map<string, GeneratedTool>();
  for (const tool of generated.tools) if (!toolsByApi.has(tool.apiName)) toolsByApi.set(tool.apiName, tool);
  const serverApis = new Set(server.apis.map((api) => api.name));

  const paramsMissing: ToolParamRef[] = [];
  let paramsNotOffered = 0;
  let coveredApis = 0;
  for (const api of server.apis) {
    const tool = toolsByApi.get(api.name);
    if (!tool) continue;
    coveredApis += 1;
    const properties = schemaProperties(tool);
    for (const param of api.params) {
      if (!properties.has(param.name)) paramsMissing.push({ api: api.name, tool: tool.name, param: param.name });
    }
    const listed = new Set(api.params.map((param) => param.name));
    paramsNotOffered += [...properties].filter((name) => !listed.has(name)).length;
  }
  return {
    kind: 'live-coverage',
    server: { ...server.info, version: server.version, role: server.role },
    generated: generatedInfo(generated),
    apisMissing: server.apis.filter((api) => !toolsByApi.has(api.name)).map(apiSummary),
    toolsNotOffered: generated.tools
      .filter((tool) => !serverApis.has(tool.apiName))
      .map((tool) => ({ tool: tool.name, api: tool.apiName }))
      .sort((a, b) => compareNames(a.api, b.api)),
    paramsMissing,
    paramsNotOffered,
    coveredApis,
  };
}

/** The server offers nothing the tools lack. */
export function liveCoveragePasses(report: LiveCoverage): boolean {
  return report.apisMissing.length === 0 && report.paramsMissing.length === 0;
}
