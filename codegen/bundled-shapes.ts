/**
 * The bundled response shapes, built from every `cloudstack-*.meta.json` of api-snapshots/ (the
 * project's copies of ../shared/api-snapshots/). Codegen passes them to buildModel and writes them
 * to generated/model/response-shapes.json, where the runtime's model builder reads them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMeta, type SnapshotMeta } from '../src/model/meta.ts';
import { buildShapeTable, type ShapeTable } from '../src/model/response-shapes.ts';

export const BUNDLED_SNAPSHOT_DIR = fileURLToPath(new URL('../api-snapshots/', import.meta.url));

const cache = new Map<string, ShapeTable>();

/** The shapes of every meta file in `dir` (read once per process). */
export function bundledShapes(dir: string = BUNDLED_SNAPSHOT_DIR): ShapeTable {
  let table = cache.get(dir);
  if (!table) {
    const metas = readdirSync(dir)
      .filter((name) => /^cloudstack-.+\.meta\.json$/.test(name))
      .sort()
      .map((name) => parseMeta(JSON.parse(readFileSync(join(dir, name), 'utf8'))))
      .filter((meta): meta is SnapshotMeta => meta !== undefined);
    table = buildShapeTable(metas);
    cache.set(dir, table);
  }
  return table;
}
