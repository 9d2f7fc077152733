/** Where a profile's CloudStack is, and the key pair it signs with. */
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
