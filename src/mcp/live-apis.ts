/**
 * What the live server offers this key, fetched by a worker thread (src/mcp/live-apis-worker.ts):
 * the server's heap only ever sees the reduced answer.
 */
import { Worker } from 'node:worker_threads';
import type { LiveApis } from './catalog.ts';
import type { LiveApisReply, LiveApisRequest } from './live-apis-worker.ts';

// The worker is a file of its own: .ts when run from source (tests), .js from dist/.
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './live-apis-worker.ts' : './live-apis-worker.js', import.meta.url);

export function fetchLiveApis(request: LiveApisRequest): Promise<LiveApis> {
  return new Promise<LiveApis>((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: request });
    worker.once('message', (reply: LiveApisReply) => {
      if (!reply.ok) return reject(new Error(reply.message));
      const { ok: _ok, ...live } = reply;
      resolve(live);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the listApis worker stopped (exit code ${code}) without an answer`)));
  });
}
