// Loaded with `node --import` by tests: records every module the process loads, one URL a line, in
// the file named by MODULE_TRACE_FILE. ES modules through a resolve hook (which runs off the main
// thread, so it writes directly); CommonJS ones through Module._load, which the hooks of Node 20 do
// not see (a createRequire'd handlebars or ajv).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

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

const load = Module._load;
Module._load = function traced(request, parent, isMain) {
  if (process.env.MODULE_TRACE_FILE && !request.startsWith('node:') && !Module.isBuiltin(request)) {
    try {
      appendFileSync(process.env.MODULE_TRACE_FILE, pathToFileURL(Module._resolveFilename(request, parent, isMain)).href + '\n');
    } catch {
      // Unresolvable: the load below throws as it would have.
    }
  }
  return load.apply(this, arguments);
};
