/**
 * A short fingerprint of an API's parameters (names, types, required flags): the bundled model
 * keeps one per API in its index, so a live server's listApis can be compared with it without
 * decoding the model, and only the APIs whose parameters differ are modelled from the live text.
 */
import { createHash } from 'node:crypto';

export interface SignedParam {
  name: string;
  type: string;
  required: boolean;
}

export function paramSignature(params: readonly SignedParam[]): string {
  const text = params
    .map((param) => `${param.name}:${param.type}:${param.required ? 1 : 0}`)
    .sort()
    .join(',');
  return createHash('sha256').update(text).digest('base64url').slice(0, 10);
}
