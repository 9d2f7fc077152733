/**
 * Short, masked excerpts of response bodies for error messages. A body that failed to parse may
 * still carry secrets (a user's `secretkey` in listUsers, a VPN `presharedkey`, ...), so values of
 * secret-looking fields and the client's own credentials are replaced before the text is shown.
 */

import { isSecretInText } from '../model/sensitive.ts';

// One rule decides what a secret is (src/model/sensitive.ts); the request signature counts here too.
const SECRET_FIELD = { test: (field: string) => isSecretInText(field) };

// "field": "value"  |  field=value  |  <field>value</field>
// A value cut off by the end of the text still counts (the excerpt is taken from a prefix).
const JSON_FIELD = /("([A-Za-z0-9_.-]+)"\s*:\s*)"((?:[^"\\]|\\.)*)(?:"|$)/g;
const FORM_FIELD = /\b([A-Za-z0-9_.-]+)=([^&\s"'<>]*)/g;
const XML_FIELD = /<([A-Za-z0-9_.-]+)>([^<]*)<\/\1>/g;

export const MASK = '***';

/** Replaces secret-looking field values and every given secret string by `***`. */
export function maskSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of knownSecrets) {
    // Short strings would mask random text and tell nothing; real keys are long.
    if (secret.length >= 6) masked = masked.split(secret).join(MASK);
  }
  masked = masked.replace(JSON_FIELD, (all, prefix: string, field: string) =>
    SECRET_FIELD.test(field) ? `${prefix}"${MASK}"` : all,
  );
  masked = masked.replace(FORM_FIELD, (all, field: string) => (SECRET_FIELD.test(field) ? `${field}=${MASK}` : all));
  masked = masked.replace(XML_FIELD, (all, field: string) =>
    SECRET_FIELD.test(field) ? `<${field}>${MASK}</${field}>` : all,
  );
  return masked;
}

/** The first `maxLength` characters of a body on one line, masked. */
export function maskedExcerpt(body: string, knownSecrets: readonly string[] = [], maxLength = 200): string {
  // Mask before cutting so a secret split by the limit cannot leak its first part; the prefix
  // bounds the work for multi-megabyte bodies.
  const oneLine = maskSecrets(body.slice(0, 8192), knownSecrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength)}…` : oneLine;
}
