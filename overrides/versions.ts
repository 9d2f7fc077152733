/**
 * APIs (or `api.param`) that overrides name but that not every supported snapshot has: the
 * CloudStack versions they exist in. Outside the range their overrides are skipped; inside it a
 * missing name is an error, like any other override naming something absent.
 */
import type { VersionRange } from '../src/model/overrides.ts';

export const versions: Readonly<Record<string, VersionRange>> = {
  executeWebhookDelivery: { since: '4.20.0.0' },
  listRoutingFirewallRules: { since: '4.20.0.0' },
  extractSnapshot: { since: '4.20.0.0' },
  listVnfAppliances: { since: '4.20.0.0' },
  // Access by effect (overrides/access.ts): checkVolume came in 4.19.1, the others in 4.21.
  checkVolume: { since: '4.19.1.0' },
  discoverGpuDevices: { since: '4.21.0.0' },
  getUploadParamsForKubernetesSupportedVersion: { since: '4.21.0.0' },
  'createKubernetesCluster.cniconfigdetails': { since: '4.21.0.0' },
  // Danger policies (overrides/dangerous-actions.ts): routed networks and expunged-resource purge
  // came in 4.20, management-server maintenance in 4.21 (removeManagementServer has no "since";
  // first in the 4.22 snapshot).
  purgeExpungedResources: { since: '4.20.0.0' },
  deleteRoutingFirewallRule: { since: '4.20.0.0' },
  deleteBgpPeer: { since: '4.20.0.0' },
  releaseBgpPeer: { since: '4.20.0.0' },
  deleteASNRange: { since: '4.20.0.0' },
  releaseASNumber: { since: '4.20.0.0' },
  deleteIpv4SubnetForZone: { since: '4.20.0.0' },
  releaseIpv4SubnetForZone: { since: '4.20.0.0' },
  deleteIpv4SubnetForGuestNetwork: { since: '4.20.0.0' },
  prepareForMaintenance: { since: '4.21.0.0' },
  cancelMaintenance: { since: '4.21.0.0' },
  removeManagementServer: { since: '4.21.0.0' },
};
