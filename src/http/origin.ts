/**
 * DNS-rebinding protection: a web page the user visits could make their browser send requests to
 * this server under a name the attacker controls. So the Host header must name this server
 * (loopback names, the --host address, --allowed-hosts), and a browser's Origin must be a loopback
 * origin, one on the served host, or one listed in --allowed-origins. Clients that are not browsers
 * send no Origin, and are not asked for one.
 */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether an address the server listens on is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

export interface OriginPolicy {
  /** The address the server listens on (--host). */
  host: string;
  allowedOrigins: readonly string[];
  allowedHosts: readonly string[];
}

export type OriginCheck = { ok: true } | { ok: false; status: 403; message: string };

export class RequestOriginCheck {
  private readonly hostNames: Set<string>;
  private readonly origins: Set<string>;

  constructor(policy: OriginPolicy) {
    const names = [...LOOPBACK_NAMES, policy.host, ...policy.allowedHosts, ...policy.allowedOrigins.map((origin) => new URL(origin).hostname)];
    this.hostNames = new Set(names.map((name) => name.toLowerCase()));
    this.origins = new Set(policy.allowedOrigins.map((origin) => new URL(origin).origin));
  }

  check(headers: { host?: string; origin?: string | string[] }): OriginCheck {
    const hostName = nameOfHostHeader(headers.host);
    if (hostName === undefined || !this.hostNames.has(hostName)) {
      return { ok: false, status: 403, message: 'the Host header does not name this server (add the name to --allowed-hosts if it should)' };
    }
    const origin = Array.isArray(headers.origin) ? headers.origin[0] : headers.origin;
    if (origin === undefined) return { ok: true };
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return { ok: false, status: 403, message: 'the Origin header is not an origin' };
    }
    if (this.origins.has(parsed.origin) || LOOPBACK_NAMES.has(parsed.hostname.toLowerCase()) || parsed.hostname.toLowerCase() === hostName) {
      return { ok: true };
    }
    return { ok: false, status: 403, message: 'requests from this Origin are not accepted (add it to --allowed-origins if they should be)' };
  }
}

/** `name` of `name:port` (or of `[v6]:port`), lower-cased; undefined when there is no Host. */
function nameOfHostHeader(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const v6 = /^(\[[^\]]*\])(?::\d+)?$/.exec(host);
  if (v6) return v6[1].toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}
