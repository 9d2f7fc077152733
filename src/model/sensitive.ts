/**
 * Sensitive values: which params and response fields carry credentials, by name, with
 * overrides/sensitive.ts for what a name does not reveal (`addSwift.key`, the `details` map of
 * image stores carrying S3 keys) or gets wrong. A sensitive param is masked in logs, audit and
 * errors, and its API is sent by POST (`requestHasSensitiveInfo`).
 */
import type { SensitiveParamOverride } from './overrides.ts';
import type { ParamModel } from './types.ts';

/**
 * Names that are credentials. Anchored at the end so flags about credentials stay visible:
 * `passwordenabled`, `ispasswordenabled`, `apikeyaccess`, `sshkeyenabled`, `update_passwd_on_host`.
 */
const SENSITIVE_NAME_RULES: readonly RegExp[] = [
  /pass(word|wd|phrase)?$/, // password, currentpassword, vsmpassword, bindpass, truststorepass, dockerregistrypassword
  /secret(key|code)?$/, //      secretkey, usersecretkey, secretcode, clientsecret
  /^(user)?apikey$/, //         an API key together with its secret key signs requests
  /privatekey$/,
  /accesskey$/, //              S3 / object store access key (the other half of secretkey)
  /token$/, //                  console endpoint, project invitation and password-reset tokens
  /sessionkey$/,
  /presharedkey$|psk$/, //      IPsec pre-shared keys (presharedkey, ipsecpsk)
  /^encryptedpassword$/,
];

/** Names the rules above match that are not credentials. */
const NOT_SENSITIVE_NAMES: ReadonlySet<string> = new Set([
  // ZoneResponse.zonetoken: a random zone identifier, no longer used to authenticate anything;
  // masking it would make listZones a secret-returning call.
  'zonetoken',
]);

export function isSensitiveName(name: string): boolean {
  const lower = name.toLowerCase();
  if (NOT_SENSITIVE_NAMES.has(lower)) return false;
  return SENSITIVE_NAME_RULES.some((rule) => rule.test(lower));
}

/** The sensitivity fields of a ParamModel: name rule, then the override. Empty when not sensitive. */
export function paramSensitivity(
  name: string,
  override: SensitiveParamOverride | undefined,
): Pick<ParamModel, 'sensitive' | 'sensitiveMapKeys' | 'credentialsInUrl'> {
  const hasSecretParts = Boolean(override?.mapKeys?.length) || override?.credentialsInUrl === true;
  const sensitive = override?.sensitive ?? (hasSecretParts || isSensitiveName(name));
  if (!sensitive) return {};
  return {
    sensitive: true,
    ...(override?.mapKeys?.length ? { sensitiveMapKeys: [...override.mapKeys] } : {}),
    ...(override?.credentialsInUrl ? { credentialsInUrl: true } : {}),
  };
}

interface NamedField {
  name: string;
  fields?: readonly NamedField[];
}

/**
 * Response fields (top level and one nested level, `user.secretkey`) whose names are credentials.
 * Tag keys (`tags.key`) are not: the rules never match a bare `key`.
 */
export function sensitiveResponseFieldsByName(fields: readonly NamedField[]): string[] {
  const found: string[] = [];
  for (const field of fields) {
    if (isSensitiveName(field.name)) found.push(field.name);
    for (const child of field.fields ?? []) {
      if (isSensitiveName(child.name)) found.push(`${field.name}.${child.name}`);
    }
  }
  return found;
}
