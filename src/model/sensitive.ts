/**
 * Sensitive values: which params and response fields carry credentials, by name, with
 * overrides/sensitive.ts for what a name does not reveal (`addSwift.key`, the `details` map of
 * image stores carrying S3 keys) or gets wrong. A sensitive param is masked in logs, audit and
 * errors, and its API is sent by POST (`requestHasSensitiveInfo`).
 */
import type { SensitiveParamOverride } from './overrides.ts';
import type { ParamModel } from './types.ts';

/**
 * The one rule for secret names, used at build time (params and answer fields of the model), at
 * run time (masking answers, arguments, audit lines: src/safety/mask.ts) and by the free-text
 * scrubber (`name=value` echoes in error texts). A name is compared in its last dotted part
 * (`ldap.bind.password`, `user.secretkey`), lower case, without `_` and `-`: `secret_key`,
 * `Secret-Key` and `secretkey` are one name.
 */
export function normaliseSecretName(name: string): string {
  const leaf = name.slice(name.lastIndexOf('.') + 1);
  return leaf.toLowerCase().replace(/[_-]/g, '');
}

/**
 * Names that are credentials, on the normalised name. Anchored at the end so flags about
 * credentials stay visible: `passwordenabled`, `ispasswordenabled`, `apikeyaccess`, `sshkeyenabled`,
 * `update_passwd_on_host`.
 */
const SECRET_NAME_RULES: readonly RegExp[] = [
  /pass(word|wd|phrase)?$/, //          password, currentpassword, vsmpassword, bindpass, truststorepass, passphrase, encryptedpassword
  /secret(key|code|keyvalue)?$/, //     secretkey, secret_key, usersecretkey, secretcode, clientsecret, sharedsecret, key_secret
  /^(user)?apikey$/, //                 apikey, api_key: with the secret key it signs requests
  /privatekey$/, //                     privatekey, private_key
  /accesskey(id)?$/, //                 S3 / object store access key (the other half of secretkey), access_key, accesskeyid
  /token$/, //                          console endpoint, project invitation, password-reset, OAuth access and refresh tokens
  /sessionkey$/, //                     sessionkey, session_key
  /presharedkey$|psk$/, //              IPsec pre-shared keys (presharedkey, ipsecpsk)
  /^(encryption|certificate)key$/, //   encryption keys, a certificate's private key
];

/** A credential word anywhere in a longer name (`ldappasswordhash`-style details), unless the name is a flag, id or policy about it. */
const SECRET_FRAGMENT = /password|secret|privatekey|passphrase|presharedkey|accesskey|apikey|sessionkey/;
const NOT_SECRET_FRAGMENT = /^is|enabled$|required$|policy$|length$|ids?$|name$|type$|access$|expir|reset/;

/** Names the rules above match that are not credentials. */
const NOT_SECRET_NAMES: ReadonlySet<string> = new Set([
  // ZoneResponse.zonetoken: a random zone identifier, no longer used to authenticate anything;
  // masking it would make listZones a secret-returning call.
  'zonetoken',
  // This server's own one-time confirmation token: the caller must see it to confirm a call.
  'confirmationtoken',
]);

export function isSecretName(name: string): boolean {
  let secret = decided.get(name);
  if (secret === undefined) {
    const normal = normaliseSecretName(name);
    secret =
      !NOT_SECRET_NAMES.has(normal) &&
      (SECRET_NAME_RULES.some((rule) => rule.test(normal)) || (SECRET_FRAGMENT.test(normal) && !NOT_SECRET_FRAGMENT.test(normal)));
    // Field names repeat in every item of every answer; the set of distinct names stays small.
    if (decided.size < 10_000) decided.set(name, secret);
  }
  return secret;
}

const decided = new Map<string, boolean>();

/**
 * What the free-text scrubber masks after `name=` or `"name":`: a secret name, or `signature`, the
 * request signature of CloudStack's wire protocol (a request URL echoed by a proxy). `signature` is
 * not a secret name in data: the upload signature of getUploadParamsFor* answers is what the caller
 * needs to upload.
 */
export function isSecretInText(name: string): boolean {
  return isSecretName(name) || normaliseSecretName(name) === 'signature';
}

/** The sensitivity fields of a ParamModel: name rule, then the override. Empty when not sensitive. */
export function paramSensitivity(
  name: string,
  override: SensitiveParamOverride | undefined,
): Pick<ParamModel, 'sensitive' | 'sensitiveMapKeys' | 'credentialsInUrl'> {
  const hasSecretParts = Boolean(override?.mapKeys?.length) || override?.credentialsInUrl === true;
  const sensitive = override?.sensitive ?? (hasSecretParts || isSecretName(name));
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
    if (isSecretName(field.name)) found.push(field.name);
    for (const child of field.fields ?? []) {
      if (isSecretName(child.name)) found.push(`${field.name}.${child.name}`);
    }
  }
  return found;
}
