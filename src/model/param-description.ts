/**
 * The description a param shows: an override's, else CloudStack's, else a filled-in text for the
 * paging params some commands leave empty. One rule for the model builder and for the comparison
 * of a live server's params with the bundled ones (src/model/param-signature.ts), so that the same
 * server text never counts as different.
 */
import type { ParamOverride } from './overrides.ts';

/** Descriptions CloudStack leaves empty on the paging params of some commands. */
export const COMMON_PARAM_DESCRIPTIONS: Readonly<Record<string, string>> = {
  page: 'The page number to return (1-based); send together with pagesize.',
  pagesize: 'The number of items per page; send together with page. -1 returns all items.',
  keyword: 'List by keyword.',
};

export function paramDescription(raw: { name: string; description: string }, override: ParamOverride | undefined): string {
  return override?.description ?? (raw.description || COMMON_PARAM_DESCRIPTIONS[raw.name] || '');
}
