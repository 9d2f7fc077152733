/**
 * What the live server offers this key, fetched by a short-lived child process
 * (src/mcp/live-apis-worker.ts): the server only ever sees the reduced answer. A process, not a
 * worker thread: the megabytes a thread parses stay in this process's allocator after the thread
 * ends (measured: +11 MB of idle RSS for good), while a process gives them back when it exits.
 * The credentials go over the IPC channel, never in argv or the environment.
 */
import { fork } from 'node:child_process';
import type { ServerConfig } from '../config.ts';
import { IndexedApi } from '../model/bundled.ts';
import { definitionSignature } from '../model/param-signature.ts';
import type { ApiModelDocument } from '../model/types.ts';
import type { LiveApis } from './catalog.ts';
import { connectionClientOptions, type Connection } from './connection.ts';
import type { LiveApisReply, LiveApisRequest } from './live-apis-worker.ts';

// The worker is a file of its own: .ts when run from source (tsx's loader is inherited through
// execArgv), .js from dist/.
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './live-apis-worker.ts' : './live-apis-worker.js', import.meta.url);

export function fetchLiveApis(request: LiveApisRequest): Promise<LiveApis> {
  return new Promise<LiveApis>((resolve, reject) => {
    const child = fork(WORKER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
    let answered = false;
    child.once('message', (reply: LiveApisReply) => {
      answered = true;
      child.disconnect();
      if (!reply.ok) return reject(new Error(reply.message));
      const { ok: _ok, ...live } = reply;
      resolve(live);
    });
    child.once('error', (error) => {
      if (!answered) reject(new Error(`the listApis worker process could not run: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      if (!answered) reject(new Error(`the listApis worker process stopped (${signal ?? `exit code ${code}`}) without an answer`));
    });
    child.send(request);
  });
}

/** What the worker needs to ask this profile's cloud: the client's settings, and the bundled model's APIs to compare with. */
export function liveApisRequest(
  config: Pick<ServerConfig, 'timeoutMs' | 'caFile' | 'insecure'>,
  connection: Connection,
  model: ApiModelDocument,
  version: string,
): LiveApisRequest {
  return {
    client: connectionClientOptions(config, connection, version),
    bundled: model.apis.map((api) => [api.name, api instanceof IndexedApi ? api.definitionSignature : definitionSignature(api)]),
  };
}
