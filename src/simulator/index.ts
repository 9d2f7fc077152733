/**
 * The CloudStack simulator, in-process: `startSimulator()` serves `/client/api` on loopback with
 * the APIs of a listApis snapshot, three accounts (admin, domain admin, user), a small seeded cloud,
 * async jobs and fault knobs. The `cloudstack-mcp simulate` command wraps the same function.
 */
import type { ApiModelDocument } from '../model/types.ts';
import { bundledCatalog, catalogFromModel, catalogFromSnapshot } from './catalog.ts';
import { SimulatorCore, type RecordedRequest } from './dispatch.ts';
import { noFaults, type FaultSettings } from './faults.ts';
import { HANDLERS } from './handlers/index.ts';
import { createHttpServer, listen } from './server.ts';
import { SimulatorState, type SimulatorAccount } from './state/index.ts';
import { DEFAULT_MAX_PAGE_SIZE } from './validate.ts';

export type { FaultSettings } from './faults.ts';
export type { RecordedRequest } from './dispatch.ts';
export { SimulatorState, SEEDABLE_KINDS, type SimulatorAccount, type SeedableKind, type SeedOptions } from './state/index.ts';

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** A listApis snapshot (its .meta.json beside it is read too); default: the generated model of api-snapshots/cloudstack-4.20.2.0.json. */
  snapshotPath?: string;
  /** An already built model (wins over snapshotPath). */
  model?: ApiModelDocument;
  /** How long an async job runs (default 200 ms). */
  jobDelayMs?: number;
  /** CloudStack's `default.page.size` (default 500). */
  maxPageSize?: number;
  /** Initial fault settings (all off by default). */
  faults?: Partial<FaultSettings>;
  /** Log lines (default: nothing; the bin logs to stderr). */
  log?: (line: string) => void;
}

export interface RunningSimulator {
  /** http://HOST:PORT/client/api */
  url: string;
  accounts: { admin: SimulatorAccount; domainadmin: SimulatorAccount; user: SimulatorAccount };
  /** Mutable at run time. */
  faults: FaultSettings;
  /** Every request received, with its status (failed authentication included). */
  requests: RecordedRequest[];
  /** The stateful store; `state.seed(kind, n)` adds many entities at once. */
  state: SimulatorState;
  /**
   * Secret values the simulator has put in answers or holds (users' secret keys, SSH private keys,
   * VM passwords, session keys, and the per-run value of every synthesised sensitive field). A live
   * array: it grows as secrets are created. Safety tests assert none of them leaks.
   */
  knownSecrets: string[];
  /** CloudStack version of the served snapshot. */
  cloudstackVersion: string;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const catalog = options.model
    ? catalogFromModel(options.model)
    : options.snapshotPath
      ? catalogFromSnapshot(options.snapshotPath)
      : bundledCatalog();
  const state = new SimulatorState();
  const faults: FaultSettings = { ...noFaults(), ...options.faults };
  const requests: RecordedRequest[] = [];
  const log = options.log ?? (() => {});
  const core = new SimulatorCore({
    catalog,
    state,
    handlers: HANDLERS,
    faults,
    requests,
    jobDelayMs: options.jobDelayMs ?? 200,
    maxPageSize: options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
  });
  const server = createHttpServer({ core, faults, cloudstackVersion: catalog.model.cloudstackVersion, log });
  const host = options.host ?? '127.0.0.1';
  const address = await listen(server, host, options.port ?? 0);
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/client/api`,
    accounts: state.accounts,
    faults,
    requests,
    state,
    knownSecrets: state.knownSecrets,
    cloudstackVersion: catalog.model.cloudstackVersion,
    close: () =>
      new Promise<void>((resolve, reject) => {
        core.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
