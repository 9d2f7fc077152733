/**
 * Danger policies written by hand (see codegen/danger.ts for the default rule they replace).
 * Filled in per area below.
 */
import type { DangerOverride } from '../codegen/overrides.ts';

export const dangerousActions: Readonly<Record<string, DangerOverride>> = {
  deleteZone: {
    severity: 'critical',
    category: 'infrastructure',
    whatItDoes: 'Deletes the zone.',
    warning:
      "CloudStack refuses while the zone still has pods, clusters, hosts, primary or secondary storage, system VMs, physical networks or allocated IPs; once deleted, the zone's configuration (networks, ranges, settings, dedications) is lost.",
    reversible: false,
    scope: 'the zone and everything configured in it',
  },
};
