/**
 * Which fields a default formatter shows first (list columns / object key fields): the override
 * in overrides/formatters.ts, else the documented fields that operators look for, in this order.
 */
import type { FormatterHint } from './overrides.ts';
import type { ApiModel } from './types.ts';

const PREFERRED_FIELDS = [
  'name', 'displayname', 'username', 'ipaddress', 'id', 'state', 'status', 'type', 'zonename', 'account',
  'domain', 'description', 'displaytext', 'created', 'value', 'category',
];

const MAX_KEY_FIELDS = 6;

export function keyFieldsFor(api: ApiModel, hint: FormatterHint | undefined): string[] {
  if (hint) return [...hint.columns];
  if (api.responseKind === 'success') return [];
  const documented = new Set(api.response.filter((field) => !field.fields).map((field) => field.name));
  const chosen = PREFERRED_FIELDS.filter((field) => documented.has(field));
  return chosen.slice(0, MAX_KEY_FIELDS);
}
