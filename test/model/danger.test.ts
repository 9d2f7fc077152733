/** Danger policies on all five snapshots: every destructive API has one, the required areas by hand. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { overrides } from '../../overrides/index.ts';
import { CATEGORY_IDS } from '../../src/model/categories.ts';
import {
  DANGER_CATEGORIES,
  DANGER_SEVERITIES,
  DangerPolicyError,
  defaultDangerPolicy,
  HARM_BY_API_CATEGORY,
  requiresDangerOverride,
} from '../../src/model/danger.ts';
import { loadSnapshotFile } from '../../src/model/load.ts';
import { buildModel } from '../../src/model/build.ts';
import { dangerOverrideProblems, OverrideError, validateOverrides } from '../../src/model/overrides.ts';
import type { ApiModelDocument } from '../../src/model/types.ts';

const VERSIONS = ['4.19.0.0', '4.20.0.0', '4.20.1.0', '4.20.2.0', '4.22.0.0-SNAPSHOT'];

const built = VERSIONS.map((version) => {
  const warnings: string[] = [];
  const snapshot = loadSnapshotFile(fileURLToPath(new URL(`../../api-snapshots/cloudstack-${version}.json`, import.meta.url)));
  const model = buildModel(snapshot.doc, { overrides, meta: snapshot.meta, snapshotName: snapshot.snapshotName, warn: (message) => warnings.push(message) });
  return { version, model, warnings };
});
const latest: ApiModelDocument = built.find((entry) => entry.version === '4.20.2.0')!.model;
const api = (name: string) => {
  const found = latest.apis.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no API ${name}`);
  return found;
};

describe.each(built)('CloudStack $version', ({ model, warnings }) => {
  const destructive = model.apis.filter((candidate) => candidate.access === 'destructive');

  it('gives every destructive API a complete danger policy', () => {
    expect(destructive.length).toBeGreaterThan(200);
    const without = destructive.filter((candidate) => !candidate.danger).map((candidate) => candidate.name);
    expect(without).toEqual([]);
    for (const candidate of destructive) {
      const policy = candidate.danger!;
      expect(DANGER_SEVERITIES).toContain(policy.severity);
      expect(DANGER_CATEGORIES).toContain(policy.category);
      expect(policy.whatItDoes, candidate.name).toMatch(/^[A-Z(].{6,}[.!]$/);
      expect(policy.warning.length, candidate.name).toBeGreaterThan(30);
      expect(policy.scope.length, candidate.name).toBeGreaterThan(4);
      expect(typeof policy.reversible).toBe('boolean');
      expect(policy.source).toMatch(/^(override|default-rule)$/);
    }
  });

  it('takes the policy of every destructive API in the required areas from overrides/dangerous-actions.ts', () => {
    const required = destructive.filter(requiresDangerOverride);
    expect(required.length).toBeGreaterThan(70);
    expect(required.filter((candidate) => candidate.danger?.source !== 'override').map((candidate) => candidate.name)).toEqual([]);
    expect(warnings.filter((warning) => warning.includes('dangerous-actions'))).toEqual([]);
  });

  it('marks no read or mutation by override (every entry targets a destructive API)', () => {
    const marked = model.apis.filter((candidate) => candidate.danger && candidate.access !== 'destructive');
    expect(marked.map((candidate) => candidate.name)).toEqual([]);
  });
});

describe('the areas that require an override', () => {
  it.each([
    'deleteZone', 'deletePod', 'deleteCluster', 'deleteHost', 'disableHAForHost', 'deleteStoragePool', 'deleteImageStore',
    'deleteSecondaryStagingStore', 'deleteObjectStoragePool', 'destroySystemVm', 'stopRouter', 'deletePhysicalNetwork',
    'deleteTrafficType', 'deleteVlanIpRange', 'deleteNetworkACLList', 'deleteBgpPeer', 'deleteRoutingFirewallRule',
    'revokeCertificate', 'deleteSslCert', 'deleteAccount', 'deleteDomain', 'deleteSnapshot', 'deleteVMSnapshot',
    'deleteSnapshotPolicies', 'deleteDiskOffering', 'triggerShutdown',
  ])('include %s', (name) => {
    expect(requiresDangerOverride(api(name))).toBe(true);
    expect(api(name).danger?.source).toBe('override');
  });

  it.each(['deleteFirewallRule', 'deleteTags', 'deleteTemplate', 'deleteServiceOffering'])('leave %s to the default rule', (name) => {
    expect(requiresDangerOverride(api(name))).toBe(false);
    expect(api(name).danger?.source).toBe('default-rule');
  });
});

describe('overrides/dangerous-actions.ts', () => {
  const entries = Object.entries(overrides.dangerousActions ?? {});

  it('has only valid entries', () => {
    expect(entries.length).toBeGreaterThan(90);
    expect(entries.flatMap(([name, policy]) => dangerOverrideProblems(name, policy))).toEqual([]);
  });

  it('names only APIs of some supported snapshot', () => {
    const known = new Set(built.flatMap(({ model }) => model.apis.map((candidate) => candidate.name)));
    expect(entries.map(([name]) => name).filter((name) => !known.has(name))).toEqual([]);
  });

  it('reflects CloudStack behaviour in the examples the issue names', () => {
    expect(api('deleteZone').danger).toMatchObject({ severity: 'critical', reversible: false, source: 'override' });
    expect(api('deleteZone').danger?.warning).toMatch(/refuses while the zone still has pods/);
    expect(api('deleteHost').danger?.warning).toMatch(/maintenance mode.*forced=true/);
    expect(api('expungeVirtualMachine').danger).toMatchObject({ reversible: false, severity: 'critical' });
    expect(api('stopVirtualMachine').danger?.warning).toMatch(/forced=true .*lose data/);
  });

  it('is checked like every override: an unknown API fails with the version, a bad value fails', () => {
    const model = { apis: [{ name: 'deleteZone', params: [{ name: 'id' }] }] };
    const valid = api('deleteZone').danger!;
    const check = (dangerousActions: NonNullable<typeof overrides.dangerousActions>) => () =>
      validateOverrides(model, { dangerousActions }, '4.19.0.0', CATEGORY_IDS);
    expect(check({ deleteZonez: valid })).toThrow('dangerousActions: API "deleteZonez" is not in the snapshot (CloudStack 4.19.0.0)');
    expect(check({ deleteZone: { ...valid, severity: 'fatal' as never } })).toThrow(OverrideError);
    expect(check({ deleteZone: { ...valid, warning: '' } })).toThrow(/warning is missing/);
    expect(check({ deleteZone: valid })).not.toThrow();
  });
});

describe('the default rule', () => {
  const policy = (name: string, category: string, description = '', verb = name.match(/^[a-z]+/)![0]) =>
    defaultDangerPolicy({ name, verb, category, description });

  it('derives severity, harm and reversibility from the verb and the category', () => {
    expect(policy('deleteKubernetesCluster', 'kubernetes', 'Deletes a Kubernetes cluster')).toMatchObject({
      severity: 'high', category: 'data-loss', reversible: false, whatItDoes: 'Deletes a Kubernetes cluster.', source: 'default-rule',
    });
    expect(policy('stopSharedFileSystem', 'shared-filesystem')).toMatchObject({ severity: 'medium', category: 'availability', reversible: true });
    expect(policy('deleteFirewallRule', 'firewall')).toMatchObject({ severity: 'medium', category: 'network', reversible: false });
    expect(policy('deleteTags', 'tag-metadata')).toMatchObject({ severity: 'low' });
    expect(policy('expungeSharedFileSystem', 'shared-filesystem')?.warning).toMatch(/erased for good/);
    expect(policy('migrateVolume', 'volume')).toMatchObject({ category: 'availability', reversible: true });
    expect(policy('releaseIpAddress', 'ip-address')).toMatchObject({ severity: 'medium', reversible: false });
  });

  it('builds whatItDoes from the name when CloudStack describes another action', () => {
    expect(policy('rebootRouter', 'router', 'Starts a router.')?.whatItDoes).toBe('Reboots the router.');
    expect(policy('deleteVlanIpRange', 'network', 'Creates a VLAN IP range.')?.whatItDoes).toBe('Deletes the VLAN IP range.');
    expect(policy('deleteCondition', 'autoscale', 'Removes a condition for VM auto scaling')?.whatItDoes).toBe('Removes a condition for VM auto scaling.');
  });

  it('finds the verb later in the name, and gives up on names without one', () => {
    expect(policy('ldapRemove', 'authentication', '', 'ldap')?.whatItDoes).toBe('Removes the LDAP.');
    expect(policy('quotaTariffDelete', 'usage-quota', '', 'quota')).toMatchObject({ category: 'cost', reversible: false });
    expect(policy('frobnicateZone', 'zone', '', 'frobnicate')).toBeUndefined();
  });

  it('knows the kind of harm of every category', () => {
    expect([...CATEGORY_IDS].filter((id) => !HARM_BY_API_CATEGORY[id])).toEqual([]);
  });

  it('fails codegen for a destructive API no rule covers', () => {
    const doc = { count: 1, api: [{ name: 'frobnicateZone', description: 'Frobnicates', isasync: false, params: [], response: [] }] };
    const build = () =>
      buildModel(doc, { snapshotName: 'cloudstack-4.20.2.0.json', overrides: { access: { frobnicateZone: { access: 'destructive' } } } });
    expect(build).toThrow(DangerPolicyError);
    expect(build).toThrow(/frobnicateZone/);
  });
});
