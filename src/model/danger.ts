/**
 * Danger policies: what an operator must know before confirming a destructive call.
 *
 * Every API whose access is `destructive` gets one: the entry of overrides/dangerous-actions.ts
 * when there is one (written by hand, `source: 'override'`), else the default rule below, built
 * from the verb (how bad, whether it can be undone), the API's category (what kind of harm) and
 * CloudStack's description (what it does). An override may also give a policy to an API that is
 * not destructive (e.g. a mutation that replaces a certificate). A destructive API left without a
 * policy is a codegen error (`missingDangerPolicies`).
 */
import type { DangerOverride } from './overrides.ts';
import { splitWords, titleFor } from './naming.ts';
import type { ApiModel, DangerCategory, DangerPolicy, DangerSeverity } from './types.ts';

/** How a verb acts on its target; decides the warning's wording. */
type Effect =
  | 'removal' //      the thing is gone (delete, destroy, remove, ...)
  | 'erasure' //      gone with no recovery path at all (expunge, purge)
  | 'revocation' //   given back or invalidated (release, revoke, reset, ...)
  | 'overwrite' //    current state replaced by an older or other one (restore, revert, replace)
  | 'interruption' // service stops for a while (stop, reboot, restart, maintenance, shutdown)
  | 'change'; //      moved, resized, detached, disabled, ...

interface VerbRule {
  effect: Effect;
  /** Severity before the category adjusts it (see severityFor). */
  severity: DangerSeverity;
  reversible: boolean;
}

/**
 * Every destructive verb of src/model/access.ts. `reversible` says whether the effect can be undone
 * by another call (a stopped VM can be started; a deleted zone cannot be brought back).
 */
const VERB_RULES: Readonly<Record<string, VerbRule>> = {
  delete: { effect: 'removal', severity: 'high', reversible: false },
  destroy: { effect: 'removal', severity: 'high', reversible: false },
  remove: { effect: 'removal', severity: 'high', reversible: false },
  unregister: { effect: 'removal', severity: 'high', reversible: false },
  clean: { effect: 'removal', severity: 'medium', reversible: false },
  expunge: { effect: 'erasure', severity: 'high', reversible: false },
  purge: { effect: 'erasure', severity: 'high', reversible: false },
  release: { effect: 'revocation', severity: 'medium', reversible: false },
  revoke: { effect: 'revocation', severity: 'medium', reversible: false },
  reset: { effect: 'revocation', severity: 'medium', reversible: false },
  disassociate: { effect: 'revocation', severity: 'medium', reversible: false },
  restore: { effect: 'overwrite', severity: 'high', reversible: false },
  revert: { effect: 'overwrite', severity: 'high', reversible: false },
  replace: { effect: 'overwrite', severity: 'medium', reversible: true },
  stop: { effect: 'interruption', severity: 'medium', reversible: true },
  reboot: { effect: 'interruption', severity: 'medium', reversible: true },
  restart: { effect: 'interruption', severity: 'medium', reversible: true },
  suspend: { effect: 'interruption', severity: 'medium', reversible: true },
  prepare: { effect: 'interruption', severity: 'medium', reversible: true },
  trigger: { effect: 'interruption', severity: 'high', reversible: true },
  patch: { effect: 'interruption', severity: 'medium', reversible: false },
  upgrade: { effect: 'interruption', severity: 'medium', reversible: false },
  disable: { effect: 'change', severity: 'medium', reversible: true },
  lock: { effect: 'change', severity: 'medium', reversible: true },
  cancel: { effect: 'change', severity: 'medium', reversible: true },
  detach: { effect: 'change', severity: 'medium', reversible: true },
  migrate: { effect: 'change', severity: 'medium', reversible: true },
  scale: { effect: 'change', severity: 'medium', reversible: true },
  unmanage: { effect: 'change', severity: 'medium', reversible: true },
  execute: { effect: 'change', severity: 'medium', reversible: true },
  // Shrinking loses data and growing cannot be taken back.
  resize: { effect: 'change', severity: 'medium', reversible: false },
  // Archived events/alerts/snapshots do not come back where they were.
  archive: { effect: 'change', severity: 'low', reversible: false },
};

/** The kind of harm a removal or change does, by the API's category (toolset). */
export const HARM_BY_API_CATEGORY: Readonly<Record<string, DangerCategory>> = {
  zone: 'infrastructure',
  pod: 'infrastructure',
  cluster: 'infrastructure',
  host: 'infrastructure',
  'storage-pool': 'infrastructure',
  'image-store': 'infrastructure',
  'system-vm': 'infrastructure',
  router: 'infrastructure',
  'management-server': 'infrastructure',
  baremetal: 'infrastructure',
  gpu: 'infrastructure',
  extension: 'infrastructure',
  configuration: 'infrastructure',
  'guest-os': 'infrastructure',
  'network-device': 'infrastructure',
  'virtual-machine': 'data-loss',
  volume: 'data-loss',
  snapshot: 'data-loss',
  'template-iso': 'data-loss',
  backup: 'data-loss',
  'object-storage': 'data-loss',
  'shared-filesystem': 'data-loss',
  kubernetes: 'data-loss',
  'event-alert': 'data-loss',
  'tag-metadata': 'data-loss',
  network: 'network',
  vpc: 'network',
  firewall: 'network',
  'load-balancer': 'network',
  'ip-address': 'network',
  vpn: 'network',
  routing: 'network',
  'tungsten-fabric': 'network',
  certificate: 'security',
  'security-group': 'security',
  authentication: 'security',
  'ssh-key-user-data': 'access',
  'account-domain-user': 'access',
  role: 'access',
  project: 'access',
  'usage-quota': 'cost',
  offering: 'availability',
  autoscale: 'availability',
  'api-async-job': 'availability',
};

/** Categories whose removals lose little: records, labels and metadata. */
const LOW_IMPACT_API_CATEGORIES = new Set(['event-alert', 'tag-metadata']);

const SEVERITY_ORDER: readonly DangerSeverity[] = ['low', 'medium', 'high', 'critical'];

/** The verb the rule applies: the leading one, else the first destructive word (`ldapRemove`, `quotaTariffDelete`). */
export function dangerVerbOf(apiName: string, leadingVerb: string): string | undefined {
  if (VERB_RULES[leadingVerb]) return leadingVerb;
  return splitWords(apiName).find((word) => VERB_RULES[word] !== undefined);
}

/** `deleteVlanIpRange` → `VLAN IP range`: the title without the verb. */
export function nounOf(apiName: string, verb: string): string {
  const words = titleFor(apiName).split(' ');
  const index = words.findIndex((word) => word.toLowerCase() === verb);
  const rest = index >= 0 ? [...words.slice(0, index), ...words.slice(index + 1)] : words.slice(1);
  // `password for virtual machine` reads better as `password of the virtual machine`.
  return (rest.join(' ') || apiName).replace(/ for /, ' of the ');
}

function thirdPerson(verb: string): string {
  const capitalized = verb.charAt(0).toUpperCase() + verb.slice(1);
  return /(ch|sh|s|x)$/.test(verb) ? `${capitalized}es` : `${capitalized}s`;
}

/** Words a description may start with for the same action. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  delete: ['remove', 'destroy'],
  remove: ['delete', 'destroy'],
  destroy: ['delete', 'remove'],
  reboot: ['restart'],
  clean: ['cleanup'],
};

function firstSentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const end = trimmed.search(/\.(\s|$)/);
  return end >= 0 ? trimmed.slice(0, end + 1) : trimmed;
}

/**
 * CloudStack's first sentence when it names the same action, else one built from the name: some
 * descriptions are copy-paste slips (`rebootRouter`: "Starts a router", `deleteVlanIpRange`:
 * "Creates a VLAN IP range", `deleteDiskOffering`: "Updates a disk offering").
 */
export function whatItDoesFrom(description: string, verb: string, noun: string): string {
  const sentence = firstSentence(description);
  const firstWord = sentence.split(' ')[0]?.toLowerCase() ?? '';
  const stems = [verb, ...(SYNONYMS[verb] ?? [])].map((word) => word.slice(0, Math.max(4, word.length - 1)));
  if (sentence && stems.some((stem) => firstWord.startsWith(stem))) {
    const text = sentence.charAt(0).toUpperCase() + sentence.slice(1);
    return /[.!?]$/.test(text) ? text : `${text}.`;
  }
  return `${thirdPerson(verb)} the ${noun}.`;
}

/** English agreement for the generated sentences: `tags` are, `VM reservations` are, `address` is. */
function isPlural(noun: string): boolean {
  return /[^s]s$|ies$/.test(noun) && !/(status|address|access)$/i.test(noun);
}

/** `IP from NIC` → target `IP`, container `NIC`; `from load balancer rule` → the members of the rule. */
function splitFrom(noun: string): { target: string; container?: string } {
  const match = /^(.*?)\s*\bfrom\s+(.+)$/.exec(noun);
  if (!match) return { target: noun };
  return { target: match[1] || 'members', container: match[2] };
}

function warningFor(verb: string, effect: Effect, noun: string, harm: DangerCategory): string {
  const { target, container } = splitFrom(noun);
  const be = isPlural(target) ? 'are' : 'is';
  if (container && (effect === 'removal' || effect === 'change')) {
    return `The ${target} ${be} taken out of the ${container} at once; check what relies on ${isPlural(target) || target === 'members' ? 'them' : 'it'} being there.`;
  }
  switch (effect) {
    case 'removal':
      return harm === 'data-loss'
        ? `The ${noun} and ${isPlural(noun) ? 'their' : 'its'} data ${be} removed and cannot be recovered; check that nothing still needs ${isPlural(noun) ? 'them' : 'it'}.`
        : `The ${noun} ${be} removed and cannot be restored by another call; check first that nothing still uses ${isPlural(noun) ? 'them' : 'it'}.`;
    case 'erasure':
      return `The ${noun} ${be} erased for good; nothing can be recovered afterwards.`;
    case 'revocation':
      if (verb === 'reset') return `The current ${noun} ${be} reset: the present value or state is lost and whatever relies on it must be updated.`;
      if (verb === 'revoke') return `The ${noun} ${be} revoked at once: the access ${isPlural(noun) ? 'they' : 'it'} granted ends for every client relying on it.`;
      return `The ${noun} ${be} released at once and may be handed to someone else; check what still relies on ${isPlural(noun) ? 'them' : 'it'}.`;
    case 'overwrite':
      return `The current state of the ${noun} is replaced; anything changed since is lost.`;
    case 'interruption':
      return `The ${noun} ${isPlural(noun) ? 'stop' : 'stops'} serving until ${isPlural(noun) ? 'they run' : 'it runs'} again; check who depends on ${isPlural(noun) ? 'them' : 'it'} before confirming.`;
    case 'change':
      return `The ${noun} ${isPlural(noun) ? 'change' : 'changes'} in a way that can interrupt what depends on ${isPlural(noun) ? 'them' : 'it'}; check the dependents first.`;
  }
}

/** Things that hold user data; removing anything else in a data category loses configuration, not data. */
const DATA_HOLDER = /(virtual machines?|VMs?|volumes?|snapshots?|templates?|ISOs?|backups?|backup repository|buckets?|file system|kubernetes cluster|user data|events|alerts|records|tags|annotation|resource detail|resource icon)$/i;

function harmFor(effect: Effect, verb: string, apiCategory: string, noun: string): DangerCategory {
  if (effect === 'interruption') return 'availability';
  const harm = HARM_BY_API_CATEGORY[apiCategory] ?? 'infrastructure';
  if (harm !== 'data-loss' || LOW_IMPACT_API_CATEGORIES.has(apiCategory)) return harm;
  // Resetting a password or key of a VM changes who gets in, not the data on it.
  if (effect === 'revocation') return 'access';
  // Moving, scaling or detaching keeps the data; resizing may shrink it.
  if (effect === 'change' && verb !== 'resize') return 'availability';
  return DATA_HOLDER.test(splitFrom(noun).target) ? 'data-loss' : 'availability';
}

function severityFor(rule: VerbRule, apiCategory: string, harm: DangerCategory): DangerSeverity {
  if (LOW_IMPACT_API_CATEGORIES.has(apiCategory)) return 'low';
  // Removing something that only shapes traffic or access is serious but recoverable by re-creating it.
  if (rule.effect === 'removal' && (harm === 'network' || harm === 'security' || harm === 'availability' || harm === 'cost')) {
    return 'medium';
  }
  return rule.severity;
}

/** The policy of the default rule; undefined when no destructive verb is found in the name. */
export function defaultDangerPolicy(api: Pick<ApiModel, 'name' | 'verb' | 'category' | 'description'>): DangerPolicy | undefined {
  const verb = dangerVerbOf(api.name, api.verb);
  if (verb === undefined) return undefined;
  const rule = VERB_RULES[verb]!;
  const noun = nounOf(api.name, verb);
  const harm = harmFor(rule.effect, verb, api.category, noun);
  return {
    severity: severityFor(rule, api.category, harm),
    category: harm,
    whatItDoes: whatItDoesFrom(api.description, verb, noun),
    warning: warningFor(verb, rule.effect, noun, harm),
    reversible: rule.reversible,
    scope: `the ${noun} named in the arguments`,
    source: 'default-rule',
  };
}

/** The override when there is one, else the default rule for destructive APIs; undefined otherwise. */
export function dangerPolicyFor(
  api: Pick<ApiModel, 'name' | 'verb' | 'category' | 'description' | 'access'>,
  override: DangerOverride | undefined,
): DangerPolicy | undefined {
  if (override) return { ...override, source: 'override' };
  return api.access === 'destructive' ? defaultDangerPolicy(api) : undefined;
}

export class DangerPolicyError extends Error {
  override name = 'DangerPolicyError';
}

/** Throws one error naming every destructive API without a policy. */
export function assertDangerPolicies(apis: readonly ApiModel[]): void {
  const missing = apis.filter((api) => api.access === 'destructive' && !api.danger).map((api) => api.name);
  if (missing.length > 0) {
    throw new DangerPolicyError(
      `${missing.length} destructive API(s) have no danger policy: add an entry in overrides/dangerous-actions.ts ` +
        `or a verb rule in src/model/danger.ts: ${missing.join(', ')}`,
    );
  }
}

export const DANGER_SEVERITIES = SEVERITY_ORDER;
export const DANGER_CATEGORIES: readonly DangerCategory[] = [
  'data-loss', 'availability', 'infrastructure', 'security', 'access', 'cost', 'network',
];

/**
 * The areas where every destructive API must have a hand-written policy (issue 5): infrastructure
 * (zones, pods, clusters, hosts, primary and secondary/object storage, management servers, host
 * HA), system VMs and routers, networks (physical networks, traffic types, providers, IP and VLAN
 * ranges, network ACLs), routing (BGP peers, AS numbers, IPv4 subnets, routing firewall rules),
 * certificates, accounts/domains/users, snapshots and disk offerings.
 */
const OVERRIDE_REQUIRED_CATEGORIES: ReadonlySet<string> = new Set([
  'zone', 'pod', 'cluster', 'host', 'storage-pool', 'image-store', 'object-storage', 'management-server',
  'system-vm', 'router', 'network', 'routing', 'certificate', 'account-domain-user', 'snapshot',
]);
/** The same areas where the API's category is another one (vpc, firewall, load-balancer, offering, ip-address). */
const OVERRIDE_REQUIRED_NAMES =
  /NetworkACL|RoutingFirewallRule|DiskOffering|SslCert|CertFromLoadBalancer|InternalLoadBalancerVM|PhysicalNetwork|TrafficType|NetworkServiceProvider|IpRange|PodIpAddress|GuestVlan/;

/** Whether a destructive API of this name and category must have an entry in overrides/dangerous-actions.ts. */
export function requiresDangerOverride(api: Pick<ApiModel, 'name' | 'category'>): boolean {
  return OVERRIDE_REQUIRED_CATEGORIES.has(api.category) || OVERRIDE_REQUIRED_NAMES.test(api.name);
}
