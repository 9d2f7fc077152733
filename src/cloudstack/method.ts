/**
 * GET or POST. Both reach the same handler; POST keeps secrets out of URLs (access logs, proxies)
 * and lifts the ~8 KB request-line limit of the server's container.
 */
import { isSecretName } from '../model/sensitive.ts';
import type { ApiModel } from '../model/types.ts';
import type { ParamList } from './signer.ts';

export type HttpMethod = 'GET' | 'POST';

/**
 * Whether a parameter's value must not appear in a URL: a secret by the model's one rule, or user
 * data (CloudMonkey switches to POST on it too: scripts often carry credentials).
 */
export function mustNotBeInUrl(name: string): boolean {
  return isSecretName(name) || /userdata/i.test(name);
}

/** Above this many characters of query string the request goes as a form body. */
export const MAX_GET_QUERY_LENGTH = 4096;

export function chooseMethod(fields: {
  api?: ApiModel;
  params: ParamList;
  encodedLength: number;
  forced?: HttpMethod;
}): HttpMethod {
  if (fields.forced) return fields.forced;
  if (fields.api?.requestHasSensitiveInfo) return 'POST';
  if (fields.params.some(([name]) => mustNotBeInUrl(name))) return 'POST';
  return fields.encodedLength > MAX_GET_QUERY_LENGTH ? 'POST' : 'GET';
}
