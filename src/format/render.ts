/**
 * Text rendering of an API answer (the structuredContent convention: the content of CloudStack's
 * response envelope). The answer's own shape decides how it is shown, never contradicting it:
 * an object is shown as the object whatever the model's kind says, and only an explicit
 * `success: false` reads as a failure. Lists: a count line and a compact table; objects: `field:
 * value` lines, states first; a custom formatter (overrides/formatters/) chooses columns and lines
 * for the types it covers.
 */
import { findListKey, findObjectKey, listWrapperKey } from '../mcp/bounds.ts';
import { formatterFor, formatterLines, formatterTable } from './formatters.ts';
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

/** The field that names a nested item best, for a list of nested objects (a VM's NICs: their IPs). */
const ITEM_LABELS = ['name', 'ipaddress', 'username', 'displayname', 'id'];

/** One value as short text: scalars as is, arrays and objects summarized. */
export function valueText(value: unknown, maxLength = 200): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return truncateText(value, maxLength);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return truncateText(value.join(', '), maxLength);
    const label = ITEM_LABELS.find((field) => value.every((item) => isRecord(item) && typeof item[field] === 'string' && item[field] !== ''));
    if (label) return truncateText(value.map((item) => (item as Json)[label]).join(', '), maxLength);
    return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  }
  return truncateText(JSON.stringify(value), maxLength);
}

const FALLBACK_COLUMNS = ['name', 'id', 'state'];
/** A table narrower than this shows more of the answer's scalar fields (`listHypervisorCapabilities`). */
const MIN_COLUMNS = 4;

/** A value worth a line or a cell: not missing, not an empty string, array or object. */
const present = (value: unknown) =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0) && !(isRecord(value) && Object.keys(value).length === 0);

const isScalar = (value: unknown) => value === null || typeof value !== 'object';

/** The table columns: the hint's fields present in the items, filled up with the first scalar fields seen. */
export function chooseColumns(items: readonly Json[], keyFields: readonly string[], max = 6): string[] {
  const has = (field: string) => items.some((item) => present(item[field]));
  const chosen = keyFields.filter(has).slice(0, max);
  if (chosen.length >= MIN_COLUMNS) return chosen;
  for (const field of FALLBACK_COLUMNS) if (!chosen.includes(field) && has(field) && chosen.length < max) chosen.push(field);
  for (const item of items) {
    for (const [field, value] of Object.entries(item)) {
      if (chosen.length >= max) return chosen;
      if (!chosen.includes(field) && isScalar(value) && has(field)) chosen.push(field);
    }
  }
  return chosen;
}

function asyncJobLine(content: Json): string | undefined {
  if (typeof content.jobid !== 'string') return undefined;
  const others = Object.keys(content).filter((key) => !['jobid', 'id', 'jobstatus'].includes(key));
  if (others.length > 0) return undefined;
  return `Async job ${content.jobid} started${typeof content.id === 'string' ? ` for ${content.id}` : ''}; query it with query_async_job_result.`;
}

/** Only what CloudStack says is a failure is one: an absent `success` is not. */
function renderSuccess(content: Json): string {
  const failed = content.success === false || content.success === 'false';
  const text = [content.displaytext, content.details].find((value) => typeof value === 'string' && value !== '');
  return `${failed ? 'Failed' : 'Succeeded'}${text ? `: ${String(text)}` : ''}`;
}

/** The fields beside a success flag that still make the answer a plain success line. */
const SUCCESS_FIELDS = new Set(['success', 'displaytext', 'details', 'jobid', 'jobstatus']);

type Shape = 'success' | 'list' | 'object';

/** What the answer is, from the answer first and the model's kind where the answer leaves it open. */
function shapeOf(hint: FormatHint, content: Json): Shape {
  if (listWrapperKey(content) !== undefined) return 'list';
  const listKey = findListKey(content, hint.key);
  const objectKey = findObjectKey(content, hint.key);
  if ('success' in content && objectKey === undefined && listKey === undefined) return 'success';
  if (listKey !== undefined && (hint.kind === 'list' || 'count' in content)) return 'list';
  if (objectKey !== undefined) return 'object';
  if (hint.kind === 'list') return 'list'; // an empty list answer is {}
  if (hint.kind === 'success' && Object.keys(content).every((key) => SUCCESS_FIELDS.has(key))) return 'success';
  return 'object';
}

/** The items and their key: findListKey decides, as it does for bounds, so text and structuredContent show the same list. */
function listItems(content: Json, preferred: string | undefined): { key: string | undefined; items: Json[] } {
  const key = findListKey(content, preferred);
  const items = key !== undefined ? (content[key] as unknown[]) : [];
  return { key: key ?? preferred, items: items.filter(isRecord) };
}

/** `3 zones`, `1 capacity`, `2 capacities`, `2 publicipaddresses`, `4 asyncjobs`. */
function counted(count: number, noun: string): string {
  if (count === 1) return `${count} ${noun}`;
  if (noun.endsWith('ss')) return `${count} ${noun}es`;
  if (noun.endsWith('s')) return `${count} ${noun}`;
  return `${count} ${/[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`}`;
}

/**
 * A formatter's output, or undefined when it throws (a template file missing from a broken
 * install): the default rendering then shows the answer, since the text of a change that
 * succeeded must never turn into an error.
 */
function orDefault<T>(render: () => T): T | undefined {
  try {
    return render();
  } catch {
    return undefined;
  }
}

function renderList(answer: Json, hint: FormatHint, options: RenderOptions): string {
  const wrapper = listWrapperKey(answer);
  const content = wrapper !== undefined ? (answer[wrapper] as Json) : answer;
  const listed = listItems(content, hint.key);
  // An unnamed ListResponse calls its items "responses": the model's key names them better.
  const key = wrapper !== undefined ? (hint.key ?? listed.key) : listed.key;
  const { items } = listed;
  const count = typeof content.count === 'number' ? content.count : items.length;
  const noun = key ?? 'item';
  if (items.length === 0) return `${counted(count, noun)}${count > 0 ? ' (none on this page)' : ''}`;
  const maxRows = options.maxRows ?? 25;
  const shown = items.slice(0, maxRows);
  const valueOf = (value: unknown) => valueText(value, options.maxValueLength);
  const formatter = formatterFor(hint.api, key);
  const custom = formatter && orDefault(() => formatterTable(formatter, shown, valueOf));
  const columns = custom?.columns ?? chooseColumns(shown, hint.keyFields);
  const rows = custom?.rows ?? shown.map((item) => columns.map((column) => valueOf(item[column])));
  const lines = [`${counted(count, noun)}${items.length < count ? `, ${items.length} on this page` : ''}`, renderTable(columns, rows)];
  if (items.length > shown.length) lines.push(`… ${items.length - shown.length} more rows not shown`);
  return lines.join('\n');
}

/**
 * After a formatter's lines, the other fields are shown with their values when they are few, or
 * when the entity itself is small (a `filter` asked for them); else they are named only.
 */
const MAX_OTHER_LINES = 3;
const SMALL_ENTITY = 12;
const MAX_OTHER_NAMES_TEXT = 240;
const MAX_LINE = 300;

/** The fields a formatter did not show: their lines when few (a `filter` asked for them), else their names. */
function otherFields(entity: Json, shown: ReadonlySet<string>, options: RenderOptions): string[] {
  const others = Object.keys(entity).filter((field) => !shown.has(field) && present(entity[field]));
  if (others.length === 0) return [];
  if (others.length <= MAX_OTHER_LINES || Object.keys(entity).length <= SMALL_ENTITY) return others.map((field) => `${field}: ${valueText(entity[field], options.maxValueLength)}`);
  return [truncateText(`+ ${others.length} more fields (structuredContent has them): ${others.join(', ')}`, MAX_OTHER_NAMES_TEXT)];
}

/** Fields whose name says they are a state: shown right after the key fields. */
const isStateField = (field: string) => /(state|status)$/.test(field);

function renderEntity(entity: Json, hint: FormatHint, entityKey: string | undefined, options: RenderOptions, skip: ReadonlySet<string> = new Set()): string[] {
  const formatter = formatterFor(hint.api, entityKey);
  const custom = formatter && orDefault(() => formatterLines(formatter, entity));
  if (custom) {
    const { lines, fields } = custom;
    return [...lines.map((line) => truncateText(line, MAX_LINE)), ...otherFields(entity, new Set([...fields, ...skip]), options)];
  }
  const maxFields = options.maxFields ?? 40;
  const keys = Object.keys(entity).filter((field) => !skip.has(field));
  const first = hint.keyFields.filter((field) => keys.includes(field));
  const states = keys.filter((field) => isStateField(field) && !first.includes(field));
  const fields = [...first, ...states, ...keys.filter((field) => !first.includes(field) && !states.includes(field))];
  const lines = fields.filter((field) => present(entity[field])).map((field) => `${field}: ${valueText(entity[field], options.maxValueLength)}`);
  const shown = lines.slice(0, maxFields);
  if (lines.length > shown.length) shown.push(`… ${lines.length - shown.length} more fields`);
  return shown;
}

function renderObject(content: Json, hint: FormatHint, options: RenderOptions): string {
  const key = findObjectKey(content, hint.key);
  const wrapped = key !== undefined ? content[key] : undefined;
  const entity = isRecord(wrapped) ? wrapped : content;
  const lines = renderEntity(entity, hint, key, options);
  return lines.length > 0 ? lines.join('\n') : '(empty answer)';
}

/** queryAsyncJobResult's answer: the job's fields, and a finished job's result as that API's own answer. */
function isJobAnswer(content: Json): boolean {
  return typeof content.jobid === 'string' && 'jobstatus' in content && ('jobresult' in content || 'cmd' in content);
}

/** The hint for a job result: its shape is read from the answer itself (the job's API is named only by its class). */
const JOB_RESULT_HINT: FormatHint = { kind: 'object', keyFields: [] };

function renderJob(content: Json, options: RenderOptions): string {
  const lines = renderEntity(content, { api: 'queryAsyncJobResult', kind: 'fields', keyFields: ['jobid', 'jobstatus', 'cmd'] }, undefined, options, new Set(['jobresult']));
  const result = content.jobresult;
  if (isRecord(result) && Object.keys(result).length > 0) {
    lines.push('result:', ...renderAnswer(JOB_RESULT_HINT, result, options).split('\n').map((line) => `  ${line}`));
  } else if (present(result) && !isRecord(result)) {
    lines.push(`result: ${valueText(result, options.maxValueLength ?? 2000)}`);
  }
  return lines.join('\n');
}

/** The compact text for one answer. */
export function renderAnswer(hint: FormatHint, content: unknown, options: RenderOptions = {}): string {
  if (!isRecord(content)) return valueText(content, options.maxValueLength ?? 2000);
  const job = asyncJobLine(content);
  if (job) return job;
  if (isJobAnswer(content)) return renderJob(content, options);
  switch (shapeOf(hint, content)) {
    case 'success':
      return renderSuccess(content);
    case 'list':
      return renderList(content, hint, options);
    case 'object':
      return renderObject(content, hint, options);
  }
}
