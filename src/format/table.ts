/** A compact plain-text table: header, separator, rows; long cells cut with an ellipsis. */

export interface TableOptions {
  /** Longest a cell may be, in characters (default 40). */
  maxCellWidth?: number;
}

export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function renderTable(columns: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const maxCellWidth = options.maxCellWidth ?? 40;
  const clean = (cell: string) => truncateText(cell.replace(/\s+/g, ' '), maxCellWidth);
  const header = columns.map(clean);
  const body = rows.map((row) => columns.map((_, index) => clean(row[index] ?? '')));
  const widths = header.map((cell, index) => Math.max(cell.length, ...body.map((row) => row[index]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}
