// Loaded with `node --import` by tests: records every module URL the process resolves, one a line,
// in the file named by MODULE_TRACE_FILE (the hooks run off the main thread, so they write directly).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.MODULE_TRACE_FILE) appendFileSync(process.env.MODULE_TRACE_FILE, result.url + '\\n');
  return result;
}`),
);
