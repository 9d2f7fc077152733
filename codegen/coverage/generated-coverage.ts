/**
 * `--generated`: does `generated/` cover the snapshot it claims to? The snapshot is read on its own
 * and compared with what the tools really expose (their inputSchemas) and with the model, so a
 * renderer or model bug shows up here even when codegen itself reports success.
 */
import type { GeneratedTool } from '../../generated/tools/types.ts';
import { compareNames, type RawApi } from '../../src/model/load.ts';
import { generatedInfo, type ApiSide, type GeneratedSide } from './sides.ts';
import type { GeneratedCoverage, RequiredMismatch, ToolParamRef } from './types.ts';

interface ToolSchemaView {
  properties: Set<string>;
  required: Set<string>;
}

function schemaView(tool: GeneratedTool): ToolSchemaView {
  const schema = tool.inputSchema as { properties?: Record<string, unknown>; required?: unknown };
  const required = Array.isArray(schema.required) ? schema.required.filter((n): n is string => typeof n === 'string') : [];
  return { properties: new Set(Object.keys(schema.properties ?? {})), required: new Set(required) };
}

function modelProblems(snapshot: ApiSide, generated: GeneratedSide, toolApis: ReadonlySet<string>): GeneratedCoverage['modelDiffers'] {
  const problems: GeneratedCoverage['modelDiffers'] = [];
  const { model } = generated;
  if (model.cloudstackVersion !== snapshot.version) {
    problems.push({ problem: `the model is for CloudStack ${model.cloudstackVersion}, the snapshot is ${snapshot.version}` });
  }
  const snapshotApis = new Map(snapshot.apis.map((api) => [api.name, api]));
  const modelApis = new Map(model.apis.map((api) => [api.name, api]));
  for (const api of snapshot.apis) if (!modelApis.has(api.name)) problems.push({ api: api.name, problem: 'missing from the model' });
  for (const api of model.apis) {
    const raw = snapshotApis.get(api.name);
    if (!raw) {
      problems.push({ api: api.name, problem: 'in the model but not in the snapshot' });
      continue;
    }
    if (!toolApis.has(api.name)) problems.push({ api: api.name, problem: 'in the model but has no tool' });
    if (api.isAsync !== raw.isAsync) problems.push({ api: api.name, problem: `async ${api.isAsync} in the model, ${raw.isAsync} in the snapshot` });
    const modelParams = new Map(api.params.map((param) => [param.name, param]));
    for (const param of raw.params) {
      const modelled = modelParams.get(param.name);
      if (!modelled) problems.push({ api: api.name, problem: `param ${param.name} missing from the model` });
      else if (modelled.required !== param.required) {
        problems.push({ api: api.name, problem: `param ${param.name} required ${modelled.required} in the model, ${param.required} in the snapshot` });
      }
    }
    const rawParams = new Set(raw.params.map((param) => param.name));
    for (const param of api.params) if (!rawParams.has(param.name)) problems.push({ api: api.name, problem: `param ${param.name} in the model but not in the snapshot` });
  }
  return problems;
}

export function checkGenerated(snapshot: ApiSide, generated: GeneratedSide): GeneratedCoverage {
  const toolsByApi = new Map<string, GeneratedTool>();
  for (const tool of generated.tools) if (!toolsByApi.has(tool.apiName)) toolsByApi.set(tool.apiName, tool);
  const snapshotApis = new Map<string, RawApi>(snapshot.apis.map((api) => [api.name, api]));

  const apisWithoutTool: string[] = [];
  const paramsMissing: ToolParamRef[] = [];
  const paramsExtra: ToolParamRef[] = [];
  const requiredDiffers: RequiredMismatch[] = [];
  const asyncDiffers: GeneratedCoverage['asyncDiffers'] = [];
  let coveredParams = 0;
  for (const api of snapshot.apis) {
    const tool = toolsByApi.get(api.name);
    if (!tool) {
      apisWithoutTool.push(api.name);
      continue;
    }
    const view = schemaView(tool);
    for (const param of api.params) {
      const ref = { api: api.name, tool: tool.name, param: param.name };
      if (!view.properties.has(param.name)) {
        paramsMissing.push(ref);
        continue;
      }
      coveredParams += 1;
      const requiredInTool = view.required.has(param.name);
      if (requiredInTool !== param.required) requiredDiffers.push({ ...ref, requiredInApi: param.required, requiredInTool });
    }
    const apiParams = new Set(api.params.map((param) => param.name));
    for (const property of [...view.properties].sort(compareNames)) {
      if (!apiParams.has(property)) paramsExtra.push({ api: api.name, tool: tool.name, param: property });
    }
    if (tool.isAsync !== api.isAsync) asyncDiffers.push({ api: api.name, tool: tool.name, asyncInApi: api.isAsync, asyncInTool: tool.isAsync });
  }
  const toolsWithoutApi = generated.tools
    .filter((tool) => !snapshotApis.has(tool.apiName))
    .map((tool) => ({ tool: tool.name, api: tool.apiName }))
    .sort((a, b) => compareNames(a.api, b.api));
  const modelDiffers = modelProblems(snapshot, generated, new Set(toolsByApi.keys()));

  return {
    kind: 'generated-coverage',
    snapshot: snapshot.info,
    generated: generatedInfo(generated),
    coveredApis: snapshot.apis.length - apisWithoutTool.length,
    coveredParams,
    apisWithoutTool,
    toolsWithoutApi,
    paramsMissing,
    paramsExtra,
    requiredDiffers,
    asyncDiffers,
    modelDiffers,
    differences: toolsWithoutApi.length + paramsExtra.length + requiredDiffers.length + asyncDiffers.length + modelDiffers.length,
  };
}

export function generatedCoveragePasses(report: GeneratedCoverage): boolean {
  return report.coveredApis === report.snapshot.apis && report.coveredParams === report.snapshot.params && report.differences === 0;
}
