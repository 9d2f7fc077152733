/**
 * ajv, loaded the first time a schema is compiled: `--help` and the config file's reader have no
 * schema to compile at import, and a module of its size costs 20–40 ms of every start. (The MCP
 * SDK's Server loads ajv for itself, so a running server has it anyway.) createRequire keeps the
 * callers synchronous.
 */
import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';

let AjvClass: typeof Ajv | undefined;

export function newAjv(options: Options): Ajv {
  AjvClass ??= (createRequire(import.meta.url)('ajv') as { Ajv: typeof Ajv }).Ajv;
  return new AjvClass(options);
}
