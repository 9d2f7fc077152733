/**
 * Masking for one call: knows which arguments are secrets (the model's sensitive params, secret
 * names, secret map entries) and which answer fields are (CloudStack's sensitive response fields,
 * secret names), and scrubs every secret value it has seen from any text it is given.
 */
import type { ApiModel } from '../model/types.ts';
import { collectSecretValues, isSecretName, MASK, maskText, maskValue, sensitiveFieldsOf } from './mask.ts';

export class CallRedactor {
  private readonly secrets = new Set<string>();
  private readonly responseFields: Set<string>;

  constructor(
    private readonly api: ApiModel | undefined,
    private readonly args: Record<string, unknown>,
  ) {
    this.responseFields = sensitiveFieldsOf(api);
    for (const [name, value] of Object.entries(args)) {
      if (this.isSecretParam(name)) collectAll(value, this.secrets);
      else {
        const keys = this.mapKeys(name);
        collectSecretValues(value, new Set(keys), this.secrets);
        for (const entry of Array.isArray(value) ? value : [value]) {
          const pair = entry as { key?: unknown; value?: unknown } | null;
          if (pair && typeof pair.key === 'string' && keys.includes(pair.key.toLowerCase()) && pair.value != null) {
            this.secrets.add(String(pair.value));
          }
        }
      }
    }
  }

  private isSecretParam(name: string): boolean {
    return (
      // A map with named secret keys masks just those entries (mapKeys), not the whole map.
      this.api?.params.some((p) => p.name === name && p.sensitive && !p.sensitiveMapKeys?.length) === true ||
      isSecretName(name) ||
      // Setting-style calls (updateConfiguration name=ldap.bind.password value=…): the name says it.
      (name === 'value' && typeof this.args.name === 'string' && isSecretName(this.args.name))
    );
  }

  private mapKeys(name: string): string[] {
    return (this.api?.params.find((p) => p.name === name)?.sensitiveMapKeys ?? []).map((k) => k.toLowerCase());
  }

  /** The arguments as they may be written to the audit log or shown in an error. */
  maskedArgs(): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(this.args).map(([name, value]) => [
        name,
        this.isSecretParam(name) ? MASK : maskPairs(maskValue(value, new Set(this.mapKeys(name))), this.mapKeys(name)),
      ]),
    );
  }

  /** An answer with every secret field masked; the secret values are remembered for text scrubbing. */
  maskContent<T>(content: T): T {
    return maskValue(content, this.responseFields, this.secrets);
  }

  /** Records the answer's secret values without masking it (--reveal-secrets: output shows them, logs do not). */
  remember(content: unknown): void {
    collectSecretValues(content, this.responseFields, this.secrets);
  }

  maskText(text: string): string {
    return maskText(text, this.secrets);
  }
}

function collectAll(value: unknown, into: Set<string>): void {
  if (typeof value === 'string' && value) into.add(value);
  else if (typeof value === 'number') into.add(String(value));
  else if (Array.isArray(value)) value.forEach((v) => collectAll(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectAll(v, into));
}

/** `{key: "secretkey", value: "..."}` entries of map arguments whose key is a secret sub-key. */
function maskPairs<T>(value: T, secretKeys: string[]): T {
  if (!Array.isArray(value)) return value;
  return value.map((entry) =>
    entry && typeof entry === 'object' && typeof (entry as any).key === 'string' && secretKeys.includes((entry as any).key.toLowerCase())
      ? { ...entry, value: MASK }
      : entry,
  ) as T;
}
