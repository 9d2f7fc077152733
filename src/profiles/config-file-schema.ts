/**
 * The JSON Schema of `config.json` (checked with ajv before anything in it is used). Unknown keys
 * are errors, not warnings: a misspelt `readOnly` must not quietly leave a profile writable.
 * Which of a secret's sources is given (exactly one) is checked after the schema, for a clearer
 * message than ajv's oneOf report.
 */
export const PROFILE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

const nonEmptyString = { type: 'string', minLength: 1, maxLength: 4096 } as const;
const positiveInteger = { type: 'integer', minimum: 1 } as const;
const commandArgv = { type: 'array', minItems: 1, maxItems: 64, items: nonEmptyString } as const;
const envName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 256 } as const;

/** The ways to give one secret: `<name>`, `<name>File`, `<name>Command`, `<name>Env`. */
function secretProperties(name: string): Record<string, object> {
  return { [name]: nonEmptyString, [`${name}File`]: nonEmptyString, [`${name}Command`]: commandArgv, [`${name}Env`]: envName };
}

export const PROFILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: nonEmptyString,
    ...secretProperties('apiKey'),
    ...secretProperties('secretKey'),
    /** How long a secret's command may run. */
    secretCommandTimeoutMs: positiveInteger,
    verifyTls: { type: 'boolean' },
    caFile: nonEmptyString,
    timeoutMs: positiveInteger,
    jobTimeoutMs: positiveInteger,
    tools: { enum: ['discovery', 'all'] },
    toolsets: { type: 'array', maxItems: 256, items: nonEmptyString },
    readOnly: { type: 'boolean' },
    confirm: { enum: ['destructive', 'all-mutations', 'never'] },
    allowNoConfirmation: { type: 'boolean' },
    oneTimeSecrets: { enum: ['file', 'return', 'refuse'] },
    description: { type: 'string', maxLength: 4096 },
  },
} as const;

export const TOKEN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['identity', 'profile'],
  properties: {
    identity: { type: 'string', minLength: 1, maxLength: 256 },
    profile: { type: 'string', pattern: PROFILE_NAME_PATTERN },
    ...secretProperties('token'),
    tokenCommandTimeoutMs: positiveInteger,
  },
} as const;

export const CONFIG_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    defaultProfile: { type: 'string', pattern: PROFILE_NAME_PATTERN },
    profiles: {
      type: 'object',
      propertyNames: { pattern: PROFILE_NAME_PATTERN },
      additionalProperties: PROFILE_SCHEMA,
    },
    tokens: { type: 'array', maxItems: 10_000, items: TOKEN_SCHEMA },
  },
} as const;

/** The keys of a profile object, e.g. to suggest them for an unknown one. */
export const PROFILE_KEYS = Object.keys(PROFILE_SCHEMA.properties);
export const TOKEN_KEYS = Object.keys(TOKEN_SCHEMA.properties);
