/**
 * The handlebars helpers every formatter template may use (overrides/formatters/): human units,
 * ISO 8601 dates, a VM's IPs from its NICs. Each returns '' for a missing value, so the template's
 * line for it is dropped instead of printing `undefined`.
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const missing = (value: unknown) => value === undefined || value === null || value === '';
const items = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : []);

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Bytes in the largest binary unit that keeps the number at 1 or more: 1610612736 → "1.5 GiB". */
export function humanBytes(value: unknown): string {
  const bytes = numberOf(value);
  if (bytes === undefined) return missing(value) ? '' : String(value);
  let amount = bytes;
  let unit = 0;
  while (Math.abs(amount) >= 1024 && unit < BINARY_UNITS.length - 1) {
    amount /= 1024;
    unit++;
  }
  return `${unit === 0 ? amount : Number(amount.toFixed(amount >= 100 ? 0 : 1))} ${BINARY_UNITS[unit]}`;
}

/** A frequency given in MHz (CloudStack's CPU speeds): 2400 → "2.4 GHz", 500 → "500 MHz". */
export function humanMhz(value: unknown): string {
  const mhz = numberOf(value);
  if (mhz === undefined) return missing(value) ? '' : String(value);
  return mhz >= 1000 ? `${Number((mhz / 1000).toFixed(2))} GHz` : `${mhz} MHz`;
}

/** A percentage, whether CloudStack wrote `12.5`, `"12.5"` or `"12.5%"`. */
export function humanPercent(value: unknown): string {
  if (missing(value)) return '';
  const number = numberOf(typeof value === 'string' ? value.replace(/%$/, '') : value);
  return number === undefined ? String(value) : `${Number(number.toFixed(1))}%`;
}

/** A CloudStack date (`2026-01-02T03:04:05+0000`) as ISO 8601 in UTC, to the second; other text as is. */
export function isoDate(value: unknown): string {
  if (missing(value)) return '';
  if (typeof value !== 'string' && typeof value !== 'number') return String(value);
  const text = typeof value === 'string' ? value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2') : value;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The IP addresses of a VM's NICs, the default NIC first, each with its network: `10.1.1.5 (net-a), 10.2.0.7 (net-b)`. */
export function nicIps(nics: unknown): string {
  return nicList(nics, true);
}

/** The addresses alone, for a table cell: `10.1.1.5, 10.2.0.7`. */
export function nicAddresses(nics: unknown): string {
  return nicList(nics, false);
}

function nicList(nics: unknown, withNetwork: boolean): string {
  const sorted = items(nics).sort((a, b) => Number(b.isdefault === true) - Number(a.isdefault === true));
  const shown: string[] = [];
  for (const nic of sorted) {
    const network = withNetwork && typeof nic.networkname === 'string' && nic.networkname !== '' ? ` (${nic.networkname})` : '';
    for (const ip of [nic.ipaddress, nic.ip6address]) if (typeof ip === 'string' && ip !== '') shown.push(`${ip}${network}`);
  }
  return shown.join(', ');
}

/** One field of each nested item, comma-joined (`{{names securitygroup}}`: the group names). */
export function names(list: unknown, field: unknown = 'name'): string {
  const key = typeof field === 'string' ? field : 'name';
  return items(list)
    .map((item) => item[key])
    .filter((value) => !missing(value))
    .join(', ');
}

export function count(list: unknown): string {
  return Array.isArray(list) ? String(list.length) : '';
}

/** A port or a range: `22`, `8000-8080`. */
export function ports(start: unknown, end: unknown): string {
  if (missing(start)) return '';
  return missing(end) || String(end) === String(start) ? String(start) : `${String(start)}-${String(end)}`;
}

/** An address range: `10.0.0.10 - 10.0.0.50`. */
export function range(start: unknown, end: unknown): string {
  if (missing(start)) return '';
  return missing(end) ? String(start) : `${String(start)} - ${String(end)}`;
}

const JOB_STATUS: Record<string, string> = { '0': 'pending', '1': 'succeeded', '2': 'failed' };

export function jobStatus(status: unknown): string {
  return missing(status) ? '' : (JOB_STATUS[String(status)] ?? String(status));
}

/** A job's command class without its package: `org.apache…ScaleVMCmdByAdmin` → `ScaleVMCmdByAdmin`. */
export function command(cmd: unknown): string {
  return typeof cmd === 'string' ? (cmd.split('.').pop() ?? cmd) : '';
}

/**
 * What a capacity amount counts, by CloudStack's capacity type (Capacity.CAPACITY_TYPE_*): memory
 * and storage in bytes, CPU in MHz, the rest (IPs, VLANs, cores) as counts.
 */
const CAPACITY_TYPES: Record<number, { name: string; unit: 'bytes' | 'mhz' | 'count' }> = {
  0: { name: 'memory', unit: 'bytes' },
  1: { name: 'cpu', unit: 'mhz' },
  2: { name: 'storage', unit: 'bytes' },
  3: { name: 'storage allocated', unit: 'bytes' },
  4: { name: 'public IPs', unit: 'count' },
  5: { name: 'private IPs', unit: 'count' },
  6: { name: 'secondary storage', unit: 'bytes' },
  7: { name: 'VLANs', unit: 'count' },
  8: { name: 'direct attached public IPs', unit: 'count' },
  9: { name: 'local storage', unit: 'bytes' },
  19: { name: 'GPU', unit: 'count' },
  90: { name: 'CPU cores', unit: 'count' },
};

export function capacityName(type: unknown, name: unknown): string {
  if (typeof name === 'string' && name !== '') return name;
  const known = CAPACITY_TYPES[numberOf(type) ?? -1];
  return known ? known.name : missing(type) ? '' : `type ${String(type)}`;
}

export function capacityAmount(type: unknown, value: unknown): string {
  const unit = CAPACITY_TYPES[numberOf(type) ?? -1]?.unit ?? 'count';
  if (unit === 'bytes') return humanBytes(value);
  if (unit === 'mhz') return humanMhz(value);
  return missing(value) ? '' : String(value);
}

/** CPUs and their speed: `2 x 2.4 GHz`; either alone when the other is missing. */
export function cpu(cores: unknown, mhz: unknown): string {
  const speed = humanMhz(mhz);
  if (missing(cores)) return speed;
  return speed === '' ? String(cores) : `${String(cores)} x ${speed}`;
}

/** The first value present: `{{or displayname name}}`. */
export function or(...values: unknown[]): string {
  const found = values.slice(0, -1).find((value) => !missing(value) && !isRecord(value)); // the last argument is handlebars' options
  return found === undefined ? '' : String(found);
}

/** Every helper, by the name templates call it. */
export const HELPERS: Readonly<Record<string, (...args: any[]) => string>> = {
  bytes: humanBytes,
  mib: (value: unknown) => (numberOf(value) === undefined ? humanBytes(value) : humanBytes(numberOf(value)! * 1024 ** 2)),
  gib: (value: unknown) => (numberOf(value) === undefined ? humanBytes(value) : humanBytes(numberOf(value)! * 1024 ** 3)),
  mhz: humanMhz,
  cpu,
  percent: humanPercent,
  date: isoDate,
  nicIps,
  nicAddresses,
  names,
  count,
  ports,
  range,
  jobStatus,
  command,
  capacityName,
  capacityAmount,
  or,
};

/** Registers every helper on a handlebars environment (src/format/templates.ts creates it). */
export function registerHelpers(engine: { registerHelper(name: string, helper: (...args: any[]) => string): void }): void {
  for (const [name, helper] of Object.entries(HELPERS)) engine.registerHelper(name, helper);
}
