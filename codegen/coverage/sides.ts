/**
 * The two sides a coverage report compares, loaded independently of each other: a listApis snapshot
 * file, what `generated/` covers (its tools and api-model.json), or a live server's listApis.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BundledModel, MODEL_INDEX_FILE } from '../../src/model/bundled.ts';
import { pathToFileURL } from 'node:url';
import type { GeneratedTool } from '../../generated/tools/types.ts';
import { captureServer } from '../live/capture.ts';
import { describeRole } from '../live/caller-role.ts';
import { describeServer, type LiveConnection } from '../live/connection.ts';
import { loadSnapshotFile, parseListApis, type RawApi } from '../../src/model/load.ts';
import type { ApiModelDocument } from '../../src/model/types.ts';
import type { SideInfo } from './types.ts';

/** Input a report cannot be made from; the message names the file or the problem. */
export class CoverageInputError extends Error {
  override name = 'CoverageInputError';
}

export interface ApiSide {
  info: SideInfo;
  version: string;
  apis: RawApi[];
}

function countParams(apis: readonly RawApi[]): number {
  return apis.reduce((total, api) => total + api.params.length, 0);
}

function sideInfo(label: string, source: string, apis: readonly RawApi[]): SideInfo {
  return { label, source, apis: apis.length, params: countParams(apis) };
}

/** A snapshot file (its .meta.json, when present, gives the version). */
export function loadSnapshotSide(path: string): ApiSide {
  const { doc, meta } = loadSnapshotFile(path);
  const apis = parseListApis(doc);
  const metaVersion = (meta as { version?: unknown } | undefined)?.version;
  // A label for the report: the meta's version, else what the file name says (`cloudstack-<label>.json`).
  const version = typeof metaVersion === 'string' ? metaVersion : (/cloudstack-(.+?)\.json$/.exec(basename(path))?.[1] ?? basename(path));
  return { info: sideInfo(version, path, apis), version, apis };
}

export interface GeneratedSide {
  dir: string;
  model: ApiModelDocument;
  tools: GeneratedTool[];
}

/** How a report names and counts the generated side. */
export function generatedInfo(generated: GeneratedSide): SideInfo & { tools: number; modelVersion: string; modelSnapshot: string } {
  return {
    label: `generated (${generated.model.snapshot})`,
    source: generated.dir,
    apis: generated.model.apis.length,
    params: generated.model.apis.reduce((total, api) => total + api.params.length, 0),
    tools: generated.tools.length,
    modelVersion: generated.model.cloudstackVersion,
    modelSnapshot: generated.model.snapshot,
  };
}

/** `generated/` (or a copy): the compact model of `model/` and the `tools` of `tools/index.ts`. */
export async function loadGeneratedSide(dir: string): Promise<GeneratedSide> {
  const modelPath = join(dir, 'model', MODEL_INDEX_FILE);
  const toolsPath = resolve(dir, 'tools', 'index.ts');
  for (const path of [modelPath, toolsPath]) {
    if (!existsSync(path)) throw new CoverageInputError(`${path} not found: is ${dir} a codegen output directory?`);
  }
  let model: ApiModelDocument;
  try {
    model = BundledModel.open(join(dir, 'model')).decodeAll();
  } catch (error) {
    throw new CoverageInputError(`${modelPath} cannot be read: ${(error as Error).message}`);
  }
  if (!Array.isArray(model.apis)) throw new CoverageInputError(`${modelPath} has no "apis" list`);
  const module = (await import(pathToFileURL(toolsPath).href)) as { tools?: unknown };
  if (!Array.isArray(module.tools)) throw new CoverageInputError(`${toolsPath} does not export a "tools" array`);
  return { dir, model, tools: module.tools as GeneratedTool[] };
}

export interface LiveSide extends ApiSide {
  role: string;
}

/** A live server's listApis, through the signed client. */
export async function loadLiveSide(connection: LiveConnection): Promise<LiveSide> {
  const capture = await captureServer(connection);
  const apis = parseListApis(capture.listApis);
  const server = describeServer(connection.url);
  return { info: sideInfo(server, server, apis), version: capture.version, apis, role: describeRole(capture.role) };
}
