/**
 * The server over stdio: one profile, one session, for as long as the client keeps stdin open.
 */
import type { ApiModelDocument } from '../model/types.ts';
import type { ServerConfig } from '../config.ts';
import { AuditLog } from '../safety/audit.ts';
import { MemoryConfirmationStore, type ConfirmationStore } from '../safety/confirm.ts';
import { connect, createBackend } from './backend.ts';
import type { LiveApis } from './catalog.ts';
import { createSession } from './session.ts';
import { listsPerApiTools } from './surfaces.ts';
import { StdioLineTransport } from './stdio-transport.ts';

export interface StdioOptions {
  config: ServerConfig;
  model: ApiModelDocument;
  version: string;
  log: (line: string) => void;
  /** Where tokens live: this process's memory, or a store shared with other replicas (--state-url). */
  confirmations?: ConfirmationStore;
  /** The first listApis, when it was started before this module loaded (src/mcp/early-live-apis.ts). */
  firstLiveApis?: Promise<LiveApis>;
}

export async function serveStdio({ config, model, version, log, confirmations = new MemoryConfirmationStore(), firstLiveApis }: StdioOptions): Promise<number> {
  const connection = await connect(config, model, log);
  const audit = config.auditLog ? new AuditLog(config.auditLog) : undefined;
  const backend = createBackend({ config, model, connection, version, audit, firstLiveApis, log });
  const server = createSession(backend, { confirmations, log });
  log(`serving surface ${config.tools}${config.toolsets.length ? ` + ${config.toolsets.join(',')}` : ''}${config.readOnly ? ', read-only' : ''}`);

  const transport = new StdioLineTransport({ log });
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    // The client going away closes stdin; the SDK transport does not treat that as the end.
    process.stdin.once('end', () => void server.close());
  });
  await backend.catalogs.start({ deferRefresh: true, firstListNeedsLive: listsPerApiTools(config) });
  await server.connect(transport);
  // A client that never lists tools still gets the live catalog soon.
  setTimeout(() => backend.catalogs.refreshNow(), 1_000).unref();
  await closed;
  await backend.close();
  return 0;
}
