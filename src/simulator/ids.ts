/** Identifiers and keys that look like CloudStack's. */
import { randomBytes, randomUUID } from 'node:crypto';

export const newUuid = (): string => randomUUID();

const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** CloudStack's `UuidUtils.isUuid` shape check. */
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

/** API and secret keys: 64 random bytes, base64url without padding = 86 characters (AccountManagerImpl). */
export const newApiKey = (): string => randomBytes(64).toString('base64url');
