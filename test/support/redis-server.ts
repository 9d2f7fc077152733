/**
 * A real redis-server for the replica tests: started on a free loopback port in a temporary
 * directory, with no persistence (`--save '' --appendonly no`), ready once it answers PING,
 * killed at teardown. Tests gate on `redisTool(testFile)` (see required-tool.ts): without
 * redis-server they say they did not run, and in CI they fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requiredTool, type RequiredTool } from './required-tool.ts';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export function redisTool(testFile: string): RequiredTool {
  return requiredTool('redis-server', REDIS_SERVER, testFile, 'apt-get install -y redis-server');
}

export interface RunningRedis {
  port: number;
  url: string;
  /** Stops answering without closing connections (SIGSTOP), as a hung Redis would. */
  pause(): void;
  resume(): void;
  /** Stops it (SIGKILL) and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/** A free loopback TCP port (free now; redis-server takes it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether something on the port answers PING with PONG (or, with `anyAnswer`, at all: -NOAUTH too). */
export function ping(port: number, { timeoutMs = 500, anyAnswer = false } = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(anyAnswer || answer.startsWith('+PONG'));
    });
  });
}

export async function startRedis(options: { password?: string } = {}): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'cloudstack-mcp-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';

  const launch = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
    if (options.password) args.push('--requirepass', options.password);
    const started = spawn(REDIS_SERVER, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout!.on('data', (chunk) => (log += chunk));
    started.stderr!.on('data', (chunk) => (log += chunk));
    const exited = new Promise<never>((_, reject) => {
      started.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before answering PING:\n${log.slice(-2000)}`)));
      started.once('error', (error) => reject(new Error(`cannot start ${REDIS_SERVER} (${error.message}): apt-get install -y redis-server`)));
    });
    exited.catch(() => {});
    const deadline = Date.now() + 10_000;
    // With requirepass, PING answers -NOAUTH: ready is then "it answers at all".
    const ready = async () => {
      while (Date.now() < deadline) {
        if (await ping(port, { anyAnswer: options.password !== undefined })) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within 10 s:\n${log.slice(-2000)}`);
    };
    await Promise.race([ready(), exited]);
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill('SIGKILL');
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

