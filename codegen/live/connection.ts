/**
 * Where a live CloudStack is and the keys to sign with: flags first, then the environment
 * (`CLOUDSTACK_API_URL`, `CLOUDSTACK_API_KEY`, `CLOUDSTACK_SECRET_KEY`). The environment is the
 * safer channel: a secret passed as a flag is visible in the process list.
 */

export interface LiveConnection {
  url: string;
  apiKey: string;
  secretKey: string;
}

export interface ConnectionFlags {
  url?: string;
  apiKey?: string;
  secretKey?: string;
}

/** Input that cannot reach a server: the message names what is missing, never a value. */
export class LiveInputError extends Error {
  override name = 'LiveInputError';
}

export const ENV_URL = 'CLOUDSTACK_API_URL';
export const ENV_API_KEY = 'CLOUDSTACK_API_KEY';
export const ENV_SECRET_KEY = 'CLOUDSTACK_SECRET_KEY';

function firstNonEmpty(...values: Array<string | undefined>): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '')?.trim();
}

export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): LiveConnection {
  const url = firstNonEmpty(flags.url, env[ENV_URL]);
  const apiKey = firstNonEmpty(flags.apiKey, env[ENV_API_KEY]);
  const secretKey = firstNonEmpty(flags.secretKey, env[ENV_SECRET_KEY]);
  const missing = [
    url === undefined ? `the URL (--url or ${ENV_URL})` : undefined,
    apiKey === undefined ? `the API key (--api-key or ${ENV_API_KEY})` : undefined,
    secretKey === undefined ? `the secret key (--secret-key or ${ENV_SECRET_KEY})` : undefined,
  ].filter((item): item is string => item !== undefined);
  if (missing.length > 0) throw new LiveInputError(`missing ${missing.join(', ')}`);
  let parsed: URL;
  try {
    parsed = new URL(url!);
  } catch {
    throw new LiveInputError('the URL is not a valid http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new LiveInputError(`the URL must be http or https, not ${parsed.protocol.replace(/:$/, '')}`);
  }
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '') {
    // Credentials belong in the keys; a query string could carry an apikey or signature.
    throw new LiveInputError('the URL must not contain credentials or a query string');
  }
  return { url: url!, apiKey: apiKey!, secretKey: secretKey! };
}

/** The URL as shown in reports: origin and path only. */
export function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/**
 * `--url` / `--live` may be given without a value (the next token is another flag, or none) to
 * mean "from the environment"; node's parseArgs wants a value, so an empty one is inserted.
 */
export function allowEmptyValue(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i]!;
    out.push(token);
    const next = argv[i + 1];
    if (flags.includes(token) && (next === undefined || next.startsWith('--'))) out.push('');
  }
  return out;
}
