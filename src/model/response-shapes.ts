/**
 * The bundled response shapes: for every API of every bundled snapshot, the envelope, kind and
 * traced key its meta file gives, per version range. Codegen builds it from api-snapshots/*.meta.json
 * and writes it to generated/model/response-shapes.json (one API a line); the model applies it by
 * API name to any dump, with or without a meta file of its own (src/model/response-shape.ts), and
 * the names it holds are "every API some bundled version has" (an override naming another is a typo).
 */
import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from '../package-root.ts';
import type { SnapshotMeta } from './meta.ts';
import { compareVersions } from './overrides.ts';
import type { ResponseShape } from './response-shape.ts';
import type { ResponseKind } from './types.ts';

export const RESPONSE_SHAPES_FILE = 'response-shapes.json';
export const SHAPES_FORMAT = 2;

/**
 * [first version with this shape, kind (null: not traced), key (null: none traced), envelope (when
 * not the default; null when only the next member follows), 1 when the immediate async answer carries the id].
 */
export type ShapeRow =
  | [string, ResponseKind | null, string | null]
  | [string, ResponseKind | null, string | null, string | null]
  | [string, ResponseKind | null, string | null, string | null, 1];

export interface ShapeTable {
  format: number;
  /** The bundled versions it was built from, oldest first. */
  versions: string[];
  /** By API name (sorted); rows oldest first, one per version where the shape changes. */
  apis: Record<string, ShapeRow[]>;
}

function rowOf(version: string, shape: ResponseShape): ShapeRow {
  const row: ShapeRow = [version, shape.kind ?? null, shape.key ?? null];
  if (shape.immediateId) return [...row, shape.envelope ?? null, 1];
  return shape.envelope ? [...row, shape.envelope] : row;
}

const sameShape = (a: ShapeRow, b: ShapeRow) => a[1] === b[1] && a[2] === b[2] && (a[3] ?? null) === (b[3] ?? null) && a[4] === b[4];

/** The table of the given metas (any order; a meta without version or shapes adds nothing). */
export function buildShapeTable(metas: readonly SnapshotMeta[]): ShapeTable {
  const sorted = metas.filter((meta) => meta.version !== undefined).sort((a, b) => compareVersions(a.version!, b.version!));
  const apis = new Map<string, ShapeRow[]>();
  for (const meta of sorted) {
    for (const [name, api] of meta.apis) {
      if (!api.responseShape) continue;
      const row = rowOf(meta.version!, api.responseShape);
      const rows = apis.get(name) ?? [];
      if (rows.length === 0 || !sameShape(rows[rows.length - 1], row)) rows.push(row);
      apis.set(name, rows);
    }
  }
  const names = [...apis.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { format: SHAPES_FORMAT, versions: sorted.map((meta) => meta.version!), apis: Object.fromEntries(names.map((name) => [name, apis.get(name)!])) };
}

/** Deterministic text, one API a line. */
export function shapeTableJson(table: ShapeTable): string {
  const rows = Object.entries(table.apis).map(([name, shapes]) => `${JSON.stringify(name)}:${JSON.stringify(shapes)}`);
  return `{"format":${table.format},"versions":${JSON.stringify(table.versions)},"apis":{\n${rows.join(',\n')}\n}}\n`;
}

/**
 * The bundled shape of an API for a CloudStack version: the row of the newest bundled version not
 * after it (the oldest row for an older server, the newest for an unknown version). Undefined for
 * an API no bundled version has.
 */
export function bundledShape(table: ShapeTable, apiName: string, version: string | undefined): ResponseShape | undefined {
  const rows = Object.hasOwn(table.apis, apiName) ? table.apis[apiName] : undefined;
  if (!rows || rows.length === 0) return undefined;
  let row = rows[0];
  if (version === undefined) row = rows[rows.length - 1];
  else for (const candidate of rows) if (compareVersions(candidate[0], version) <= 0) row = candidate;
  const [, kind, key, envelope, immediateId] = row;
  return {
    ...(kind !== null ? { kind } : {}),
    ...(key !== null ? { key } : {}),
    ...(envelope ? { envelope } : {}),
    ...(immediateId === 1 ? { immediateId: true as const } : {}),
  };
}

export function parseShapeTable(text: string, where: string): ShapeTable {
  const table = JSON.parse(text) as ShapeTable;
  if (table?.format !== SHAPES_FORMAT || typeof table.apis !== 'object' || table.apis === null) {
    throw new Error(`${where}: not a response-shapes table of format ${SHAPES_FORMAT}; run npm run codegen`);
  }
  return table;
}

let bundled: ShapeTable | undefined;

/** generated/model/response-shapes.json, read once (an empty table when it is missing, e.g. before the first codegen). */
export function bundledShapeTable(): ShapeTable {
  if (bundled) return bundled;
  const path = packagePath('generated', 'model', RESPONSE_SHAPES_FILE);
  bundled = existsSync(path) ? parseShapeTable(readFileSync(path, 'utf8'), path) : { format: SHAPES_FORMAT, versions: [], apis: {} };
  return bundled;
}
