/**
 * A short fingerprint of an API's definition as a tool shows it (its description and async flag,
 * and its parameters' names, types, required flags, descriptions, lengths, since): the bundled
 * model keeps one per API in its index, so a live server's listApis can be compared with it
 * without decoding the model, and only the APIs the server describes otherwise are modelled from
 * the live text. Descriptions are the model's (overrides, src/model/param-description.ts) on both sides.
 */
import { createHash } from 'node:crypto';

export interface SignedParam {
  name: string;
  type: string;
  required: boolean;
  description: string;
  length?: number;
  since?: string;
}

export function paramSignature(params: readonly SignedParam[]): string {
  const lines = params
    .map((param) => JSON.stringify([param.name, param.type, param.required ? 1 : 0, param.length ?? null, param.since ?? null, param.description]))
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('base64url').slice(0, 10);
}

export interface SignedApi {
  description: string;
  isAsync: boolean;
  params: readonly SignedParam[];
}

export function definitionSignature(api: SignedApi): string {
  return createHash('sha256')
    .update(`${JSON.stringify([api.description, api.isAsync ? 1 : 0])}\n${paramSignature(api.params)}`)
    .digest('base64url')
    .slice(0, 10);
}
