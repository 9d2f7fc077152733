/**
 * The modules a server process loaded, from the trace file that module-trace.mjs wrote, with each
 * chunk of the command's bundle (dist/bundle/, scripts/bundle.mjs) replaced by the source modules
 * in it (its meta.json): what the server loaded, told in the modules the code is written as.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The URL prefix of the bundle's chunks. */
export const BUNDLE = pathToFileURL(join(ROOT, 'dist/bundle/')).href;

/** Every URL of the trace, as it was loaded (chunks and all). */
export function tracedUrls(traceFile: string): string[] {
  return readFileSync(traceFile, 'utf8').split('\n').filter(Boolean);
}

/** The traced URLs with each bundle chunk replaced by the source modules it holds. */
export function loadedSources(traceFile: string): string[] {
  const { chunks } = JSON.parse(readFileSync(join(ROOT, 'dist/bundle/meta.json'), 'utf8')) as { chunks: Record<string, string[]> };
  return tracedUrls(traceFile).flatMap((url) => {
    if (!url.startsWith(BUNDLE)) return [url];
    const inputs = chunks[url.slice(BUNDLE.length)];
    if (!inputs) throw new Error(`${url} is not in dist/bundle/meta.json: a stale build?`);
    return inputs.map((input) => pathToFileURL(join(ROOT, input)).href);
  });
}
