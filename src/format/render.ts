/**
 * Default text rendering of an API answer (the structuredContent convention: the content of
 * CloudStack's response envelope), driven by the per-API FormatHint. Lists: a count line and a
 * short table of the key columns; objects: `field: value` lines, key fields first; success: one line.
 */
import { findListKey, findObjectKey } from '../mcp/bounds.ts';
import { renderTable, truncateText } from './table.ts';
import type { FormatHint } from './types.ts';

export interface RenderOptions {
  /** Most list rows shown (default 25). */
  maxRows?: number;
  /** Most object fields shown (default 40). */
  maxFields?: number;
  /** Longest value shown, in characters (default 200). */
  maxValueLength?: number;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One value as short text: scalars as is, arrays and objects summarized. */
export function valueText(value: unknown, maxLength = 200): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return truncateText(value, maxLength);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return truncateText(value.join(', '), maxLength);
    return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  }
  return truncateText(JSON.stringify(value), maxLength);
}

const FALLBACK_COLUMNS = ['name', 'id', 'state'];

/** The table columns: the hint's fields present in the items, else the first scalar fields seen. */
export function chooseColumns(items: readonly Json[], keyFields: readonly string[], max = 6): string[] {
  const present = (field: string) => items.some((item) => item[field] !== undefined && item[field] !== null);
  const chosen = keyFields.filter(present);
  if (chosen.length > 0) return chosen.slice(0, max);
  const fallback = FALLBACK_COLUMNS.filter(present);
  for (const item of items) {
    for (const [field, value] of Object.entries(item)) {
      if (fallback.length >= max) break;
      if (!fallback.includes(field) && (value === null || typeof value !== 'object')) fallback.push(field);
    }
  }
  return fallback.slice(0, max);
}

function asyncJobLine(content: Json): string | undefined {
  if (typeof content.jobid !== 'string') return undefined;
  const others = Object.keys(content).filter((key) => !['jobid', 'id', 'jobstatus'].includes(key));
  if (others.length > 0) return undefined;
  return `Async job ${content.jobid} started${typeof content.id === 'string' ? ` for ${content.id}` : ''}; query it with query_async_job_result.`;
}

function renderSuccess(content: Json): string {
  const ok = content.success === true || content.success === 'true';
  const text = [content.displaytext, content.details].find((value) => typeof value === 'string' && value !== '');
  return `${ok ? 'Succeeded' : 'Failed'}${text ? `: ${String(text)}` : ''}`;
}

/** The items and their key: the same key src/mcp/bounds.ts bounds (findListKey), so both see the same list. */
function listItems(content: Json, preferred: string | undefined): { key: string | undefined; items: Json[] } {
  const key = findListKey(content, preferred);
  const candidate = key !== undefined ? content[key] : preferred !== undefined ? content[preferred] : undefined;
  const items = Array.isArray(candidate) ? candidate : isRecord(candidate) ? [candidate] : [];
  return { key: key ?? preferred, items: items.filter(isRecord) };
}

function renderList(content: Json, hint: FormatHint, options: RenderOptions): string {
  const { key, items } = listItems(content, hint.key);
  const count = typeof content.count === 'number' ? content.count : items.length;
  const noun = key ?? 'item';
  if (items.length === 0) return `${count} ${noun}${count === 1 ? '' : 's'}${count > 0 ? ' (none on this page)' : ''}`;
  const maxRows = options.maxRows ?? 25;
  const shown = items.slice(0, maxRows);
  const columns = chooseColumns(shown, hint.keyFields);
  const table = renderTable(
    columns,
    shown.map((item) => columns.map((column) => valueText(item[column], options.maxValueLength))),
  );
  const lines = [`${count} ${noun}${count === 1 ? '' : 's'}${items.length < count ? `, ${items.length} on this page` : ''}`, table];
  if (items.length > shown.length) lines.push(`… ${items.length - shown.length} more rows not shown`);
  return lines.join('\n');
}

function renderObject(content: Json, hint: FormatHint, options: RenderOptions): string {
  const key = findObjectKey(content, hint.key);
  const wrapped = key !== undefined ? content[key] : undefined;
  const entity = isRecord(wrapped) ? wrapped : content;
  const maxFields = options.maxFields ?? 40;
  const fields = [...hint.keyFields.filter((field) => field in entity), ...Object.keys(entity).filter((field) => !hint.keyFields.includes(field))];
  const lines = fields
    .filter((field) => entity[field] !== undefined && entity[field] !== null && entity[field] !== '')
    .map((field) => `${field}: ${valueText(entity[field], options.maxValueLength)}`);
  const shown = lines.slice(0, maxFields);
  if (lines.length > shown.length) shown.push(`… ${lines.length - shown.length} more fields`);
  return shown.length > 0 ? shown.join('\n') : '(empty answer)';
}

/** The compact text for one answer. */
export function renderAnswer(hint: FormatHint, content: unknown, options: RenderOptions = {}): string {
  if (!isRecord(content)) return valueText(content, options.maxValueLength ?? 2000);
  const job = asyncJobLine(content);
  if (job) return job;
  switch (hint.kind) {
    case 'success':
      return renderSuccess(content);
    case 'list':
      return renderList(content, hint, options);
    case 'object':
    case 'fields':
    case 'authenticator':
      return renderObject(content, hint, options);
  }
}
