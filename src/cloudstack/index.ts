/** The CloudStack client runtime: what the MCP server and the generated typed client use. */
export { CloudStackClient, type CloudStackClientOptions, type RequestOptions, type CallTimingOptions } from './client.ts';
export type { ApiCaller, CallOptions, JobProgress } from './caller.ts';
export { createApiLookup, type ApiLookup } from './api-lookup.ts';
export { encodeArgs } from './encode.ts';
export { readEnvelope, parseCloudStackJson, type JsonObject, type RawAnswer } from './envelope.ts';
export {
  CloudStackError,
  CloudStackApiError,
  CloudStackHttpError,
  CloudStackProtocolError,
  CloudStackNetworkError,
  CloudStackTimeoutError,
  CloudStackAbortedError,
  CloudStackJobError,
  CloudStackJobWaitError,
  CloudStackJobTimeoutError,
  CloudStackJobAbortedError,
  CloudStackEncodingError,
  CloudStackConnectionWaitError,
  type CloudStackUuidRef,
} from './errors.ts';
export { maskSecrets, maskedExcerpt } from './excerpt.ts';
export { DEFAULT_JOB_POLLING, waitForJob, jobFailure, pollDelays, type JobPollingOptions, type WaitForJobOptions, type JobQuery } from './jobs.ts';
export { stderrLogger, type CloudStackLogger } from './logger.ts';
export { chooseMethod, MAX_GET_QUERY_LENGTH, type HttpMethod } from './method.ts';
export { DEFAULT_PAGE_SIZE, listAll, listItems, type ListAllOptions, type ListResult, type PageSource } from './paging.ts';
export { DEFAULT_RETRY_POLICY, isReadOnlyCall, isRetryableFailure, type RetryPolicy } from './retry.ts';
export { computeSignature, encodeParams, formatCloudStackDate, javaUrlEncode, signParams, stringToSign, type ParamList } from './signer.ts';
export { describeEndpoint, type ExchangeTiming, type TlsOptions } from './transport.ts';
