/** API descriptions to replace where CloudStack's text misleads (API name → description). */
export const descriptions: Readonly<Record<string, string>> = {
  // Reads by their verb that one param turns into a change: classed mutate (overrides/access.ts), so
  // the description says why they are not on the read path.
  checkVolume:
    'Checks the volume for errors or leaks (KVM only); with repair (leaks or all) it also repairs the volume. ' +
    'Not a read: because repair changes the volume, this API runs through call_api (audited), never call_read_api or --read-only.',
  getRouterHealthCheckResults:
    'Returns the health-check results of a virtual router; with performfreshchecks=true it first runs the checks on the router and stores the new results. ' +
    'Not a read: because of performfreshchecks it runs through call_api (audited), never call_read_api or --read-only.',
  listCapacity:
    'Lists the system-wide capacities (by zone, pod, cluster, type); with fetchlatest=true it first recalculates and rewrites the capacity records. ' +
    'Not a read: because of fetchlatest it runs through call_api (audited), never call_read_api or --read-only.',
  queryAsyncJobResult: 'Retrieves the current status and, when finished, the result of an asynchronous job.',
};
