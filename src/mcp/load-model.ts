/** The API model the server serves: the bundled one, or one built from --snapshot. */
import { BundledModel } from '../model/bundled.ts';
import type { ApiModelDocument } from '../model/types.ts';

/** The bundled model, or one built from --snapshot (the model compiler loads only then). */
export async function loadModel(snapshot: string | undefined, log: (line: string) => void = () => undefined): Promise<ApiModelDocument> {
  if (!snapshot) return BundledModel.open().document();
  const [{ buildModel, loadSnapshotFile }, { overrides }] = await Promise.all([import('../model/build.ts'), import('../../overrides/index.ts')]);
  const { doc, meta } = loadSnapshotFile(snapshot);
  return buildModel(doc, { overrides, meta, snapshotName: snapshot, strictOverrides: false, warn: log });
}
