/**
 * Reading request parameters the way CloudStack's servlet does (ApiServlet.java:121-168,211-219 and
 * ParamUnpackWorker): GET re-parses the raw query (`+` is a space, a piece without `=` is dropped,
 * the last duplicate wins); POST merges query and form body (the first value wins). Command
 * parameter names are lower-cased; `command`, `response` and `sessionkey` are read verbatim.
 */
import type { ParamList } from '../cloudstack/signer.ts';

export interface ReceivedParams {
  /** Every parameter as received (original name, decoded value, one per name): what was signed. */
  raw: ParamList;
  /** `command` exactly as sent under that lower-case name (`Command=` is no command). */
  command?: string;
  /** `response` format: JSON only when it says `json` (any case). */
  json: boolean;
  /** Command parameters by lower-cased name (signature fields included, `command`/`response` not). */
  byName: Map<string, string>;
}

const VERBATIM = new Set(['command', 'response', 'sessionkey']);

/** `URLDecoder.decode(s, UTF-8)`; a broken `%` escape is kept as written instead of failing. */
export function javaUrlDecode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Splits `a=1&b=2` into decoded pairs in order; pieces without `=` are dropped like the servlet does. */
export function parseQueryPairs(query: string): ParamList {
  const pairs: ParamList = [];
  for (const piece of query.split('&')) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    pairs.push([javaUrlDecode(piece.slice(0, eq)), javaUrlDecode(piece.slice(eq + 1))]);
  }
  return pairs;
}

function dedupe(pairs: ParamList, winner: 'first' | 'last'): ParamList {
  const byName = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (winner === 'first' && byName.has(name)) continue;
    byName.set(name, value);
  }
  return [...byName.entries()];
}

export function readParams(method: string, query: string, formBody: string | undefined): ReceivedParams {
  const raw =
    method === 'POST'
      ? dedupe([...parseQueryPairs(query), ...parseQueryPairs(formBody ?? '')], 'first')
      : dedupe(parseQueryPairs(query), 'last');
  const received: ReceivedParams = { raw, json: false, byName: new Map() };
  for (const [name, value] of raw) {
    if (name === 'command') received.command = value;
    else if (name === 'response') received.json = value.toLowerCase() === 'json';
    if (VERBATIM.has(name)) continue;
    received.byName.set(name.toLowerCase(), value);
  }
  return received;
}
