/**
 * CloudStack keys are base64url and may start with a dash; node's parseArgs refuses
 * `--secret-key -Abc…` as ambiguous. Credential flags therefore take the next token as their value
 * whatever it looks like (`--secret-key=-Abc…`).
 */
export const CREDENTIAL_FLAGS = ['--api-key', '--secret-key'] as const;

export function joinCredentialValues(argv: readonly string[], flags: readonly string[] = CREDENTIAL_FLAGS): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (flags.includes(argv[i]) && next !== undefined) {
      joined.push(`${argv[i]}=${next}`);
      i++;
    } else {
      joined.push(argv[i]);
    }
  }
  return joined;
}
