/**
 * `--state-url`: where replicas keep what must outlive one process. Only Redis is understood
 * (redis:// and rediss://). A password in the URL is a credential: every message this module or
 * the rest of src/state writes goes through `maskStateSecrets`, so it never reaches a log.
 */

export class StateUrlError extends Error {
  override name = 'StateUrlError';
}

export interface StateUrl {
  /** The URL as given, password included: for the Redis client only, never for messages. */
  href: string;
  tls: boolean;
  host: string;
  port: number;
  /** Redis logical database (`/N`), when given. */
  database?: number;
  /** The URL with its password masked: what messages show. */
  display: string;
  /** The raw and percent-decoded password, to scrub from any text (e.g. a client error). */
  secrets: string[];
}

const MASK = '********';

export function parseStateUrl(raw: string, source = '--state-url'): StateUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The raw value may hold a password: say what is wrong without echoing it.
    throw new StateUrlError(`${source} is not a URL; expected redis://[:PASSWORD@]HOST:PORT or rediss://...`);
  }
  const secrets = [url.password, safeDecode(url.password)].filter((s) => s.length > 0);
  const display = maskUrl(url);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new StateUrlError(`${source} must be a redis:// or rediss:// URL, got ${display}`);
  }
  if (!url.hostname) throw new StateUrlError(`${source} names no host: ${display}`);
  const port = url.port ? Number(url.port) : 6379;
  let database: number | undefined;
  const path = url.pathname.replace(/^\//, '');
  if (path !== '') {
    if (!/^\d+$/.test(path)) throw new StateUrlError(`${source}: the path must be a database number (/0, /1, ...), got ${display}`);
    database = Number(path);
  }
  if (url.search || url.hash) throw new StateUrlError(`${source} takes no query or fragment: ${display}`);
  return { href: raw, tls: url.protocol === 'rediss:', host: url.hostname, port, database, display, secrets };
}

/** The URL with the password (never the user name, which helps find the ACL user) replaced by the mask. */
function maskUrl(url: URL): string {
  if (!url.password) return url.href;
  const copy = new URL(url.href);
  copy.password = MASK;
  return copy.href;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `text` with every secret of the URL replaced by the mask: for errors that quote what they were given. */
export function maskStateSecrets(text: string, url: Pick<StateUrl, 'secrets'>): string {
  let out = text;
  // Longest first, so a decoded password that contains the raw one is masked whole.
  for (const secret of [...url.secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
  return out;
}
