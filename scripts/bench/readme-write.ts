/**
 * `--write-readme`: puts the table between README.md's bench markers and touches nothing else.
 * Without exactly one well-ordered pair of markers it only warns: guessing where a table goes in a
 * file others edit would be worse than not writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

/** The README text with the table between the markers, or a reason why not. */
export function replaceBetweenMarkers(text: string, table: string): { text: string } | { problem: string } {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < 0) return { problem: `no ${start < 0 ? START_MARKER : END_MARKER} marker` };
  if (text.indexOf(START_MARKER, start + 1) >= 0 || text.indexOf(END_MARKER, end + 1) >= 0) return { problem: 'the markers appear more than once' };
  if (end < start) return { problem: `${END_MARKER} comes before ${START_MARKER}` };
  const before = text.slice(0, start + START_MARKER.length);
  const after = text.slice(end);
  return { text: `${before}\n${table.trimEnd()}\n${after}` };
}

/** Returns whether README.md was written; warns on stderr when it was not. */
export function writeReadmeTable(readmePath: string, table: string): boolean {
  const current = readFileSync(readmePath, 'utf8');
  const replaced = replaceBetweenMarkers(current, table);
  if ('problem' in replaced) {
    process.stderr.write(`bench: warning: ${basename(readmePath)} not changed: ${replaced.problem}\n`);
    return false;
  }
  if (replaced.text !== current) writeFileSync(readmePath, replaced.text);
  return true;
}
