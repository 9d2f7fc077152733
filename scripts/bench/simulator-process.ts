/**
 * The CloudStack simulator in a process of its own (`cloudstack-mcp simulate`), for the start-up
 * runs: the server's RSS must not include the simulator, and the bench's own event loop must not
 * slow down the simulator's answers to the server's start-up listApis.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BIN } from './paths.ts';

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
