/**
 * Request signing exactly as CloudStack verifies it (ApiServer.verifyRequest).
 *
 * Shared by the client (which signs) and the simulator (which verifies), so both sides agree by
 * construction and the tests against python3-cs prove the pair against an outside implementation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A request's parameters in the order they will be sent; names are sent as given. */
export type ParamList = Array<[name: string, value: string]>;

// Lone UTF-16 surrogates cannot be UTF-8 encoded; Java's encoder writes '?' for them.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Java's `URLEncoder.encode(value, "UTF-8")` with `+` replaced by `%20`, which is what the server
 * computes. Only `A-Z a-z 0-9 . - * _` stay as they are; `encodeURIComponent` also leaves
 * `! ' ( ) ~`, so those are encoded by hand.
 */
export function javaUrlEncode(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '?')).replace(
    /[!'()~]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/**
 * The string CloudStack signs: every parameter except `signature`, names sorted as sent with plain
 * code-unit order (Java `Collections.sort`), `name=encoded value` joined by `&`, all lower-cased.
 */
export function stringToSign(params: ParamList): string {
  return params
    .filter(([name]) => name.toLowerCase() !== 'signature')
    .map(([name, value]) => [name, value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${javaUrlEncode(value)}`)
    .join('&')
    .toLowerCase();
}

/** HMAC-SHA1 of the string to sign with the secret key, standard padded Base64. */
export function computeSignature(params: ParamList, secretKey: string): string {
  return createHmac('sha1', secretKey).update(stringToSign(params), 'utf8').digest('base64');
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(params: ParamList, secretKey: string, received: string): boolean {
  const expected = Buffer.from(computeSignature(params, secretKey));
  const actual = Buffer.from(received);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** `yyyy-MM-dd'T'HH:mm:ssZ` in UTC, e.g. `2026-11-24T10:15:00+0000`: the form CloudStack itself writes. */
export function formatCloudStackDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export interface SignOptions {
  apiKey: string;
  secretKey: string;
  /** 3 (default) adds `signatureVersion=3` and `expires`; 2 signs without an expiry. */
  signatureVersion?: 2 | 3;
  /** How long a version-3 signature stays valid (default 600 s, as python3-cs). */
  expiresInSeconds?: number;
  now?: () => Date;
}

/** Adds `apiKey` (and `signatureVersion`/`expires`) and returns the parameters with `signature` last. */
export function signParams(params: ParamList, options: SignOptions): ParamList {
  const signed: ParamList = [...params, ['apikey', options.apiKey]];
  if ((options.signatureVersion ?? 3) === 3) {
    const now = options.now?.() ?? new Date();
    const expires = new Date(now.getTime() + (options.expiresInSeconds ?? 600) * 1000);
    signed.push(['signatureversion', '3'], ['expires', formatCloudStackDate(expires)]);
  }
  signed.push(['signature', computeSignature(signed, options.secretKey)]);
  return signed;
}

/** Serialises parameters for a query string or a form body, encoded the way the server decodes them. */
export function encodeParams(params: ParamList): string {
  return params.map(([name, value]) => `${encodeURIComponent(name)}=${javaUrlEncode(value)}`).join('&');
}
