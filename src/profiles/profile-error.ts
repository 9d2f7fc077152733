/**
 * A problem with a profile, a config file or a secret source. src/config.ts turns it into its own
 * ConfigError (exit 2 with the message); kept apart so src/profiles needs nothing from src/config.ts
 * at run time. Messages name the file, the profile and the field, never a secret's value.
 */
export class ProfileError extends Error {
  override name = 'ProfileError';
}
