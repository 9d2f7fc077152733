/**
 * Finding an API's model by name. CloudStack's command names are case-sensitive, but people (and
 * models) write `listzones`; an exact match wins, a case-insensitive one gives the canonical name.
 */
import type { ApiModel, ApiModelDocument } from '../model/types.ts';

export type ApiLookup = (name: string) => ApiModel | undefined;

/** A lookup over a model document, a lookup function as is, or one that knows no API. */
export function createApiLookup(source?: ApiModelDocument | ApiLookup): ApiLookup {
  if (typeof source === 'function') return source;
  const exact = new Map<string, ApiModel>();
  const folded = new Map<string, ApiModel>();
  for (const api of source?.apis ?? []) {
    exact.set(api.name, api);
    if (!folded.has(api.name.toLowerCase())) folded.set(api.name.toLowerCase(), api);
  }
  return (name) => exact.get(name) ?? folded.get(name.toLowerCase());
}
