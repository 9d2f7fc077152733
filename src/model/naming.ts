/**
 * Names derived from a CloudStack API name: MCP tool name, human title, leading verb.
 */

export const TOOL_NAME_PATTERN = /^[a-z0-9_]{1,64}$/;

/**
 * camelCase words with acronym runs kept together: `listHostHAProviders` → list, host, ha, providers;
 * `addImageStoreS3` → add, image, store, s3; `createVPCOffering` → create, vpc, offering.
 */
export function splitWords(apiName: string): string[] {
  // Mixed-case brand spellings that would otherwise split in the middle (OAuth → o, auth; IPv4 → i, pv4; iScsi → i, scsi).
  const normalized = apiName.replace(/OAuth/g, 'Oauth').replace(/IPv(?=[0-9])/g, 'Ipv').replace(/iScsi/g, 'Iscsi');
  const words =
    normalized.match(
      new RegExp(
        [
          '[A-Z]{2,}s(?![a-z])', //      plural acronym: VMs, ACLs, VPCs
          '[A-Z]+(?=[A-Z][a-z])', //     acronym before a capitalized word: HA in HAProviders
          '[A-Z]?[a-z]+[0-9]*[a-z]?', // word, digits stick to it: Ipv6, Asa1000v
          '[A-Z]+[0-9]*', //             trailing acronym or acronym with digits: VPC, S3
          '[0-9]+',
        ].join('|'),
        'g',
      ),
    ) ?? [];
  return words.map((word) => word.toLowerCase());
}

/** `listVirtualMachines` → `list_virtual_machines`. */
export function toolNameFor(apiName: string): string {
  return splitWords(apiName).join('_');
}

/** Leading verb, e.g. `list`, `deploy`; the whole name when it is a single word (`login`). */
export function verbOf(apiName: string): string {
  return splitWords(apiName)[0] ?? apiName;
}

/** Acronyms to keep upper case in titles (plurals get a lower-case s: VMs, ACLs). */
const TITLE_ACRONYMS = new Set([
  'acl', 'api', 'asn', 'bgp', 'ca', 'cpu', 'dhcp', 'dns', 'drs', 'gslb', 'ha', 'hsm', 'http', 'id', 'iam', 'ip',
  'iso', 'lb', 'ldap', 'nic', 'nsx', 'oobm', 'os', 'pxe', 'rct', 'saml', 'sso', 'ssh', 'ssl', 'ucs', 'uefi', 'url',
  'vm', 'vnf', 'vpc', 'vpn', 'vsm', 'vlan', 'vxlan', 'sioc', 's3', 'as', 'gpu', 'kvm', 'sp', 'ovs',
]);
const TITLE_SPELLINGS: Record<string, string> = { ipv4: 'IPv4', ipv6: 'IPv6', oauth: 'OAuth', vmware: 'VMware' };

function titleWord(word: string): string {
  if (TITLE_SPELLINGS[word]) return TITLE_SPELLINGS[word];
  if (TITLE_ACRONYMS.has(word)) return word.toUpperCase();
  if (word.endsWith('s') && TITLE_ACRONYMS.has(word.slice(0, -1))) return `${word.slice(0, -1).toUpperCase()}s`;
  return word;
}

/** `listVirtualMachines` → `List virtual machines`, `createVPCOffering` → `Create VPC offering`. */
export function titleFor(apiName: string): string {
  const [first = apiName, ...rest] = splitWords(apiName).map(titleWord);
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}

export class NamingError extends Error {
  override name = 'NamingError';
}

/**
 * Tool names for every API; throws one error listing every collision and every invalid name,
 * each naming the APIs involved.
 */
export function assignToolNames(apiNames: readonly string[]): Map<string, string> {
  const toolNames = new Map<string, string>();
  const apiByTool = new Map<string, string>();
  const problems: string[] = [];
  for (const apiName of apiNames) {
    const toolName = toolNameFor(apiName);
    if (!TOOL_NAME_PATTERN.test(toolName)) {
      problems.push(`${apiName}: tool name "${toolName}" does not match ${TOOL_NAME_PATTERN} (${toolName.length} chars)`);
    }
    const other = apiByTool.get(toolName);
    if (other !== undefined) {
      problems.push(`${other} and ${apiName}: both map to the tool name "${toolName}"`);
    } else {
      apiByTool.set(toolName, apiName);
    }
    toolNames.set(apiName, toolName);
  }
  if (problems.length > 0) {
    throw new NamingError(`tool naming failed:\n  ${problems.join('\n  ')}`);
  }
  return toolNames;
}
