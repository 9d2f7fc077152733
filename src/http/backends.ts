/**
 * One backend per profile, shared by every session of that profile (src/mcp/backend.ts), opened
 * at its first session. The flags' own connection is the profile named by --profile; the config
 * file's profiles are the others.
 */
import type { ServerConfig } from '../config.ts';
import type { ApiModelDocument } from '../model/types.ts';
import type { AuditLog } from '../safety/audit.ts';
import { connect, createBackend, type Backend } from '../mcp/backend.ts';
import { oneTimeSecretPolicy } from '../mcp/session.ts';

export interface BackendPoolOptions {
  /** The flags' settings: the profile they select (`config.profile`) and every profile there is (`config.team`). */
  config: ServerConfig;
  /** The settings of another profile: the same flags over that profile (src/config.ts's precedence). */
  configFor: (profile: string) => ServerConfig;
  model: ApiModelDocument;
  version: string;
  audit?: AuditLog;
  log: (line: string) => void;
}

export class BackendPool {
  private readonly opened = new Map<string, Promise<Backend>>();

  constructor(private readonly options: BackendPoolOptions) {}

  /** Whether a profile of that name can be served. */
  has(profile: string): boolean {
    return profile === this.options.config.profile || this.options.config.team.profiles.has(profile);
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
    const config = name === this.options.config.profile ? this.options.config : this.options.configFor(name);
    const connection = await connect(config, model, log);
    const backend = createBackend({ config, model, connection, version, audit, log: (line) => log(`profile ${name}: ${line}`) });
    await backend.catalogs.start();
    log(`profile ${name}: one-time secrets ${oneTimeSecretPolicy(config, true) === 'return' ? 'returned to the caller' : 'refused (oneTimeSecrets: "return" in the profile returns them)'}`);
    return backend;
  }
}
