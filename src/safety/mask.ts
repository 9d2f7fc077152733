/**
 * Credential masking. A value is secret when CloudStack says so (the meta file's sensitive response
 * fields), or when its name says so (secretkey, password, privatekey, token, ...). Masking works on
 * structured data by key and on free text by value: CloudStack echoes parameters in some error
 * texts, so every secret value seen in a request or an answer is also scrubbed from text.
 */
import type { ApiModel } from '../model/types.ts';

export const MASK = '********';

/**
 * Names whose values are credentials wherever they appear. `apikey` is one: with the secret key it
 * is a complete credential, and CloudStack itself marks it sensitive in user and key responses.
 */
const SECRET_NAME = new RegExp(
  [
    '^(secret_?key|secret|password|passwd|newpassword|currentpassword|oldpassword|privatekey|private_key',
    '|apikey|api_key|sessionkey|session_key|token|accesstoken|refreshtoken|access_?key|accesskeyid|secretaccesskey',
    '|passphrase|pass|sharedsecret|psk|ipsecpsk|presharedkey|clientsecret|secretkeyvalue|s3secretkey|s3accesskey',
    '|userpassword|vncpassword|bindpassword|encryptionkey|encryptionsecret|certificatekey|key_?secret)$',
  ].join(''),
  'i',
);

/** Name fragments that mark a credential even inside a longer name (e.g. `ldappassword`, `swiftkey`-style details). */
const SECRET_FRAGMENT = /(password|secret|privatekey|passphrase|presharedkey|accesskey|apikey|sessionkey)/i;

/** Names that contain a fragment above but are not secrets (flags, ids, policies). */
const NOT_SECRET = /(^is|enabled$|required$|policy$|length$|id$|ids$|name$|type$|access$|expir|reset)/i;

export function isSecretName(name: string): boolean {
  const base = name.split('.').pop() ?? name;
  if (SECRET_NAME.test(base)) return true;
  return SECRET_FRAGMENT.test(base) && !NOT_SECRET.test(base);
}

/** Fields an API's answer carries that CloudStack marks sensitive, as lower-case leaf names. */
export function sensitiveFieldsOf(api: ApiModel | undefined): Set<string> {
  return new Set((api?.sensitiveResponseFields ?? []).map((f) => (f.split('.').pop() ?? f).toLowerCase()));
}

/**
 * Collects the secret values of a JSON value (by field name), so they can be scrubbed from text.
 * Map-style pairs are covered too: `{key: "secretkey", value: "..."}` (image store details).
 */
export function collectSecretValues(value: unknown, extraFields: Set<string> = new Set(), found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectSecretValues(item, extraFields, found);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const pairName = typeof record.key === 'string' ? record.key : typeof record.name === 'string' ? record.name : undefined;
    for (const [key, child] of Object.entries(record)) {
      const secretByPair = key === 'value' && pairName !== undefined && isSecretName(pairName);
      if ((isSecretName(key) || extraFields.has(key.toLowerCase()) || secretByPair) && isMaskable(child)) {
        found.add(String(child));
      } else {
        collectSecretValues(child, extraFields, found);
      }
    }
  }
  return found;
}

const isMaskable = (value: unknown): value is string | number =>
  (typeof value === 'string' && value.length > 0) || typeof value === 'number';

/** A copy of `value` with every secret field's value replaced by the mask. */
export function maskValue<T>(value: T, extraFields: Set<string> = new Set()): T {
  if (Array.isArray(value)) return value.map((item) => maskValue(item, extraFields)) as T;
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const pairName = typeof record.key === 'string' ? record.key : typeof record.name === 'string' ? record.name : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) {
    const secretByPair = key === 'value' && pairName !== undefined && isSecretName(pairName);
    out[key] =
      (isSecretName(key) || extraFields.has(key.toLowerCase()) || secretByPair) && isMaskable(child)
        ? MASK
        : maskValue(child, extraFields);
  }
  return out as T;
}

/** Replaces every occurrence of the known secret values in a text (longest first). */
export function maskText(text: string, secrets: Iterable<string>): string {
  const values = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of values) result = result.split(secret).join(MASK);
  // Also catch `password=...`-style echoes of values we never saw (e.g. in a proxy's error page).
  return result.replace(
    /\b(password|secretkey|secret_key|privatekey|sessionkey|apikey|signature|token)(["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi,
    (_, name: string, sep: string) => `${name}${sep}${MASK}`,
  );
}
