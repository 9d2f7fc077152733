/**
 * Reading a whole list: walk `page`/`pagesize` (always sent together; CloudStack refuses one
 * without the other) until `count` items, a short or empty page, or the caller's limit.
 */
import type { ApiModel } from '../model/types.ts';
import type { CallOptions } from './caller.ts';
import { isJsonObject, type JsonObject } from './envelope.ts';

/** CloudStack's `default.page.size`: the default and the largest page a server accepts. */
export const DEFAULT_PAGE_SIZE = 500;

/** What paging needs from a client: calls, and (optionally) the model to know the item key. */
export interface PageSource {
  callApi(apiName: string, args: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  describeApi?(apiName: string): ApiModel | undefined;
}

export interface ListAllOptions {
  /** Stop after this many items. */
  limit?: number;
  /** Items per request (default 500, at most the server's `default.page.size`). */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface ListResult<T = JsonObject> {
  /** CloudStack's `count`: the total number of matches, which can exceed `items.length` under a limit. */
  count: number;
  items: T[];
}

/**
 * The items of one list answer. The key is the model's `responseKey` when the answer has it, else
 * the key that is not `count` (item keys are not derivable from API names: `asyncjobs`,
 * `hypervisorCapabilities`); the empty list `{}` has neither.
 */
export function listItems(inner: unknown, responseKey?: string): ListResult {
  if (!isJsonObject(inner)) return { count: 0, items: [] };
  const key =
    responseKey !== undefined && responseKey in inner
      ? responseKey
      : Object.keys(inner).find((k) => k !== 'count' && Array.isArray(inner[k]));
  const raw = key === undefined ? [] : inner[key];
  const items = (Array.isArray(raw) ? raw : isJsonObject(raw) ? [raw] : []).filter(isJsonObject);
  const count = typeof inner.count === 'number' ? inner.count : Number(inner.count ?? items.length);
  return { count: Number.isFinite(count) ? Math.max(count, items.length) : items.length, items };
}

function withoutPaging(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([name]) => !/^page(size)?$/i.test(name)));
}

/** All items of a list API (or the first `limit`), one page request after another. */
export async function listAll(
  client: PageSource,
  apiName: string,
  args: Record<string, unknown> = {},
  options: ListAllOptions = {},
): Promise<ListResult> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 0)) throw new RangeError(`limit must be 0 or more, got ${options.limit}`);
  const pageSize = Math.max(1, Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, limit));
  if (!Number.isInteger(pageSize)) throw new RangeError(`pageSize must be an integer, got ${options.pageSize}`);
  const responseKey = client.describeApi?.(apiName)?.responseKey;
  const baseArgs = withoutPaging(args);

  const items: JsonObject[] = [];
  let count = 0;
  if (limit === 0) return { count, items };
  for (let page = 1; ; page++) {
    const inner = await client.callApi(apiName, { ...baseArgs, page, pagesize: pageSize }, { signal: options.signal });
    const current = listItems(inner, responseKey);
    // Later pages may see a different total (items created or deleted meanwhile): trust the latest.
    count = current.count;
    items.push(...current.items);
    if (items.length >= limit) {
      items.length = limit;
      break;
    }
    if (current.items.length === 0 || current.items.length < pageSize || items.length >= current.count) break;
  }
  return { count: Math.max(count, items.length), items };
}
