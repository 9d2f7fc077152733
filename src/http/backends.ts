/**
 * One backend per profile, shared by every session of that profile (src/mcp/backend.ts), opened
 * at its first session. The flags' own connection is the profile named by --profile; the config
 * file's profiles are the others.
 */
import type { ServerConfig } from '../config.ts';
import type { ApiModelDocument } from '../model/types.ts';
import type { Profile } from '../profiles/profile.ts';
import type { AuditLog } from '../safety/audit.ts';
import { connect, createBackend, type Backend } from '../mcp/backend.ts';

export interface BackendPoolOptions {
  config: ServerConfig;
  model: ApiModelDocument;
  version: string;
  /** The config file's profiles, by name. */
  profiles: ReadonlyMap<string, Profile>;
  audit?: AuditLog;
  log: (line: string) => void;
}

export class BackendPool {
  private readonly opened = new Map<string, Promise<Backend>>();

  constructor(private readonly options: BackendPoolOptions) {}

  /** Whether a profile of that name can be served. */
  has(profile: string): boolean {
    return profile === this.options.config.profile || this.options.profiles.has(profile);
  }

  for(profile: string): Promise<Backend> {
    let backend = this.opened.get(profile);
    if (!backend) {
      backend = this.open(profile);
      // A failed start is not remembered: the next session tries again.
      backend.catch(() => this.opened.delete(profile));
      this.opened.set(profile, backend);
    }
    return backend;
  }

  async closeAll(): Promise<void> {
    const backends = await Promise.allSettled(this.opened.values());
    this.opened.clear();
    await Promise.all(backends.map((b) => (b.status === 'fulfilled' ? b.value.close().catch(() => undefined) : undefined)));
  }

  private async open(name: string): Promise<Backend> {
    const { model, version, audit, log } = this.options;
    const profile = this.options.profiles.get(name);
    const config = profile && name !== this.options.config.profile ? profileConfig(this.options.config, profile) : this.options.config;
    const connection = await connect(config, model, log);
    const backend = createBackend({ config, model, connection, version, audit, log: (line) => log(`profile ${name}: ${line}`) });
    await backend.catalogs.start();
    return backend;
  }
}

/** The flags' settings with a profile's connection and its own choices over them. */
export function profileConfig(config: ServerConfig, profile: Profile): ServerConfig {
  return {
    ...config,
    profile: profile.name,
    simulator: false,
    url: profile.url,
    apiKey: profile.apiKey,
    secretKey: profile.secretKey,
    insecure: profile.verifyTls === false ? true : config.insecure,
    caFile: profile.caFile ?? config.caFile,
    timeoutMs: profile.timeoutMs ?? config.timeoutMs,
    jobTimeoutMs: profile.jobTimeoutMs ?? config.jobTimeoutMs,
    tools: profile.tools ?? config.tools,
    toolsets: profile.toolsets ?? config.toolsets,
    readOnly: profile.readOnly ?? config.readOnly,
    confirm: profile.confirm ?? config.confirm,
  };
}
