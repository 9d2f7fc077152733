/**
 * Worker process (forked by src/mcp/live-apis.ts): one `listApis` of the live server, reduced to
 * what the catalog keeps (the names, and the entries of APIs the bundled model lacks). The answer
 * is megabytes of JSON; parsed here, its memory goes back to the system when this process ends
 * instead of staying with the server for good. The request arrives over IPC; the reply leaves so.
 */
import { CloudStackClient, type CloudStackClientOptions } from '../cloudstack/client.ts';
import { reduceListApis, type LiveApis } from './catalog.ts';

export interface LiveApisRequest {
  client: Omit<CloudStackClientOptions, 'model' | 'logger' | 'now'>;
  /** Every API of the bundled model with its param signature (src/model/param-signature.ts). */
  bundled: Array<[name: string, signature: string]>;
}

export type LiveApisReply = ({ ok: true } & LiveApis) | { ok: false; message: string };

const request = await new Promise<LiveApisRequest>((resolve) => process.once('message', (message) => resolve(message as LiveApisRequest)));
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
// Exit once the reply is flushed (and at once if the server went away meanwhile).
process.send!(reply, () => process.exit(0));
process.once('disconnect', () => process.exit(0));

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
