/**
 * A short fingerprint of an API's parameters as a tool shows them (names, types, required flags,
 * descriptions, lengths, since): the bundled model keeps one per API in its index, so a live
 * server's listApis can be compared with it without decoding the model, and only the APIs whose
 * parameters the server describes otherwise are modelled from the live text. Descriptions are the
 * model's (src/model/param-description.ts) on both sides.
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
