/** listApis per role (ApiDiscoveryServiceImpl); listCapabilities with the served version. */
import { listApisNotFoundError } from '../errors.ts';
import { param } from './common.ts';
import type { HandlerTable } from './types.ts';

export const discoveryHandlers: HandlerTable = {
  listApis(context) {
    const name = param(context, 'name');
    const apis = context.services.listApis(context.caller, name);
    if (name !== undefined && apis.length === 0) throw listApisNotFoundError();
    return { kind: 'list', key: 'api', count: apis.length, items: apis };
  },
  // Clients (codegen --url, CloudMonkey) read the server's version here; the other capabilities
  // stay synthesised.
  listCapabilities(context) {
    const answer = context.synthesise();
    if (answer.kind !== 'object') return answer;
    return { ...answer, object: { ...answer.object, cloudstackversion: context.services.cloudstackVersion } };
  },
};
