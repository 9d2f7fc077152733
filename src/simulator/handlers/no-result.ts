/**
 * Commands whose job ends without a result: they set no response object, so CloudStack stores a
 * null result and queryAsyncJobResult shows a succeeded job with no `jobresult`
 * (JobSerializerHelper.toSerializedString(null) is null). The reasons are in overrides/response-keys.ts.
 */
import { compareVersions } from '../../model/overrides.ts';
import type { Answer } from '../envelope.ts';
import type { CallContext, HandlerTable } from './types.ts';

const NO_RESULT: Answer = { kind: 'none' };

export const noResultHandlers: HandlerTable = {
  // execute() drops the controller resourceManager.addController returns.
  addOpenDaylightController: () => NO_RESULT,
  // Before 4.22 the response is set in create(), on another instance than the job's.
  createCounter: (context: CallContext) =>
    compareVersions(context.services.cloudstackVersion, '4.22.0.0') < 0 ? NO_RESULT : context.synthesise(),
};
