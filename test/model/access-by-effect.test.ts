/**
 * Access by effect, not by verb: an API classed `read` is auto-approvable (call_read_api), served on
 * --read-only and never audited, so none may change state, whatever its arguments. Every read API's
 * param whose name or description speaks of a state change is either reviewed here (a filter, not
 * an action) or its API is reclassified in overrides/access.ts — on all five snapshots.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { overrides } from '../../overrides/index.ts';
import { decideAccess } from '../../src/model/access.ts';
import { buildModel } from '../../src/model/build.ts';
import { loadSnapshotFile } from '../../src/model/load.ts';

const VERSIONS = ['4.19.0.0', '4.20.0.0', '4.20.1.0', '4.20.2.0', '4.22.0.0-SNAPSHOT'];
const models = VERSIONS.map((version) => {
  const snapshot = loadSnapshotFile(fileURLToPath(new URL(`../../api-snapshots/cloudstack-${version}.json`, import.meta.url)));
  return { version, model: buildModel(snapshot.doc, { overrides, meta: snapshot.meta, snapshotName: snapshot.snapshotName }) };
});

/** Words of a param that may make a read do something. */
const STATE_CHANGE_NAME = /repair|clean|force|perform|reset|execut|fresh|recalc|fix|apply|sync|refresh|recover|trigger|purge|expunge|delet|remov|migrat|import|restart|reboot|rebuild|update|run|fetch/i;
const STATE_CHANGE_TEXT =
  /\b(repair\w*|clean\s?up\w*|cleans|forced?|perform\w*|reset\w*|execut\w*|on the fly|recalculat\w*|fix(es)?|appl(y|ies)|synchroni[sz]\w*|refresh\w*|recover\w*|trigger\w*|purg\w*|expunges?|delet\w*|remov(e|es)|migrate|import|restart|reboot|updates?)\b/i;

/** Read APIs' params that match the words above and were checked against CloudStack's source: filters and look-ups, no action. */
const REVIEWED: Readonly<Record<string, string>> = {
  'generateClusterDrsPlan.migrations': 'caps the plan; generateDrsPlan computes it and saves nothing (executeClusterDrsPlan applies one)',
  'listAccounts.iscleanuprequired': 'filter on the cleanuprequired flag',
  'listAutoScalePolicies.action': 'filter on the policy action',
  'listBackupProviders.name': 'filter by provider name ("Backup and Recovery")',
  'listConfigurations.accountid': 'scope of the values listed (the text is shared with updateConfiguration)',
  'listConfigurations.clusterid': 'scope of the values listed',
  'listConfigurations.domainid': 'scope of the values listed',
  'listConfigurations.imagestoreuuid': 'scope of the values listed',
  'listConfigurations.storageid': 'scope of the values listed',
  'listConfigurations.zoneid': 'scope of the values listed',
  'listGuiThemes.showremoved': 'filter: include removed themes',
  'listInternalLoadBalancerVMs.fetchhealthcheckresults': 'adds the last stored health-check results; runs no checks',
  'listRouters.fetchhealthcheckresults': 'adds the last stored health-check results; runs no checks',
  'listIsos.isofilter': 'filter ("executable" = usable to deploy)',
  'listIsos.showremoved': 'filter: include removed ISOs',
  'listTemplates.templatefilter': 'filter ("executable" = usable to deploy)',
  'listTemplates.showremoved': 'filter: include removed templates',
  'listVnfTemplates.templatefilter': 'filter ("executable" = usable to deploy)',
  'listVnfTemplates.showremoved': 'filter: include removed templates',
  'listNetworks.restartrequired': 'filter on the restartrequired flag',
  'listVPCs.restartrequired': 'filter on the restartrequired flag',
  'listQuarantinedIps.showremoved': 'filter: include IPs out of quarantine',
  'listSecondaryStorageSelectors.showremoved': 'filter: include removed heuristics',
  'quotaTariffList.listonlyremoved': 'filter: only removed tariffs',
};

/** APIs a read verb names that can change state, and what they can do (each has an entry in overrides/access.ts). */
const RECLASSIFIED: ReadonlyArray<[api: string, since: string, what: string]> = [
  ['checkVolume', '4.20.0.0', 'repair=leaks|all repairs the volume (qemu-img check -r)'],
  ['getRouterHealthCheckResults', '4.19.0.0', 'performfreshchecks=true runs the checks on the router and stores the results'],
  ['listCapacity', '4.19.0.0', 'fetchlatest=true recalculates and rewrites the capacity records'],
  ['getDiagnosticsData', '4.19.0.0', 'runs scripts on a system VM and writes an archive with a download link to secondary storage'],
  ['validateUserTwoFactorAuthenticationCode', '4.19.0.0', 'completes (or ends) a login session'],
  ['discoverGpuDevices', '4.22.0.0-SNAPSHOT', 'rewrites the host GPU device records'],
  ['getUploadParamsForKubernetesSupportedVersion', '4.22.0.0-SNAPSHOT', 'registers a Kubernetes version awaiting upload'],
];

describe('access by effect', () => {
  it.each(models.map((m) => [m.version, m.model] as const))('%s: no read API takes an unreviewed param that may change state', (_version, model) => {
    const unreviewed = model.apis
      .filter((api) => api.access === 'read')
      .flatMap((api) =>
        api.params
          .filter((param) => STATE_CHANGE_NAME.test(param.name) || STATE_CHANGE_TEXT.test(param.description))
          .map((param) => `${api.name}.${param.name}`),
      )
      .filter((name) => !(name in REVIEWED));
    expect(unreviewed).toEqual([]);
  });

  it.each(RECLASSIFIED)('%s (since %s) is not a read: %s', (name, since) => {
    for (const { version, model } of models) {
      const api = model.apis.find((candidate) => candidate.name === name);
      if (!api) {
        expect(version < since, `${name} missing from ${version}`).toBe(true);
        continue;
      }
      expect(api.access, `${name} in ${version}`).not.toBe('read');
      expect(api.annotations.readOnlyHint).toBe(false);
      expect(overrides.access?.[name]?.access, `${name} has an entry in overrides/access.ts`).toBe('mutate');
    }
  });

  it('says in the description of a param-dependent change why it is not a read', () => {
    const latest = models.find((m) => m.version === '4.20.2.0')!.model;
    for (const name of ['checkVolume', 'getRouterHealthCheckResults', 'listCapacity']) {
      expect(latest.apis.find((api) => api.name === name)!.description).toMatch(/not a read/i);
    }
  });

  it('classes an API the overrides do not know by its params too (a live server\'s newer or plugin APIs)', () => {
    const access = (params: string[]) => decideAccess('checkSomething', 'check', 'Check something', [], {}, params).access;
    expect(access(['id'])).toBe('read');
    for (const param of ['repair', 'performfreshchecks', 'fetchlatest', 'cleanup', 'forced', 'execute']) expect(access(['id', param])).toBe('mutate');
  });
});
