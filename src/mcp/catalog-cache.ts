/**
 * The live catalog kept on disk between runs, one file per endpoint and key: a server then starts
 * from what the cloud said last time and refreshes behind it, instead of waiting for a listApis
 * of megabytes. The file names the endpoint and a fingerprint of the API key, never the key; it is
 * readable by its owner only. Anything unreadable, stale or for another model is simply not used.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config.ts';
import type { LiveApis } from './catalog.ts';
import type { Connection } from './connection.ts';

const CACHE_FORMAT = 2;

interface CacheFile extends LiveApis {
  format: number;
  url: string;
  keyFingerprint: string;
  modelVersion: string;
  savedAt: string;
}

/** Identifies a key without revealing it (a hash cannot be turned back into a 40-byte random key). */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(`cloudstack-mcp:${apiKey}`).digest('hex').slice(0, 16);
}

export class CatalogCache {
  private readonly path: string;
  private readonly fingerprint: string;

  constructor(
    private readonly dir: string,
    private readonly url: string,
    apiKey: string,
    private readonly modelVersion: string,
    private readonly ttlMs: number,
  ) {
    this.fingerprint = keyFingerprint(apiKey);
    const endpoint = createHash('sha256').update(url).digest('hex').slice(0, 16);
    this.path = join(dir, `catalog-${endpoint}-${this.fingerprint}.json`);
  }

  /** The cached live APIs, when fresh and for this endpoint, key and model. */
  read(now = Date.now()): LiveApis | undefined {
    try {
      const file = JSON.parse(readFileSync(this.path, 'utf8')) as CacheFile;
      const fresh = now - Date.parse(file.savedAt) <= this.ttlMs;
      const same =
        file.format === CACHE_FORMAT && file.url === this.url && file.keyFingerprint === this.fingerprint && file.modelVersion === this.modelVersion;
      if (!fresh || !same || !Array.isArray(file.names) || !Array.isArray(file.unknownEntries) || !Array.isArray(file.differingEntries)) {
        return undefined;
      }
      return {
        names: file.names,
        unknownEntries: file.unknownEntries,
        differingEntries: file.differingEntries,
        ...(typeof file.serverVersion === 'string' ? { serverVersion: file.serverVersion } : {}),
      };
    } catch {
      return undefined;
    }
  }

  /** Saves atomically (a reader never sees half a file); a failure only costs the next start its head start. */
  write(live: LiveApis, now = Date.now()): void {
    const file: CacheFile = {
      format: CACHE_FORMAT,
      url: this.url,
      keyFingerprint: this.fingerprint,
      modelVersion: this.modelVersion,
      savedAt: new Date(now).toISOString(),
      ...live,
    };
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(file), { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}

/** The cache of this profile's catalog, unless there is nothing to remember (the embedded simulator is new every run) or caching is off. */
export function catalogCacheFor(
  config: Pick<ServerConfig, 'simulator' | 'cacheDir' | 'cacheTtlSeconds'>,
  connection: Pick<Connection, 'url' | 'apiKey'>,
  modelVersion: string,
): CatalogCache | undefined {
  if (config.simulator || config.cacheTtlSeconds === 0) return undefined;
  return new CatalogCache(config.cacheDir, connection.url, connection.apiKey, modelVersion, config.cacheTtlSeconds * 1000);
}
