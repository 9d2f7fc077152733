/**
 * Credential masking. A value is secret when CloudStack says so (the meta file's sensitive response
 * fields), or when its name says so (secretkey, password, privatekey, token, ...: `isSecretName` of
 * src/model/sensitive.ts, the rule the model is built with). Masking works on
 * structured data by key and on free text by value: CloudStack echoes parameters in some error
 * texts, so every secret value seen in a request or an answer is also scrubbed from text.
 */
import { isSecretInText, isSecretName } from '../model/sensitive.ts';
import type { ApiModel } from '../model/types.ts';

/** The one secret-name rule of the model (build time and run time alike). */
export { isSecretName };

export const MASK = '********';

/** Fields an API's answer carries that CloudStack marks sensitive, as lower-case leaf names. */
export function sensitiveFieldsOf(api: ApiModel | undefined): Set<string> {
  return new Set((api?.sensitiveResponseFields ?? []).map((f) => (f.split('.').pop() ?? f).toLowerCase()));
}

/**
 * Collects the secret values of a JSON value (by field name), so they can be scrubbed from text.
 * Map-style pairs are covered too: `{key: "secretkey", value: "..."}` (image store details).
 * The same walk as maskValue's, the masked copy left unused.
 */
export function collectSecretValues(value: unknown, extraFields: Set<string> = new Set(), found: Set<string> = new Set()): Set<string> {
  maskValue(value, extraFields, found);
  return found;
}

const isMaskable = (value: unknown): value is string | number =>
  (typeof value === 'string' && value.length > 0) || typeof value === 'number';

/**
 * `value` with every secret field's value replaced by the mask, each secret value masked added to
 * `found` (for text scrubbing). Copy on write: what holds no secret is returned as it is (an answer
 * of 25 VMs is mostly that), the rest is copied, never changed.
 */
export function maskValue<T>(value: T, extraFields: Set<string> = new Set(), found?: Set<string>): T {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const masked = maskValue(item, extraFields, found);
      if (masked !== item) (out ??= [...value])[i] = masked;
    });
    return (out ?? value) as T;
  }
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const pairName = typeof record.key === 'string' ? record.key : typeof record.name === 'string' ? record.name : undefined;
  let out: Record<string, unknown> | undefined;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const child = record[key];
    const secretByPair = key === 'value' && pairName !== undefined && isSecretName(pairName);
    let masked: unknown;
    if ((isSecretName(key) || extraFields.has(key.toLowerCase()) || secretByPair) && isMaskable(child)) {
      found?.add(String(child));
      masked = MASK;
    } else {
      masked = maskValue(child, extraFields, found);
    }
    if (masked !== child) (out ??= { ...record })[key] = masked;
  }
  return (out ?? record) as T;
}

/** Replaces every occurrence of the known secret values in a text (longest first). */
export function maskText(text: string, secrets: Iterable<string>): string {
  const values = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of values) result = result.split(secret).join(MASK);
  return maskAssignments(result);
}

const NAME_AND_SEPARATOR = /\b([A-Za-z][\w.-]*)(["']?\s*[:=]\s*["']?)/g;
const ASSIGNED_VALUE = /[^\s"'&,;}]+/y;

/**
 * Masks the value of every `name=value`, `name: value` or `"name": "value"` whose name is a secret
 * (the model's rule): echoes of values never seen, e.g. in a proxy's error page. A value that is
 * not a secret is scanned too (`failed: secret_key=...`).
 */
function maskAssignments(text: string): string {
  const names = new RegExp(NAME_AND_SEPARATOR);
  let out = '';
  let copied = 0;
  for (let match = names.exec(text); match; match = names.exec(text)) {
    if (!isSecretInText(match[1])) continue;
    ASSIGNED_VALUE.lastIndex = names.lastIndex;
    if (!ASSIGNED_VALUE.exec(text)) continue;
    out += text.slice(copied, names.lastIndex) + MASK;
    copied = names.lastIndex = ASSIGNED_VALUE.lastIndex;
  }
  return out + text.slice(copied);
}
