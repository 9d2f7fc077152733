/**
 * Which fields a default formatter shows first (list columns / object key fields) when no custom
 * formatter (overrides/formatters/) covers the answer: the documented fields that operators look
 * for, in this order, states right after the name.
 */
import type { ApiModel } from './types.ts';

const PREFERRED_FIELDS = [
  'name', 'displayname', 'username', 'ipaddress', 'state', 'resourcestate', 'allocationstate', 'status', 'id', 'type',
  'zonename', 'account', 'domain', 'description', 'displaytext', 'created', 'value', 'category',
];

const MAX_KEY_FIELDS = 6;

export function keyFieldsFor(api: ApiModel): string[] {
  if (api.responseKind === 'success') return [];
  const documented = new Set(api.response.filter((field) => !field.fields).map((field) => field.name));
  const chosen = PREFERRED_FIELDS.filter((field) => documented.has(field));
  return chosen.slice(0, MAX_KEY_FIELDS);
}
