/**
 * One look at a live server through the project's client (signed like every other call):
 * its `listApis` answer, its version (`listCapabilities.cloudstackversion`) and the caller's role.
 */
import { CloudStackClient } from '../../src/cloudstack/index.ts';
import { detectCallerRole, type CallerRole } from './caller-role.ts';
import type { LiveConnection } from './connection.ts';

export interface ServerCapture {
  /** The inner listApis object: `{count, api: [...]}`. */
  listApis: Record<string, unknown>;
  apiNames: Set<string>;
  /** `cloudstackversion` of listCapabilities, `unknown` when the server does not say. */
  version: string;
  role: CallerRole;
}

export interface CaptureOptions {
  timeoutMs?: number;
}

export async function captureServer(connection: LiveConnection, options: CaptureOptions = {}): Promise<ServerCapture> {
  const client = new CloudStackClient({
    url: connection.url,
    apiKey: connection.apiKey,
    secretKey: connection.secretKey,
    // listApis of a full server is several MB; give it more than a normal call.
    timeoutMs: options.timeoutMs ?? 120_000,
  });
  try {
    const listApis = await client.request('listApis', [], { readOnly: true });
    const apis = Array.isArray(listApis.api) ? listApis.api : [];
    const apiNames = new Set(
      apis.map((api) => (typeof api === 'object' && api !== null ? (api as { name?: unknown }).name : undefined)).filter((n): n is string => typeof n === 'string'),
    );
    const capabilities = await client.request('listCapabilities', [], { readOnly: true });
    const capability = (capabilities.capability ?? {}) as { cloudstackversion?: unknown };
    const version = typeof capability.cloudstackversion === 'string' && capability.cloudstackversion !== '' ? capability.cloudstackversion : 'unknown';
    const role = await detectCallerRole(client, connection.apiKey, apiNames);
    return { listApis, apiNames, version, role };
  } finally {
    await client.close();
  }
}
