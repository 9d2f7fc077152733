/**
 * Well-formed answers for APIs without hand-written behaviour, built from the snapshot's response
 * metadata: every documented field gets a plausible value for its type and name (ids are UUIDs,
 * dates CloudStack's format, no nulls), and sensitive fields get the run's known secret.
 */
import type { ResponseFieldModel } from '../model/types.ts';
import { formatCloudStackDate } from '../cloudstack/signer.ts';
import type { JsonObject } from './envelope.ts';
import { newUuid } from './ids.ts';

export interface SynthContext {
  /** Label used in names, e.g. the API name. */
  label: string;
  /** Sensitive field names (`secretkey`, `user.secretkey` for nested). */
  sensitive: Set<string>;
  secret: string;
  /** Records every id handed out, so it is accepted back as a parameter. */
  issueId: (id: string) => void;
  /** Values the request gave (e.g. `name`, `zoneid`), echoed into same-named fields. */
  echo?: Map<string, string>;
}

const STRING_HINTS: Array<[RegExp, (label: string) => string]> = [
  [/^(ipaddress|ip|ip4address|publicip|gateway|startip|endip|dns1|dns2|internaldns1|internaldns2|vmipaddress|guestipaddress)$/, () => '10.1.1.10'],
  [/(ip6|ipv6)/, () => 'fd00::10'],
  [/cidr/, () => '10.1.1.0/24'],
  [/netmask/, () => '255.255.255.0'],
  [/macaddress/, () => '02:00:4c:5a:00:01'],
  [/^(state|status|allocationstate|resourcestate)$/, () => 'Enabled'],
  [/^hypervisor(type)?$/, () => 'KVM'],
  [/email/, () => 'user@example.com'],
  [/url$/, () => 'https://example.com/sim'],
  [/^(displaytext|description|displayname)$/, (label) => `${label} (simulated)`],
  [/name$/, (label) => `sim-${label}`],
  [/(port)$/, () => '22'],
  [/protocol/, () => 'tcp'],
];

function stringValue(name: string, context: SynthContext): string {
  for (const [pattern, make] of STRING_HINTS) if (pattern.test(name)) return make(context.label.toLowerCase());
  return `sim-${name}`;
}

function isIdField(name: string): boolean {
  return name === 'id' || name === 'jobid' || (name.endsWith('id') && !/(valid|paid|void|uuid)$/.test(name) && name.length > 2);
}

function fieldValue(field: ResponseFieldModel, path: string, context: SynthContext): unknown {
  const name = field.name.toLowerCase();
  const echoed = context.echo?.get(name);
  if (context.sensitive.has(path)) return context.secret;
  if (field.fields && field.fields.length > 0) {
    const nested = synthesiseObject(field.fields, context, `${path}.`);
    return field.type === 'list' || field.type === 'set' || field.type.endsWith('[]') ? [nested] : nested;
  }
  switch (field.type) {
    case 'boolean':
      return echoed !== undefined ? echoed.toLowerCase() === 'true' : false;
    case 'integer':
    case 'int':
    case 'long':
    case 'short':
      return echoed !== undefined && /^-?\d+$/.test(echoed) ? Number(echoed) : 1;
    case 'double':
    case 'float':
    case 'bigdecimal':
      return 1.0;
    case 'date':
      return formatCloudStackDate(new Date());
    case 'list':
    case 'set':
      return [];
    case 'long[]':
    case 'double[]':
      return [1];
    case 'string[]':
      return [stringValue(name, context)];
    case 'map':
      return {};
    default: {
      if (echoed !== undefined) return echoed;
      if (isIdField(name)) {
        const id = newUuid();
        context.issueId(id);
        return id;
      }
      return stringValue(name, context);
    }
  }
}

/** One object with every documented field of `fields`. `prefix` names the nesting for sensitivity. */
export function synthesiseObject(fields: ResponseFieldModel[], context: SynthContext, prefix = ''): JsonObject {
  const object: JsonObject = {};
  // `id` and `name` first, as CloudStack's own responses read.
  const ordered = [...fields].sort((a, b) => rank(a.name) - rank(b.name));
  for (const field of ordered) object[field.name] = fieldValue(field, `${prefix}${field.name}`, context);
  return object;
}

function rank(name: string): number {
  return name === 'id' ? 0 : name === 'name' ? 1 : 2;
}
