/**
 * Keeps every tool result small enough for an MCP client's context (Claude Code refuses results
 * over 25k tokens; a CloudStack VM object alone is several kilobytes): a field filter, a cap on list
 * items, and a cap on the JSON size, always saying what was left out and how to get it.
 */

export interface BoundOptions {
  /** Most items of a list to keep. */
  maxItems: number;
  /** Upper bound on JSON.stringify(content).length. */
  maxBytes: number;
  /** Keep only these fields of each entity (case-insensitive top-level names). */
  fields?: string[];
}

export interface BoundResult {
  content: Record<string, unknown>;
  /** For lists: the entity key, how many items the answer had and how many are kept. */
  listKey?: string;
  itemsReceived?: number;
  itemsKept?: number;
  /** Something was cut to respect maxItems or maxBytes. */
  truncated: boolean;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The array-valued key of a list answer: the model's key when present, else the one array that is
 * not `count`. The one rule for every reader (bounds, text rendering): some APIs decide the key
 * at run time (`listRouters`: `router` or `internalloadbalancervm`), and a server newer than the
 * snapshots may use another.
 */
export function findListKey(content: Json, preferred?: string): string | undefined {
  if (preferred && Array.isArray(content[preferred])) return preferred;
  return Object.keys(content).find((key) => key !== 'count' && Array.isArray(content[key]));
}

/**
 * The one wrapper key of an answer whose list sits one level down, else undefined. CloudStack
 * stores a job result that is a ListResponse without an object name under the text "null" and
 * serialises the list object itself: dedicateHost's job answers `{"null": {"responses": [...]}}`.
 * Bounds and text rendering both read the list from inside it.
 */
export function listWrapperKey(content: Json): string | undefined {
  if (findListKey(content) !== undefined) return undefined;
  const keys = Object.keys(content).filter((key) => !ASYNC_FIELDS.has(key));
  if (keys.length !== 1) return undefined;
  const inner = content[keys[0]];
  // Only a list object ({count?, <items>: [...]}); an entity with array fields (a VM's nic) is not one.
  if (!isObject(inner)) return undefined;
  const fields = Object.keys(inner).filter((key) => key !== 'count');
  return fields.length === 1 && Array.isArray(inner[fields[0]]) ? keys[0] : undefined;
}

/**
 * The key of a single-object answer's entity: the model's key when it holds an object, else the
 * answer's only key when that holds an object (`stopRouter` on an internal LB VM answers
 * `internalloadbalancervm`); undefined when the fields are at the top level.
 */
export function findObjectKey(content: Json, preferred?: string): string | undefined {
  if (preferred && isObject(content[preferred])) return preferred;
  const keys = Object.keys(content).filter((key) => !ASYNC_FIELDS.has(key));
  return keys.length === 1 && isObject(content[keys[0]]) ? keys[0] : undefined;
}

/** What the MCP server adds to an async answer besides the job result's own content. */
const ASYNC_FIELDS = new Set(['jobid', 'jobstatus']);

/** Keeps only the named fields of an object; an unknown name simply selects nothing. */
export function pickFields(entity: unknown, fields: string[]): unknown {
  if (!isObject(entity)) return entity;
  const wanted = new Set(fields.map((f) => f.toLowerCase()));
  return Object.fromEntries(Object.entries(entity).filter(([key]) => wanted.has(key.toLowerCase())));
}

const size = (value: unknown) => JSON.stringify(value)?.length ?? 0;

/**
 * Bounds a list answer `{count, <key>: [...]}`: filter fields, keep at most maxItems, then as many
 * as fit in maxBytes (at least one, so the caller always sees the shape of an item).
 */
export function boundList(content: Json, options: BoundOptions, preferredKey?: string): BoundResult {
  const wrapper = listWrapperKey(content);
  if (wrapper !== undefined) {
    const inner = boundList(content[wrapper] as Json, options, preferredKey);
    return { ...inner, content: { ...content, [wrapper]: inner.content } };
  }
  const listKey = findListKey(content, preferredKey);
  if (!listKey) return { content, truncated: false, itemsReceived: 0, itemsKept: 0 };
  const received = content[listKey] as unknown[];
  let items = options.fields?.length ? received.map((item) => pickFields(item, options.fields!)) : received;
  let truncated = items.length > options.maxItems;
  items = items.slice(0, options.maxItems);

  const overhead = size({ ...content, [listKey]: [] }) + 64;
  let budget = options.maxBytes - overhead;
  // The usual case: the whole page fits, measured once instead of item by item.
  if (size(items) <= budget) {
    return {
      content: { ...content, [listKey]: items },
      listKey,
      itemsReceived: received.length,
      itemsKept: items.length,
      truncated: truncated || items.length < received.length,
    };
  }
  const kept: unknown[] = [];
  for (const item of items) {
    const itemSize = size(item) + 1;
    if (kept.length > 0 && itemSize > budget) {
      truncated = true;
      break;
    }
    kept.push(kept.length === 0 && itemSize > budget ? shrinkToFit(item, Math.max(budget, 1024)) : item);
    budget -= itemSize;
  }
  return {
    content: { ...content, [listKey]: kept },
    listKey,
    itemsReceived: received.length,
    itemsKept: kept.length,
    truncated: truncated || kept.length < received.length,
  };
}

/** Bounds a single-object answer: field filter on the entity, then shrink what does not fit. */
export function boundObject(content: Json, options: BoundOptions, preferredKey?: string): BoundResult {
  let result = content;
  const entityKey = findObjectKey(content, preferredKey);
  if (options.fields?.length && entityKey) {
    result = { ...content, [entityKey]: pickFields(content[entityKey], options.fields) };
  }
  if (size(result) <= options.maxBytes) return { content: result, truncated: false };
  return { content: shrinkToFit(result, options.maxBytes) as Json, truncated: true };
}

/**
 * Shrinks a value to about `maxBytes` of JSON by shortening its longest arrays and strings first,
 * so a huge nested list (say, every NIC of a router) does not hide the fields around it.
 */
export function shrinkToFit(value: unknown, maxBytes: number): unknown {
  let current = structuredClone(value);
  for (let round = 0; round < 32 && size(current) > maxBytes; round++) {
    const largest = largestContainer(current);
    if (!largest) break;
    const { parent, key, node } = largest;
    if (Array.isArray(node)) {
      parent[key] = node.slice(0, Math.floor(node.length / 2));
    } else if (typeof node === 'string') {
      parent[key] = node.slice(0, Math.floor(node.length / 2)) + '…';
    } else {
      break;
    }
  }
  return current;
}

/** The biggest array (with more than one element) or long string below `value`, with its parent. */
function largestContainer(value: unknown): { parent: any; key: string | number; node: unknown } | undefined {
  let best: { parent: any; key: string | number; node: unknown; bytes: number } | undefined;
  const visit = (parent: any, key: string | number, node: unknown) => {
    const bytes = size(node);
    const shrinkable = (Array.isArray(node) && node.length > 1) || (typeof node === 'string' && node.length > 200);
    if (shrinkable && (!best || bytes > best.bytes)) best = { parent, key, node, bytes };
    if (Array.isArray(node)) node.forEach((child, i) => visit(node, i, child));
    else if (isObject(node)) Object.entries(node).forEach(([k, child]) => visit(node, k, child));
  };
  if (isObject(value)) Object.entries(value).forEach(([k, child]) => visit(value, k, child));
  return best;
}
