/**
 * Which custom formatter (overrides/formatters/index.ts) renders an answer, and how it renders a
 * list's rows or one entity. Absent a formatter, render.ts uses its default rendering.
 */
import { entityFormatters, type EntityFormatter, type FormatterColumn } from '../../overrides/formatters/index.ts';
import { cellTemplate, entityTemplate } from './templates.ts';

type Json = Record<string, unknown>;

const byResponseType = new Map(Object.entries(entityFormatters).map(([key, formatter]) => [key.toLowerCase(), formatter]));

/** The API's own formatter, else the one of the entity key the answer holds (any case). */
export function formatterFor(api: string | undefined, entityKey: string | undefined): EntityFormatter | undefined {
  if (api !== undefined && Object.hasOwn(entityFormatters, api)) return entityFormatters[api];
  return entityKey !== undefined ? byResponseType.get(entityKey.toLowerCase()) : undefined;
}

export interface FormattedTable {
  columns: string[];
  rows: string[][];
}

const columnHeader = (column: FormatterColumn) => (typeof column === 'string' ? column : column.header);

/**
 * The formatter's table for these items: field columns as `valueOf` shows them, template columns
 * rendered; a column no row has a value for is left out. Undefined when none is left (a `filter`
 * that kept other fields): the default table then shows what there is.
 */
export function formatterTable(formatter: EntityFormatter, items: readonly Json[], valueOf: (value: unknown) => string): FormattedTable | undefined {
  const cells = formatter.columns.map((column) =>
    typeof column === 'string'
      ? items.map((item) => valueOf(item[column]))
      : cellTemplate(column.cell)
          .renderEach(items)
          .map((cell) => cell.trim()),
  );
  const kept = formatter.columns.map((_, index) => index).filter((index) => cells[index].some((value) => value !== ''));
  if (kept.length === 0) return undefined;
  return {
    columns: kept.map((index) => columnHeader(formatter.columns[index])),
    rows: items.map((_, row) => kept.map((index) => cells[index][row])),
  };
}

/** A line whose value is empty (`ip: `): the field is absent, so the line is dropped. */
const EMPTY_LINE = /^\s*[^:]*:\s*$/;

/** The formatter's `label: value` lines for one entity, and the fields they read. */
export function formatterLines(formatter: EntityFormatter, entity: Json): { lines: string[]; fields: ReadonlySet<string> } {
  const template = entityTemplate(formatter.template);
  const lines = template
    .render(entity)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !EMPTY_LINE.test(line));
  return { lines, fields: template.fields };
}
