/**
 * The CloudStack simulator in a process of its own, as a real CloudStack is: the server's RSS must
 * not include the simulator, the bench's own event loop must not slow down the simulator's answers,
 * and a direct client call crosses a process boundary just as the server's call does.
 *
 * - start-up runs: the product's own `cloudstack-mcp simulate`;
 * - tools/call runs: seeded-simulator.mjs, seeded with VMs and reporting what it received over IPC.
 */
import { fork, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BIN, SEEDED_SIMULATOR } from './paths.ts';

export interface SimulatorAccountKeys {
  apiKey: string;
  secretKey: string;
}

export interface SimulatorProcess {
  url: string;
  accounts: { admin: SimulatorAccountKeys; domainadmin: SimulatorAccountKeys; user: SimulatorAccountKeys };
  stop(): Promise<void>;
}

export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, [BIN, 'simulate', '--host', '127.0.0.1', '--job-delay-ms', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`cloudstack-mcp simulate exited (${code}) before printing its URL:\n${log}`)));
  });
  lines.close();
  const { url, accounts } = JSON.parse(first) as Pick<SimulatorProcess, 'url' | 'accounts'>;
  return {
    url,
    accounts,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The simulator the tools/call runs use: its own process, seeded, with its request log over IPC. */
export interface SeededSimulatorProcess extends SimulatorProcess {
  /** The first request for `command` the simulator received since the last clearRequests(). */
  firstRequest(command: string): Promise<{ command: string; params: Record<string, string> } | null>;
  /** Forget the recorded requests (the log grows with every call otherwise); resolves once done. */
  clearRequests(): Promise<void>;
}

export async function startSeededSimulatorProcess(vms: number): Promise<SeededSimulatorProcess> {
  const child = fork(SEEDED_SIMULATOR, [String(vms)], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting = new Map<number, (request: unknown) => void>();
  let nextId = 0;
  const ready = await new Promise<Pick<SimulatorProcess, 'url' | 'accounts'>>((resolve, reject) => {
    child.on('message', (message: { type?: string; id?: number; request?: unknown } & Pick<SimulatorProcess, 'url' | 'accounts'>) => {
      if (message.type === 'ready') resolve(message);
      else if (message.id !== undefined) waiting.get(message.id)?.(message.request);
    });
    child.once('exit', (code) => reject(new Error(`the seeded simulator exited (${code}) before it was ready:\n${log}`)));
  });
  const ask = (message: Record<string, unknown>) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      waiting.set(id, (answer) => {
        waiting.delete(id);
        resolve(answer);
      });
      child.send({ ...message, id });
    });
  return {
    url: ready.url,
    accounts: ready.accounts,
    firstRequest: (command) => ask({ type: 'first', command }) as Promise<{ command: string; params: Record<string, string> } | null>,
    clearRequests: async () => void (await ask({ type: 'clear' })),
    stop: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
