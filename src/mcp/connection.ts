/** Where a profile's CloudStack is, and the key pair it signs with. */
import type { CloudStackClientOptions } from '../cloudstack/client.ts';
import type { ServerConfig } from '../config.ts';

export interface Connection {
  url: string;
  apiKey: string;
  secretKey: string;
  close?: () => Promise<void>;
}

/** The configured cloud (not the embedded simulator, which has its own URL and keys once started). */
export function configuredConnection(config: Pick<ServerConfig, 'url' | 'apiKey' | 'secretKey'>): Connection {
  return { url: config.url ?? '', apiKey: config.apiKey ?? '', secretKey: config.secretKey ?? '' };
}

/**
 * How every client of this connection talks to it: the server's own and the listApis worker's
 * (src/mcp/live-apis.ts), so that the two never differ in endpoint, TLS or timeout.
 */
export function connectionClientOptions(
  config: Pick<ServerConfig, 'timeoutMs' | 'caFile' | 'insecure'>,
  connection: Connection,
  version: string,
): Pick<CloudStackClientOptions, 'url' | 'apiKey' | 'secretKey' | 'timeoutMs' | 'tls' | 'userAgent'> {
  return {
    url: connection.url,
    apiKey: connection.apiKey,
    secretKey: connection.secretKey,
    timeoutMs: config.timeoutMs,
    tls: { caFile: config.caFile, insecure: config.insecure },
    userAgent: `cloudstack-mcp/${version}`,
  };
}
