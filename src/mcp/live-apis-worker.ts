/**
 * Worker thread: one `listApis` of the live server, reduced to what the catalog keeps (the names,
 * and the entries of APIs the bundled model lacks). The answer is megabytes of JSON; parsed here,
 * its garbage dies with this thread instead of growing the server's own heap for good.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CloudStackClient, type CloudStackClientOptions } from '../cloudstack/client.ts';
import { reduceListApis } from './catalog.ts';

export interface LiveApisRequest {
  client: Omit<CloudStackClientOptions, 'model' | 'logger' | 'now'>;
  bundledNames: string[];
}

export type LiveApisReply = { ok: true; names: string[]; unknownEntries: unknown[] } | { ok: false; message: string };

const request = workerData as LiveApisRequest;
// The server's own client has already said what there is to say about this connection (TLS).
const client = new CloudStackClient({ ...request.client, logger: { warn: () => {} } });
let reply: LiveApisReply;
try {
  const answer = await client.request('listApis', {}, { readOnly: true });
  reply = { ok: true, ...reduceListApis(new Set(request.bundledNames), answer) };
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
} finally {
  await client.close();
}
parentPort!.postMessage(reply);
