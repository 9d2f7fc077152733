/**
 * The server's configuration: command-line flags, each with an environment twin (MCP clients
 * configure servers through `env` blocks as often as through `args`), over a profile (from the
 * config file or CloudMonkey's, see src/profiles), over the defaults. Flags win over the environment.
 */
import { parseArgs } from 'node:util';
import { joinCredentialValues } from './cli-args.ts';
import { parseStateUrl, StateUrlError } from './state/url.ts';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { OneTimeSecretPolicy, Profile, TeamConfig } from './profiles/profile.ts';
import { ProfileError } from './profiles/profile-error.ts';
import { findProfile, loadTeamConfig } from './profiles/team-config.ts';
import { defaultSecretsDir } from './safety/secret-file.ts';

export type ToolSurface = 'discovery' | 'all';
export type SimulatorRole = 'admin' | 'domainadmin' | 'user';
export type ConfirmPolicy = 'destructive' | 'all-mutations' | 'never';
export type TransportKind = 'stdio' | 'http';

/** How the server is reached over HTTP (`--transport http`). */
export interface HttpSettings {
  host: string;
  /** 0: any free port (the log says which). */
  port: number;
  /** The single bearer token of `--auth-token`: it stands for the flags' connection. Never logged. */
  authToken?: string;
  /** A session nobody used for this long is closed. */
  sessionIdleSeconds: number;
  /** Origins accepted besides the loopback ones and the served host's (browsers send Origin). */
  allowedOrigins: string[];
  /** Host header names accepted besides loopback and --host (e.g. the public name behind a proxy). */
  allowedHosts: string[];
  /** The largest request body read. */
  maxBodyBytes: number;
  /** The most sessions open at once. */
  maxSessions: number;
}

export interface ServerConfig {
  url?: string;
  apiKey?: string;
  secretKey?: string;
  /** Start the embedded simulator in-process and connect to it. */
  simulator: boolean;
  simulatorRole: SimulatorRole;
  /** How long the embedded simulator's async jobs take (long enough to show progress). */
  simulatorJobDelayMs: number;
  /** Snapshot for the model (and the embedded simulator); the bundled default when absent. */
  snapshot?: string;
  caFile?: string;
  insecure: boolean;
  /** HTTP timeout per CloudStack request, from when it is on the wire. */
  timeoutMs: number;
  /** Keep-alive connections to CloudStack: the most requests in flight at once. */
  connections: number;
  /** How long a request may wait for a free connection before it is given up as not sent. */
  connectionWaitMs: number;
  /** How long a tool call waits for an async job before answering with the job id. */
  jobTimeoutMs: number;
  /** First wait before polling an async job (then ×1.5 up to 5 s). */
  jobPollMs: number;
  tools: ToolSurface;
  /** Categories whose dedicated tools are listed next to the discovery tools. */
  toolsets: string[];
  readOnly: boolean;
  /** Skip the start-up `listApis` and trust the snapshot. */
  offline: boolean;
  /** Where the live catalog of each endpoint and key is remembered between runs. */
  cacheDir: string;
  /** How long a remembered catalog is used to start from (0: never remembered). */
  cacheTtlSeconds: number;
  /** Most list items one tool result carries. */
  maxItems: number;
  /** Upper bound on the JSON size of one result's structured content. */
  maxResultBytes: number;
  confirm: ConfirmPolicy;
  /** Required together with `--confirm never`, so switching confirmation off is never an accident. */
  allowNoConfirmation: boolean;
  revealSecrets: boolean;
  /** What happens to a secret CloudStack shows only once (a new key pair's private key). */
  oneTimeSecrets: OneTimeSecretPolicy;
  /** Where the `file` policy saves them (0700 directory, 0600 files). */
  secretsDir: string;
  auditLog?: string;
  /** Redis URL (may hold a password: never logged) where replicas share tokens and sessions; absent: in memory. */
  stateUrl?: string;
  /** Name of this connection in audit lines (several profiles may share one audit file): the profile used, else "default". */
  profile: string;
  /** The profile the settings above were taken from (under the flags), when one was used. */
  selectedProfile?: Profile;
  /** Every profile and token the config files define (for the HTTP transport's identities). */
  team: TeamConfig;
  /** stdio (default: one client, the process's own) or Streamable HTTP (a team). */
  transport: TransportKind;
  http: HttpSettings;
}

/** `$XDG_CACHE_HOME/cloudstack-mcp`, else `~/.cache/cloudstack-mcp`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cloudstack-mcp');
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

interface FlagSpec {
  env: string;
  type: 'string' | 'boolean';
  help: string;
  placeholder?: string;
}

/** Every flag of the server, its environment twin and its help line: --help is rendered from this. */
export const SERVER_FLAGS: Record<string, FlagSpec> = {
  url: { env: 'CLOUDSTACK_API_URL', type: 'string', placeholder: 'URL', help: 'CloudStack API endpoint, e.g. https://cloud.example.com/client/api' },
  'api-key': { env: 'CLOUDSTACK_API_KEY', type: 'string', placeholder: 'KEY', help: 'API key of the CloudStack user' },
  'secret-key': { env: 'CLOUDSTACK_SECRET_KEY', type: 'string', placeholder: 'KEY', help: 'secret key of the CloudStack user' },
  simulator: { env: 'CLOUDSTACK_MCP_SIMULATOR', type: 'boolean', help: 'start the embedded CloudStack simulator and connect to it' },
  'simulator-role': { env: 'CLOUDSTACK_MCP_SIMULATOR_ROLE', type: 'string', placeholder: 'ROLE', help: 'simulator account: admin (root admin, default), domainadmin or user' },
  'simulator-job-delay-ms': { env: 'CLOUDSTACK_MCP_SIMULATOR_JOB_DELAY_MS', type: 'string', placeholder: 'N', help: 'how long the embedded simulator\'s async jobs run (default 2000)' },
  snapshot: { env: 'CLOUDSTACK_MCP_SNAPSHOT', type: 'string', placeholder: 'FILE', help: 'listApis snapshot to serve (default: the bundled 4.20.2.0 model)' },
  'ca-file': { env: 'CLOUDSTACK_MCP_CA_FILE', type: 'string', placeholder: 'FILE', help: 'extra CA certificate (PEM) to trust for the API endpoint' },
  insecure: { env: 'CLOUDSTACK_MCP_INSECURE', type: 'boolean', help: 'do not verify the endpoint\'s TLS certificate (warns at start-up)' },
  'timeout-ms': { env: 'CLOUDSTACK_MCP_TIMEOUT_MS', type: 'string', placeholder: 'N', help: 'HTTP timeout per request, from when it is sent (default 30000)' },
  connections: { env: 'CLOUDSTACK_MCP_CONNECTIONS', type: 'string', placeholder: 'N', help: 'connections to CloudStack, the most requests in flight at once (default 8)' },
  'connection-wait-ms': { env: 'CLOUDSTACK_MCP_CONNECTION_WAIT_MS', type: 'string', placeholder: 'N', help: 'how long a request waits for a free connection; then it is not sent (default: the --timeout-ms value)' },
  'job-timeout-ms': { env: 'CLOUDSTACK_MCP_JOB_TIMEOUT_MS', type: 'string', placeholder: 'N', help: 'how long a call waits for an async job before returning its id (default 600000)' },
  'job-poll-ms': { env: 'CLOUDSTACK_MCP_JOB_POLL_MS', type: 'string', placeholder: 'N', help: 'first wait before polling an async job, growing ×1.5 up to 5 s (default 500)' },
  tools: { env: 'CLOUDSTACK_MCP_TOOLS', type: 'string', placeholder: 'SURFACE', help: 'discovery (default: a few meta-tools reaching every API) or all (one tool per API)' },
  toolsets: { env: 'CLOUDSTACK_MCP_TOOLSETS', type: 'string', placeholder: 'A,B', help: 'also list the dedicated tools of these categories, e.g. virtual-machine,volume' },
  'read-only': { env: 'CLOUDSTACK_MCP_READ_ONLY', type: 'boolean', help: 'list and call read-only APIs only' },
  offline: { env: 'CLOUDSTACK_MCP_OFFLINE', type: 'boolean', help: 'skip the start-up listApis and trust the snapshot' },
  'cache-dir': { env: 'CLOUDSTACK_MCP_CACHE_DIR', type: 'string', placeholder: 'DIR', help: 'where the live catalog is remembered per endpoint and key (default $XDG_CACHE_HOME/cloudstack-mcp or ~/.cache/cloudstack-mcp)' },
  'cache-ttl-s': { env: 'CLOUDSTACK_MCP_CACHE_TTL_S', type: 'string', placeholder: 'N', help: 'start from a remembered catalog up to N seconds old, refreshing behind it (default 86400; 0: no cache)' },
  'max-items': { env: 'CLOUDSTACK_MCP_MAX_ITEMS', type: 'string', placeholder: 'N', help: 'most list items in one result (default 25)' },
  'max-result-bytes': { env: 'CLOUDSTACK_MCP_MAX_RESULT_BYTES', type: 'string', placeholder: 'N', help: 'upper bound on a result\'s structured JSON (default 40000)' },
  confirm: { env: 'CLOUDSTACK_MCP_CONFIRM', type: 'string', placeholder: 'POLICY', help: 'what needs confirmation: destructive (default), all-mutations or never' },
  'allow-no-confirmation': { env: 'CLOUDSTACK_MCP_ALLOW_NO_CONFIRMATION', type: 'boolean', help: 'required with --confirm never' },
  'reveal-secrets': { env: 'CLOUDSTACK_MCP_REVEAL_SECRETS', type: 'boolean', help: 'show secret values in tool output (logs and audit stay masked)' },
  'one-time-secrets': { env: 'CLOUDSTACK_MCP_ONE_TIME_SECRETS', type: 'string', placeholder: 'POLICY', help: 'secrets CloudStack shows only once (createSSHKeyPair\'s private key, registerUserKeys): file (default: saved in --secrets-dir, the result gives the path), return (in the result) or refuse (such calls are not sent)' },
  'secrets-dir': { env: 'CLOUDSTACK_MCP_SECRETS_DIR', type: 'string', placeholder: 'DIR', help: 'where one-time secrets are saved, mode 0600 in a 0700 directory (default $XDG_STATE_HOME/cloudstack-mcp/secrets or ~/.local/state/cloudstack-mcp/secrets)' },
  'audit-log': { env: 'CLOUDSTACK_MCP_AUDIT_LOG', type: 'string', placeholder: 'FILE', help: 'append one JSON line per mutating call to FILE' },
  config: { env: 'CLOUDSTACK_MCP_CONFIG', type: 'string', placeholder: 'FILE', help: 'config file with named profiles (default $XDG_CONFIG_HOME/cloudstack-mcp/config.json or ~/.config/cloudstack-mcp/config.json, if it exists)' },
  'cmk-config': { env: 'CLOUDSTACK_MCP_CMK_CONFIG', type: 'string', placeholder: 'FILE', help: 'CloudMonkey config whose profiles are also read (default ~/.cmk/config, if it exists)' },
  profile: { env: 'CLOUDSTACK_MCP_PROFILE', type: 'string', placeholder: 'NAME', help: 'connect with this profile; its name is the connection\'s name in audit lines (default: the default profile when no --url or keys are given, else "default")' },
  transport: { env: 'CLOUDSTACK_MCP_TRANSPORT', type: 'string', placeholder: 'KIND', help: 'stdio (default) or http (MCP Streamable HTTP at /mcp, for a team)' },
  host: { env: 'CLOUDSTACK_MCP_HOST', type: 'string', placeholder: 'HOST', help: 'http: address to listen on (default 127.0.0.1; any other needs tokens)' },
  port: { env: 'CLOUDSTACK_MCP_PORT', type: 'string', placeholder: 'N', help: 'http: port to listen on (default 3000; 0: any free port)' },
  'auth-token': { env: 'CLOUDSTACK_MCP_AUTH_TOKEN', type: 'string', placeholder: 'TOKEN', help: 'http: the bearer token clients must send (at least 16 characters), for the connection above' },
  'session-idle-s': { env: 'CLOUDSTACK_MCP_SESSION_IDLE_S', type: 'string', placeholder: 'N', help: 'http: close a session unused for N seconds (default 1800)' },
  'allowed-origins': { env: 'CLOUDSTACK_MCP_ALLOWED_ORIGINS', type: 'string', placeholder: 'A,B', help: 'http: browser origins accepted besides loopback ones, e.g. https://app.example.com' },
  'allowed-hosts': { env: 'CLOUDSTACK_MCP_ALLOWED_HOSTS', type: 'string', placeholder: 'A,B', help: 'http: Host names accepted besides loopback and --host, e.g. the public name behind a proxy' },
  'max-body-bytes': { env: 'CLOUDSTACK_MCP_MAX_BODY_BYTES', type: 'string', placeholder: 'N', help: 'http: largest request body read; larger ones get 413 (default 4194304)' },
  'max-sessions': { env: 'CLOUDSTACK_MCP_MAX_SESSIONS', type: 'string', placeholder: 'N', help: 'http: most sessions open at once; more get 503 (default 1000)' },
  'state-url': { env: 'CLOUDSTACK_MCP_STATE_URL', type: 'string', placeholder: 'URL', help: 'redis://[:PASSWORD@]HOST:PORT (or rediss://): share confirmation tokens and sessions between replicas (default: in memory)' },
};

/** The flags that only mean something with --transport http. */
const HTTP_FLAGS = ['host', 'port', 'auth-token', 'session-idle-s', 'allowed-origins', 'allowed-hosts', 'max-body-bytes', 'max-sessions'];

const DEFAULTS = {
  timeoutMs: 30_000,
  connections: 8,
  jobTimeoutMs: 600_000,
  jobPollMs: 500,
  maxItems: 25,
  maxResultBytes: 40_000,
  simulatorJobDelayMs: 2_000,
  cacheTtlSeconds: 86_400,
  host: '127.0.0.1',
  port: 3000,
  sessionIdleSeconds: 1800,
  maxBodyBytes: 4 * 1024 * 1024,
  maxSessions: 1000,
};

/** Shortest bearer token accepted: a guessable one would be the whole defence. */
export const MIN_TOKEN_LENGTH = 16;

/** A bearer token as RFC 6750 allows one (token68), long enough not to be guessed. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return `must be at least ${MIN_TOKEN_LENGTH} characters (it has ${token.length})`;
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) return 'may hold only letters, digits and - . _ ~ + / (then = padding)';
  return undefined;
}

function parseBoolean(value: string, source: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off|)$/i.test(value)) return false;
  throw new ConfigError(`${source} must be true or false, got "${value}"`);
}

function parsePositiveInteger(value: string, source: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) <= 0) {
    throw new ConfigError(`${source} must be a positive whole number, got "${value}"`);
  }
  return Number(value);
}

function parseNonNegativeInteger(value: string, source: string): number {
  if (!/^\d+$/.test(value.trim())) throw new ConfigError(`${source} must be a whole number (0 or more), got "${value}"`);
  return Number(value);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], source: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${source} must be one of ${allowed.join(', ')}; got "${value}"`);
}

function port(raw: { value: string | boolean; source: string } | undefined): number {
  if (!raw) return DEFAULTS.port;
  const value = raw.value as string;
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535) throw new ConfigError(`${raw.source} must be a port number from 0 to 65535, got "${value}"`);
  return Number(value);
}

export interface ParseOptions {
  /** Where warnings and the profile in use are told (default: stderr). */
  log?: (line: string) => void;
}

/** Reads flags (argv without the node and script entries), the environment and the profile into a config. */
export function parseServerConfig(argv: string[], env: NodeJS.ProcessEnv = process.env, parseOptions: ParseOptions = {}): ServerConfig {
  const options = Object.fromEntries(Object.entries(SERVER_FLAGS).map(([name, spec]) => [name, { type: spec.type }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: joinCredentialValues(argv), options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }

  // A flag wins; otherwise its environment twin. Returns the raw value and where it came from.
  const read = (name: string): { value: string | boolean; source: string } | undefined => {
    const spec = SERVER_FLAGS[name];
    if (values[name] !== undefined) return { value: values[name]!, source: `--${name}` };
    const fromEnv = env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') {
      return { value: spec.type === 'boolean' ? parseBoolean(fromEnv, spec.env) : fromEnv, source: spec.env };
    }
    return undefined;
  };
  const str = (name: string) => read(name)?.value as string | undefined;
  const bool = (name: string) => (read(name)?.value as boolean | undefined) ?? false;
  const int = (name: string, fallback: number) => {
    const raw = read(name);
    return raw ? parsePositiveInteger(raw.value as string, raw.source) : fallback;
  };
  const nonNegative = (name: string, fallback: number) => {
    const raw = read(name);
    return raw ? parseNonNegativeInteger(raw.value as string, raw.source) : fallback;
  };
  const choice = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = read(name);
    return raw ? oneOf(raw.value as string, allowed, raw.source) : fallback;
  };

  const log = parseOptions.log ?? ((line: string) => process.stderr.write(`cloudstack-mcp: ${line}\n`));
  const team = profileStep(() => loadTeamConfig({ configFile: str('config'), cmkConfigFile: str('cmk-config'), env }));
  for (const warning of team.warnings) log(`WARNING: ${warning}`);
  const simulator = bool('simulator');
  const connectionGiven = simulator || ['url', 'api-key', 'secret-key'].some((name) => read(name) !== undefined);
  const profile = profileStep(() => selectProfile(team, str('profile'), connectionGiven));
  if (profile) log(`using profile ${profile.name} (${profile.source})`);
  // The simulator is the connection: a profile's url and keys (and its secret commands) are not used.
  const fromProfile = (value: (profile: Profile) => string) => (profile && !simulator ? profileStep(() => value(profile)) : undefined);

  // A flag or its environment twin wins; then the profile; then the default.
  const timeoutMs = int('timeout-ms', profile?.timeoutMs ?? DEFAULTS.timeoutMs);
  const config: ServerConfig = {
    url: str('url') ?? fromProfile((p) => p.url),
    apiKey: str('api-key') ?? fromProfile((p) => p.apiKey),
    secretKey: str('secret-key') ?? fromProfile((p) => p.secretKey),
    simulator,
    simulatorRole: choice('simulator-role', ['admin', 'domainadmin', 'user'] as const, 'admin'),
    simulatorJobDelayMs: int('simulator-job-delay-ms', DEFAULTS.simulatorJobDelayMs),
    snapshot: str('snapshot'),
    caFile: str('ca-file') ?? profile?.caFile,
    insecure: read('insecure') ? bool('insecure') : profile?.verifyTls === false,
    timeoutMs,
    connections: int('connections', DEFAULTS.connections),
    connectionWaitMs: int('connection-wait-ms', timeoutMs),
    jobTimeoutMs: int('job-timeout-ms', profile?.jobTimeoutMs ?? DEFAULTS.jobTimeoutMs),
    jobPollMs: int('job-poll-ms', DEFAULTS.jobPollMs),
    tools: choice('tools', ['discovery', 'all'] as const, profile?.tools ?? 'discovery'),
    toolsets: read('toolsets') ? parseList(str('toolsets')!) : (profile?.toolsets ?? []),
    readOnly: read('read-only') ? bool('read-only') : (profile?.readOnly ?? false),
    offline: bool('offline'),
    cacheDir: str('cache-dir') ?? defaultCacheDir(env),
    cacheTtlSeconds: nonNegative('cache-ttl-s', DEFAULTS.cacheTtlSeconds),
    maxItems: int('max-items', DEFAULTS.maxItems),
    maxResultBytes: int('max-result-bytes', DEFAULTS.maxResultBytes),
    confirm: choice('confirm', ['destructive', 'all-mutations', 'never'] as const, profile?.confirm ?? 'destructive'),
    allowNoConfirmation: read('allow-no-confirmation') ? bool('allow-no-confirmation') : (profile?.allowNoConfirmation ?? false),
    revealSecrets: bool('reveal-secrets'),
    // Over HTTP, 'file' counts as 'refuse' (src/mcp/session.ts): a file on the server helps no remote user.
    oneTimeSecrets: choice('one-time-secrets', ['file', 'return', 'refuse'] as const, profile?.oneTimeSecrets ?? 'file'),
    secretsDir: str('secrets-dir') ?? defaultSecretsDir(env),
    auditLog: str('audit-log'),
    profile: profile?.name ?? 'default',
    selectedProfile: profile,
    team,
    stateUrl: str('state-url'),
    transport: choice('transport', ['stdio', 'http'] as const, 'stdio'),
    http: {
      host: str('host') ?? DEFAULTS.host,
      port: port(read('port')),
      authToken: str('auth-token'),
      sessionIdleSeconds: int('session-idle-s', DEFAULTS.sessionIdleSeconds),
      allowedOrigins: parseList(str('allowed-origins') ?? ''),
      allowedHosts: parseList(str('allowed-hosts') ?? ''),
      maxBodyBytes: int('max-body-bytes', DEFAULTS.maxBodyBytes),
      maxSessions: int('max-sessions', DEFAULTS.maxSessions),
    },
  };
  if (config.transport === 'stdio') {
    const httpOnly = HTTP_FLAGS.filter((name) => values[name] !== undefined);
    if (httpOnly.length > 0) throw new ConfigError(`${httpOnly.map((n) => `--${n}`).join(', ')} only apply to --transport http`);
  }
  const authToken = read('auth-token');
  const problem = authToken && tokenProblem(authToken.value as string);
  // The message names where the token came from, never the token.
  if (problem) throw new ConfigError(`${authToken.source} ${problem}`);
  for (const origin of config.http.allowedOrigins) {
    if (!/^https?:\/\/[^/?#\s]+$/.test(origin)) throw new ConfigError(`--allowed-origins takes origins such as https://app.example.com (scheme and host, no path); got "${origin}"`);
  }
  if (config.stateUrl !== undefined) {
    try {
      parseStateUrl(config.stateUrl, read('state-url')!.source);
    } catch (error) {
      // Its message shows the URL with the password masked.
      if (error instanceof StateUrlError) throw new ConfigError(error.message);
      throw error;
    }
  }
  validateConnection(config, profile, team);
  if (config.confirm === 'never' && !config.allowNoConfirmation) {
    throw new ConfigError(
      '--confirm never runs destructive APIs without asking; add --allow-no-confirmation ' +
        '(or CLOUDSTACK_MCP_ALLOW_NO_CONFIRMATION=true, or "allowNoConfirmation": true in the profile) to say you mean it',
    );
  }
  return config;
}

/** Runs a step that reads profiles: their problems (a bad file, a failing secret command) are configuration errors like any other. */
function profileStep<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ProfileError) throw new ConfigError(error.message);
    throw error;
  }
}

/**
 * The profile named (it must exist), else the default profile, but only when nothing else says
 * how to connect: `--url`/keys or `--simulator` without `--profile` mean no profile.
 */
function selectProfile(team: TeamConfig, named: string | undefined, connectionGiven: boolean): Profile | undefined {
  if (named !== undefined) return findProfile(team, named);
  if (connectionGiven || team.defaultProfile === undefined) return undefined;
  return findProfile(team, team.defaultProfile);
}

function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Exactly one way to reach a cloud: the embedded simulator, or a URL with both keys (from flags, the environment or the profile). */
function validateConnection(config: ServerConfig, profile: Profile | undefined, team: TeamConfig): void {
  if (config.simulator) return;
  const missing = [
    !config.url && 'CLOUDSTACK_API_URL (or --url)',
    !config.apiKey && 'CLOUDSTACK_API_KEY (or --api-key)',
    !config.secretKey && 'CLOUDSTACK_SECRET_KEY (or --secret-key)',
  ].filter(Boolean);
  if (missing.length > 0) {
    const profiles = team.profiles.size > 0 ? `, or name one of the profiles with --profile (${[...team.profiles.keys()].sort().join(', ')})` : '';
    throw new ConfigError(
      `no CloudStack connection configured${profile && !config.url ? ` (profile ${profile.name}, ${profile.source}, has no url)` : ''}: ` +
        `set ${missing.join(', ')}${profiles}; ` +
        'or run with --simulator to try it on the embedded simulator',
    );
  }
  try {
    const url = new URL(config.url!);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    const from = profile && config.url === profile.url ? `the url of profile ${profile.name} (${profile.source})` : 'CLOUDSTACK_API_URL';
    throw new ConfigError(`${from} must be an http(s) URL such as https://cloud.example.com/client/api; got "${config.url}"`);
  }
}

/** The flag section of --help, generated from SERVER_FLAGS so it cannot drift. */
export function renderFlagHelp(): string {
  return Object.entries(SERVER_FLAGS)
    .map(([name, spec]) => {
      const flag = `--${name}${spec.placeholder ? ' ' + spec.placeholder : ''}`;
      return `  ${flag.padEnd(26)} ${spec.help}\n  ${''.padEnd(26)} env ${spec.env}`;
    })
    .join('\n');
}
