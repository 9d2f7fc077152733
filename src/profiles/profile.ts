/**
 * A profile: one way to reach one CloudStack cloud as one CloudStack user, and how the server
 * behaves for it. Read from the config file (`--config`) or CloudMonkey's `~/.cmk/config`; picked
 * by `--profile NAME` over stdio, or by the bearer token of an HTTP identity.
 */
import type { ConfirmPolicy, ToolSurface } from '../config.ts';

/** What happens to a secret CloudStack shows only once (a new key pair's private key, new user keys). */
export type OneTimeSecretPolicy =
  /** Written to a file readable only by the server's user; the result gives its path. */
  | 'file'
  /** Returned in the tool result, to that identity only. */
  | 'return'
  /** The call is refused before it is sent. */
  | 'refuse';

export interface Profile {
  name: string;
  /** The CloudStack API endpoint, e.g. https://cloud.example.com/client/api. */
  url: string;
  apiKey: string;
  secretKey: string;
  /** false: do not verify the endpoint's TLS certificate. */
  verifyTls?: boolean;
  caFile?: string;
  /** HTTP timeout per request. */
  timeoutMs?: number;
  /** How long a call waits for an async job. */
  jobTimeoutMs?: number;
  /** The surface a session of this profile starts with. */
  tools?: ToolSurface;
  toolsets?: string[];
  readOnly?: boolean;
  confirm?: ConfirmPolicy;
  /** Required with `confirm: "never"`, as `--allow-no-confirmation` is with `--confirm never`. */
  allowNoConfirmation?: boolean;
  oneTimeSecrets?: OneTimeSecretPolicy;
  /** Where it was read from (a file path and section), for messages; never a secret. */
  source: string;
}

/** A bearer token of the HTTP transport and the identity it stands for. */
export interface TokenIdentity {
  /** Who asked, in the audit log (e.g. a person's name). */
  identity: string;
  /** The profile this identity's calls use. */
  profile: string;
  /** The token itself: compared in constant time, never logged. */
  token: string;
}

export interface TeamConfig {
  profiles: ReadonlyMap<string, Profile>;
  /** The profile used when none is named. */
  defaultProfile?: string;
  tokens: readonly TokenIdentity[];
  /** Where the config was read from (the files, comma-separated); absent when there was none. */
  source?: string;
  /** Every file looked for, read or absent, for messages. */
  searched?: string[];
  /** Things worth telling the operator (a config file readable by others, an unknown key). */
  warnings: string[];
}
