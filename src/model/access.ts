/**
 * Access class and MCP annotations of an API, from its verb with per-API overrides
 * (overrides/access.ts). One module, so the later danger metadata has one place to build on.
 */
import type { AccessOverride } from './overrides.ts';
import type { AccessClass, ToolAnnotations } from './types.ts';

/** Verbs of APIs that change nothing. */
const READ_VERBS = new Set([
  'list', 'get', 'query', 'is', 'check', 'find', 'search', 'discover', 'verify', 'validate', 'cloudian', 'quota', 'ready',
]);

/** Verbs that delete, stop, revoke or otherwise lose state or service. */
const DESTRUCTIVE_VERBS = new Set([
  'delete', 'destroy', 'expunge', 'remove', 'release', 'revoke', 'purge', 'reset', 'restore', 'disable', 'cancel',
  'stop', 'reboot', 'migrate', 'scale', 'detach', 'disassociate', 'unmanage', 'archive', 'revert', 'lock', 'suspend',
  'unregister', 'replace', 'restart', 'resize', 'upgrade', 'patch', 'trigger', 'prepare',
  'execute', 'clean',
]);

/**
 * Verbs whose effect is the same when repeated with the same arguments: reads, updates (set a
 * value), enable/disable, start/stop (a started VM stays started), deletions (the second finds
 * nothing to do and fails, but the state is the same).
 */
const IDEMPOTENT_VERBS = new Set([
  'update', 'enable', 'disable', 'delete', 'destroy', 'expunge', 'remove', 'start', 'stop', 'lock', 'configure',
  'mark', 'dedicate', 'release', 'revoke', 'disassociate', 'detach', 'attach', 'archive', 'set', 'link', 'suspend',
  'activate', 'cancel', 'declare', 'sync', 'synchronize', 'unmanage', 'purge',
]);

/** `quota*` APIs: only some change state; the rest are reads despite the prefix. */
const QUOTA_WRITES = /^quota(Credits|Update|TariffCreate|TariffUpdate|TariffDelete|EmailTemplateUpdate|ConfigureEmail)$/;

export function accessByVerb(apiName: string, verb: string): AccessClass {
  if (verb === 'quota') return QUOTA_WRITES.test(apiName) ? (apiName === 'quotaTariffDelete' ? 'destructive' : 'mutate') : 'read';
  if (READ_VERBS.has(verb)) return 'read';
  if (DESTRUCTIVE_VERBS.has(verb)) return 'destructive';
  return 'mutate';
}

/**
 * Params that make a call do something, whatever its verb says (`checkVolume repair=all`,
 * `getRouterHealthCheckResults performfreshchecks=true`, `listCapacity fetchlatest=true`). A read by
 * its verb that takes one is a mutation: it is never auto-approved, never served on --read-only,
 * and audited. The APIs of the bundled snapshots are reviewed in overrides/access.ts (and
 * test/model/access-by-effect.test.ts); this rule classes the APIs no override knows (a live
 * server's newer or plugin APIs) the same way.
 */
const STATE_CHANGING_PARAM = /^(repair|cleanup|forced?|perform\w*|reset\w*|execute\w*|fetchlatest|recalculate\w*|refresh\w*|sync\w*)$/;

export function accessByEffect(apiName: string, verb: string, paramNames: readonly string[] = []): AccessClass {
  const byVerb = accessByVerb(apiName, verb);
  return byVerb === 'read' && paramNames.some((name) => STATE_CHANGING_PARAM.test(name)) ? 'mutate' : byVerb;
}

export interface AccessDecision {
  access: AccessClass;
  annotations: ToolAnnotations;
  returnsSecrets: boolean;
}

/**
 * @param sensitiveResponseFields response fields CloudStack marks sensitive (from the meta): an API
 *   returning them is a read that must not be auto-approved (`returnsSecrets`).
 * @param paramNames the API's params: a read verb with a state-changing param is a mutation.
 */
export function decideAccess(
  apiName: string,
  verb: string,
  title: string,
  sensitiveResponseFields: readonly string[],
  override: AccessOverride = {},
  paramNames: readonly string[] = [],
): AccessDecision {
  const access = override.access ?? accessByEffect(apiName, verb, paramNames);
  const idempotent = access === 'read' || (override.idempotent ?? IDEMPOTENT_VERBS.has(verb));
  return {
    access,
    annotations: {
      title,
      readOnlyHint: access === 'read',
      destructiveHint: access === 'destructive',
      idempotentHint: idempotent,
      // Every tool acts on a real cloud.
      openWorldHint: true,
    },
    returnsSecrets: override.returnsSecrets ?? sensitiveResponseFields.length > 0,
  };
}
