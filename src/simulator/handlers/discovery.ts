/** listApis per role (ApiDiscoveryServiceImpl). */
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
};
