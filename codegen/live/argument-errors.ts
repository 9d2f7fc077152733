/**
 * parseArgs messages quote a stray positional argument verbatim; when someone forgets
 * `--secret-key` before the secret, that argument is the secret. Show the message without it.
 */
export function safeArgumentError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/Unexpected argument '.*?'/s, 'Unexpected positional argument (not shown: it may be a key)');
}
