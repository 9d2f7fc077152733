/**
 * Worker thread: one `listApis` of the live server, reduced to what the catalog keeps (the names,
 * and the entries of APIs the bundled model lacks). The answer is megabytes of JSON; parsed here,
 * its garbage dies with this thread instead of growing the server's own heap for good.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CloudStackClient, type CloudStackClientOptions } from '../cloudstack/client.ts';
import { reduceListApis, type LiveApis } from './catalog.ts';

export interface LiveApisRequest {
  client: Omit<CloudStackClientOptions, 'model' | 'logger' | 'now'>;
  /** Every API of the bundled model with its param signature (src/model/param-signature.ts). */
  bundled: Array<[name: string, signature: string]>;
}

export type LiveApisReply = ({ ok: true } & LiveApis) | { ok: false; message: string };

const request = workerData as LiveApisRequest;
// The server's own client has already said what there is to say about this connection (TLS).
const client = new CloudStackClient({ ...request.client, logger: { warn: () => {} } });
let reply: LiveApisReply;
try {
  const [answer, version] = await Promise.all([client.request('listApis', {}, { readOnly: true }), serverVersion()]);
  reply = { ok: true, ...reduceListApis(new Map(request.bundled), answer, version) };
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
} finally {
  await client.close();
}
parentPort!.postMessage(reply);

/** For messages only ("the connected CloudStack 4.19.0.0 does not know …"): a failure is no reason to fail. */
async function serverVersion(): Promise<string | undefined> {
  try {
    const answer = await client.request('listCapabilities', {}, { readOnly: true });
    const version = (answer.capability as { cloudstackversion?: unknown } | undefined)?.cloudstackversion;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
