/**
 * APIs (or `api.param`) that overrides name but that not every supported snapshot has: the
 * CloudStack versions they exist in. Outside the range their overrides are skipped; inside it a
 * missing name is an error, like any other override naming something absent.
 */
import type { VersionRange } from '../codegen/overrides.ts';

export const versions: Readonly<Record<string, VersionRange>> = {
  executeWebhookDelivery: { since: '4.20.0.0' },
  listRoutingFirewallRules: { since: '4.20.0.0' },
  extractSnapshot: { since: '4.20.0.0' },
  listVnfAppliances: { since: '4.20.0.0' },
  'createKubernetesCluster.cniconfigdetails': { since: '4.21.0.0' },
};
