/**
 * Printing JSON-like data as readable TypeScript source: identifier keys unquoted, one property
 * per line, short arrays of scalars on one line. Deterministic (insertion order of keys).
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INLINE_WIDTH = 100;

export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

/** A value as TS source. `references` maps object identities to identifiers to print instead. */
export function tsLiteral(value: unknown, indent = '', references?: ReadonlyMap<unknown, string>): string {
  const reference = references?.get(value);
  if (reference !== undefined) return reference;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) {
      const inline = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
      if (inline.length <= INLINE_WIDTH) return inline;
    }
    return `[\n${value.map((item) => `${inner}${tsLiteral(item, inner, references)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  // Small objects of scalars ({ type: "string" }) read better on one line.
  if (entries.every(([, item]) => item === null || typeof item !== 'object' || (Array.isArray(item) && item.length === 0))) {
    const inline = `{ ${entries.map(([key, item]) => `${propertyKey(key)}: ${tsLiteral(item, inner, references)}`).join(', ')} }`;
    if (inline.length + indent.length <= INLINE_WIDTH && !references?.has(value)) return inline;
  }
  return `{\n${entries
    .map(([key, item]) => `${inner}${propertyKey(key)}: ${tsLiteral(item, inner, references)},`)
    .join('\n')}\n${indent}}`;
}

/** Text safe inside a `/** ... *\/` comment, on one line. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
}

/** `listZones` → `ListZones`; `virtual-machine` → `VirtualMachine`. */
export function pascalCase(name: string): string {
  return name
    .split(/[-_]/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `virtual-machine` → `virtualMachine`. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}
