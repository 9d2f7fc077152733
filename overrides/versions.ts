/**
 * Params (`api.param`) that overrides name but that not every supported snapshot has: the
 * CloudStack versions they exist in. Outside the range their overrides are skipped; inside it a
 * missing param is an error, like any other override naming something absent.
 *
 * APIs need no entry: which bundled versions have an API is known from the bundled response shapes
 * (generated/model/response-shapes.json); an override for an API this snapshot lacks is skipped and
 * counted, one for an API no bundled snapshot has is an error (src/model/overrides.ts).
 */
import type { VersionRange } from '../src/model/overrides.ts';

export const versions: Readonly<Record<string, VersionRange>> = {
  'createKubernetesCluster.cniconfigdetails': { since: '4.21.0.0' },
  // overrides/sensitive.ts (credentials in the URL): the param came in 4.19.0.
  'updateStoragePool.url': { since: '4.19.0' },
};
