/**
 * CloudStack's error answers: the codes of `ApiErrorCode`, the exact texts of the servlet and the
 * parameter workers, and the rule for which envelope key an error goes under.
 */

/** `ApiErrorCode` values the simulator emits (CS api/.../ApiErrorCode.java). */
export const ErrorCode = {
  UNAUTHORIZED: 401,
  METHOD_NOT_ALLOWED: 405,
  MALFORMED_PARAMETER: 430,
  PARAM_ERROR: 431,
  UNSUPPORTED_ACTION: 432,
  INTERNAL_ERROR: 530,
  ACCOUNT_ERROR: 531,
  RESOURCE_UNAVAILABLE: 534,
  RESOURCE_IN_USE: 536,
  NETWORK_RULE_CONFLICT: 537,
} as const;

/** `CSExceptionErrorCode` values: which exception class raised the error. */
export const CsErrorCode = {
  CLOUD_RUNTIME: 4250,
  INVALID_PARAMETER_VALUE: 4350,
  PERMISSION_DENIED: 4365,
  RESOURCE_IN_USE: 4375,
  NETWORK_RULE_CONFLICT: 4360,
  /** A ServerApiException raised without a cause. */
  NONE: 9999,
} as const;

export interface ApiErrorOptions {
  /** Absent for the servlet's own errors (401 credential failures): then no X-Description either. */
  csErrorCode?: number;
  /** Force the `errorresponse` key (432, unknown command, no parameters). */
  errorResponseKey?: boolean;
  uuidList?: Array<{ uuid: string; description: string }>;
}

/** An error CloudStack answers with; thrown anywhere in request handling or inside a job. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: number;
  readonly csErrorCode?: number;
  readonly errorResponseKey: boolean;
  readonly uuidList: Array<{ uuid: string; description: string }>;

  constructor(code: number, text: string, options: ApiErrorOptions = {}) {
    super(text);
    this.code = code;
    this.csErrorCode = options.csErrorCode;
    this.errorResponseKey = options.errorResponseKey ?? code === ErrorCode.UNSUPPORTED_ACTION;
    this.uuidList = options.uuidList ?? [];
  }

  /** The body fields in CloudStack's order (ExceptionResponse: uuidList, errorcode, cserrorcode, errortext). */
  body(): Record<string, unknown> {
    const body: Record<string, unknown> = { uuidList: this.uuidList, errorcode: this.code };
    if (this.csErrorCode !== undefined) body.cserrorcode = this.csErrorCode;
    body.errortext = this.message;
    return body;
  }
}

/** `<name>` in texts is the API name lower-cased (BaseCmd.getCommandName without "response"). */
const lower = (apiName: string) => apiName.toLowerCase();

export const CREDENTIALS_TEXT = 'unable to verify user credentials and/or request signature';

/** Credential failures: bad/missing signature or key, expired or missing `expires` with v3. */
export function credentialsError(commandKnown: boolean): ApiError {
  return new ApiError(ErrorCode.UNAUTHORIZED, CREDENTIALS_TEXT, { errorResponseKey: !commandKnown });
}

/** The dynamic-role checker's denial (UnavailableCommandException → 432 under `errorresponse`). */
export function roleDeniedError(apiName: string, userId: string): ApiError {
  return new ApiError(
    ErrorCode.UNSUPPORTED_ACTION,
    `The API [${apiName}] does not exist or is not available for the account for user id [${userId}].`,
    { csErrorCode: CsErrorCode.NONE, errorResponseKey: true },
  );
}

export function missingParameterError(apiName: string, param: string): ApiError {
  return new ApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to execute API command ${lower(apiName)} due to missing parameter ${param}`,
    { csErrorCode: CsErrorCode.NONE },
  );
}

export function emptyParameterError(param: string): ApiError {
  return new ApiError(ErrorCode.PARAM_ERROR, `Invalid value provided for API arg: ${param}`, {
    csErrorCode: CsErrorCode.INVALID_PARAMETER_VALUE,
  });
}

/** Unknown UUID, or a value that is neither UUID nor numeric id (ParamProcessWorker). */
export function invalidUuidError(apiName: string, param: string, value: string): ApiError {
  return new ApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to execute API command ${lower(apiName)} due to invalid value. Invalid parameter ${param} value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`,
    { csErrorCode: CsErrorCode.NONE },
  );
}

export function invalidNumberError(apiName: string, param: string, value: string): ApiError {
  return new ApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to execute API command ${lower(apiName)} due to invalid value ${value} for parameter ${param}`,
    { csErrorCode: CsErrorCode.NONE },
  );
}

export function unparsableDateError(apiName: string, value: string): ApiError {
  return new ApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to parse date ${value} for command ${lower(apiName)}, please pass dates in the format mentioned in the api documentation`,
    { csErrorCode: CsErrorCode.NONE },
  );
}

/**
 * CloudStack names the Java field here; the snapshot does not carry field names, so the simulator
 * uses the API parameter name (identical for almost every parameter).
 */
export function tooLongError(apiName: string, param: string, maxLength: number): ApiError {
  return new ApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to execute API command ${lower(apiName)} due to invalid value. Value greater than max allowed length ${maxLength} for param: ${param}`,
    { csErrorCode: CsErrorCode.NONE },
  );
}

export function controlCharacterError(param: string): ApiError {
  return new ApiError(
    ErrorCode.PARAM_ERROR,
    `Received value containing illegal ASCII non-printable characters for parameter ${param}`,
    { csErrorCode: CsErrorCode.NONE },
  );
}

export function malformedMapKeyError(key: string): ApiError {
  return new ApiError(
    ErrorCode.MALFORMED_PARAMETER,
    `Unable to decode parameter ${key}; if specifying an object array, please use parameter[index].field=XXX, e.g. userGroupList[0].group=httpGroup`,
    { csErrorCode: CsErrorCode.NONE },
  );
}

/** InvalidParameterValueException raised while a command runs (431, cserrorcode 4350). */
export function invalidParameterValue(text: string): ApiError {
  return new ApiError(ErrorCode.PARAM_ERROR, text, { csErrorCode: CsErrorCode.INVALID_PARAMETER_VALUE });
}

/** PermissionDeniedException while a command runs: 531, not 401 (ApiServer.java:662-713). */
export function permissionDenied(text: string): ApiError {
  return new ApiError(ErrorCode.ACCOUNT_ERROR, text, { csErrorCode: CsErrorCode.PERMISSION_DENIED });
}

export function resourceInUse(text: string): ApiError {
  return new ApiError(ErrorCode.RESOURCE_IN_USE, text, { csErrorCode: CsErrorCode.RESOURCE_IN_USE });
}

export function internalError(text: string): ApiError {
  return new ApiError(ErrorCode.INTERNAL_ERROR, text, { csErrorCode: CsErrorCode.CLOUD_RUNTIME });
}

export function listApisNotFoundError(): ApiError {
  return new ApiError(
    ErrorCode.INTERNAL_ERROR,
    'Api Discovery plugin was unable to find an api by that name or process any apis',
    { csErrorCode: CsErrorCode.NONE },
  );
}
