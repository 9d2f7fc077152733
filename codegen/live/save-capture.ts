/**
 * `codegen --url`: capture a live server and save it as a snapshot beside a `.capture.json` side
 * file (server, version, role, time). Never replaces a bundled ground-truth snapshot (one with a
 * `.meta.json` beside it), and replaces anything else only with `force`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { metaPathFor } from '../../src/model/load.ts';
import { captureServer, type CaptureOptions, type ServerCapture } from './capture.ts';
import type { CallerRole } from './caller-role.ts';
import { describeServer, LiveInputError, type LiveConnection } from './connection.ts';
import { liveSnapshotName, snapshotText } from './snapshot-document.ts';

export const DEFAULT_SNAPSHOT_DIR = 'api-snapshots';

export interface SaveCaptureOptions extends CaptureOptions {
  /** Target file; default `<snapshotDir>/cloudstack-<version>-live.json`. */
  savePath?: string;
  snapshotDir?: string;
  force?: boolean;
}

/** What `<snapshot>.capture.json` holds: where and as whom the snapshot was taken. */
export interface CaptureRecord {
  server: string;
  cloudstackVersion: string;
  role: CallerRole;
  apiCount: number;
  capturedAt: string;
}

export interface SavedCapture {
  snapshotPath: string;
  capturePath: string;
  capture: ServerCapture;
  record: CaptureRecord;
}

/** `x.json` → `x.capture.json`. */
export function capturePathFor(snapshotPath: string): string {
  return snapshotPath.replace(/(\.json)?$/, '.capture.json');
}

function refuseUnsafeTarget(path: string, force: boolean): void {
  if (existsSync(metaPathFor(path))) {
    throw new LiveInputError(`${path} is a bundled ground-truth snapshot (it has a .meta.json); save the capture under another name with --save-snapshot`);
  }
  if (existsSync(path) && !force) {
    throw new LiveInputError(`${path} exists; pass --force to replace it, or --save-snapshot another file`);
  }
}

export async function saveCapture(connection: LiveConnection, options: SaveCaptureOptions = {}): Promise<SavedCapture> {
  // Checked before and after the capture: the default name needs the server's version.
  if (options.savePath) refuseUnsafeTarget(options.savePath, options.force ?? false);
  const capture = await captureServer(connection, options);
  const snapshotPath = options.savePath ?? join(options.snapshotDir ?? DEFAULT_SNAPSHOT_DIR, liveSnapshotName(capture.version));
  if (!options.savePath) refuseUnsafeTarget(snapshotPath, options.force ?? false);
  const record: CaptureRecord = {
    server: describeServer(connection.url),
    cloudstackVersion: capture.version,
    role: capture.role,
    apiCount: capture.apiNames.size,
    capturedAt: new Date().toISOString(),
  };
  const capturePath = capturePathFor(snapshotPath);
  mkdirSync(dirname(snapshotPath), { recursive: true });
  writeFileSync(snapshotPath, snapshotText(capture.listApis));
  writeFileSync(capturePath, `${JSON.stringify(record, null, 2)}\n`);
  return { snapshotPath, capturePath, capture, record };
}
