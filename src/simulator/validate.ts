/**
 * Parameter checks CloudStack makes before a command runs (and before an async job is queued):
 * control characters (ApiServer), map keys (ParamUnpackWorker, 430), then per declared parameter
 * required/empty/type/length/UUID (ParamProcessWorker, 431), then the paging rules (BaseListCmd).
 */
import type { ApiModel, ParamModel } from '../model/types.ts';
import {
  ApiError,
  controlCharacterError,
  CsErrorCode,
  emptyParameterError,
  ErrorCode,
  invalidNumberError,
  invalidUuidError,
  malformedMapKeyError,
  missingParameterError,
  tooLongError,
  unparsableDateError,
} from './errors.ts';
import { isUuid } from './ids.ts';
import { parseExpires } from './auth.ts';

/** Parameters after validation: UUIDs translated (numeric ids → UUID), maps unpacked. */
export interface ValidatedParams {
  /** Scalar parameters by lower-cased name. */
  values: Map<string, string>;
  /** Map parameters by lower-cased name: one object per index, in index order. */
  maps: Map<string, Array<Record<string, string>>>;
}

export interface UuidPolicy {
  /** Whether a well-formed UUID names something this simulator knows. */
  exists(uuid: string): boolean;
  /** The UUID behind a numeric internal id, if any. */
  fromInternalId(internalId: number): string | undefined;
  /** APIs without a stateful handler accept any well-formed UUID: the simulator cannot know the entity. */
  acceptUnknown: boolean;
}

// 0x00-0x08, TAB, 0x0B, 0x0C, 0x0E-0x1F, DEL; LF and CR pass (ApiServer.java:580-598).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\x00-\x09\x0B\x0C\x0E-\x1F\x7F]/;

/** CloudStack's `default.page.size`: default and maximum. */
export const DEFAULT_MAX_PAGE_SIZE = 500;

export function checkControlCharacters(byName: Map<string, string>): void {
  for (const [name, value] of byName) {
    if (name !== 'activationrule' && CONTROL_CHARACTERS.test(value)) throw controlCharacterError(name);
  }
}

/** Splits `name[i].field` keys like ParamUnpackWorker; malformed keys are a 430. */
export function unpackMaps(byName: Map<string, string>): ValidatedParams {
  const values = new Map<string, string>();
  const indexed = new Map<string, Map<number, Record<string, string>>>();
  for (const [key, value] of byName) {
    const open = key.indexOf('[');
    if (open !== key.lastIndexOf('[')) throw malformedMapKeyError(key);
    if (open <= 0) {
      values.set(key, value);
      continue;
    }
    const close = key.indexOf(']');
    if (close < open || close !== key.lastIndexOf(']')) throw malformedMapKeyError(key);
    const dot = key.indexOf('.');
    if (dot < close) throw malformedMapKeyError(key);
    const indexText = key.slice(open + 1, close);
    if (!/^[+-]?\d+$/.test(indexText) || Math.abs(Number(indexText)) > 2147483647) throw malformedMapKeyError(key);
    const name = key.slice(0, open);
    let entries = indexed.get(name);
    if (!entries) indexed.set(name, (entries = new Map()));
    const index = Number(indexText);
    const entry = entries.get(index) ?? {};
    entry[key.slice(dot + 1)] = value;
    entries.set(index, entry);
  }
  const maps = new Map<string, Array<Record<string, string>>>();
  for (const [name, entries] of indexed) {
    maps.set(
      name,
      [...entries.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry),
    );
  }
  return { values, maps };
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  integer: [-2147483648, 2147483647],
  int: [-2147483648, 2147483647],
  short: [-32768, 32767],
  long: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Dates CloudStack parses for parameters: ISO with offset, `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd`. */
export function isParsableDate(value: string): boolean {
  if (parseExpires(value)) return true;
  return /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(value) && !Number.isNaN(Date.parse(value.slice(0, 10)));
}

function checkParam(api: ApiModel, param: ParamModel, value: string, params: ValidatedParams, uuids: UuidPolicy): void {
  const name = param.name.toLowerCase();
  switch (param.type) {
    case 'integer':
    case 'int':
    case 'short':
    case 'long': {
      if (value.trim() === '') {
        params.values.delete(name); // a blank integer is ignored
        return;
      }
      const [min, max] = INTEGER_RANGES[param.type];
      if (!/^[+-]?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        throw invalidNumberError(api.name, param.name, value);
      }
      return;
    }
    case 'double':
    case 'float':
      if (value.trim() === '') {
        params.values.delete(name);
        return;
      }
      if (Number.isNaN(Number(value))) throw invalidNumberError(api.name, param.name, value);
      return;
    case 'date':
      if (!isParsableDate(value)) throw unparsableDateError(api.name, value);
      return;
    case 'uuid': {
      if (value === '-1') return;
      if (isUuid(value)) {
        if (!uuids.acceptUnknown && !uuids.exists(value)) throw invalidUuidError(api.name, param.name, value);
        return;
      }
      if (param.since !== undefined) {
        // ParamProcessWorker: params with `since` treat a non-UUID value as not given.
        params.values.delete(name);
        return;
      }
      const internal = /^\d+$/.test(value) ? uuids.fromInternalId(Number(value)) : undefined;
      if (!internal) throw invalidUuidError(api.name, param.name, value);
      params.values.set(name, internal);
      return;
    }
    case 'string':
      if (value.length > (param.length ?? 255)) throw tooLongError(api.name, param.name, param.length ?? 255);
      return;
    case 'map':
      // Sent bare instead of as name[i].field: the value cannot become a map.
      throw new ApiError(
        ErrorCode.PARAM_ERROR,
        `Unable to execute API command ${api.name.toLowerCase()} due to invalid value ${value} for parameter ${param.name}`,
        { csErrorCode: CsErrorCode.NONE },
      );
    default:
      return;
  }
}

/** Validates and converts every declared parameter of `api`; unknown parameters are kept, unchecked. */
export function validateParams(
  api: ApiModel,
  byName: Map<string, string>,
  uuids: UuidPolicy,
  maxPageSize: number,
): ValidatedParams {
  checkControlCharacters(byName);
  const params = unpackMaps(byName);
  for (const param of api.params) {
    const name = param.name.toLowerCase();
    const value = params.values.get(name);
    const present = value !== undefined || (param.type === 'map' && params.maps.has(name));
    if (!present) {
      if (param.required) throw missingParameterError(api.name, param.name);
      continue;
    }
    if (value === undefined) continue; // a map given as name[i].field
    if (param.required && value.trim() === '') throw emptyParameterError(param.name);
    checkParam(api, param, value, params, uuids);
  }
  checkPaging(api, params, maxPageSize);
  return params;
}

function pagingError(text: string): ApiError {
  return new ApiError(ErrorCode.PARAM_ERROR, text, { csErrorCode: CsErrorCode.INVALID_PARAMETER_VALUE });
}

/** BaseListCmd.getPageSizeVal/getStartIndex: `page` and `pagesize` together, pagesize ≤ max or -1. */
function checkPaging(api: ApiModel, params: ValidatedParams, maxPageSize: number): void {
  if (!api.params.some((p) => p.name === 'pagesize')) return;
  const page = params.values.get('page');
  const pageSize = params.values.get('pagesize');
  if (pageSize !== undefined && Number(pageSize) === -1) {
    if (page !== undefined) throw pagingError("Can't specify page parameter when pagesize is -1 (Unlimited)");
    return;
  }
  if (pageSize !== undefined && page === undefined) throw pagingError('"page" parameter is required when "pagesize" is specified');
  if (page !== undefined && pageSize === undefined) throw pagingError('"pagesize" parameter is required when "page" is specified');
  if (pageSize !== undefined && Number(pageSize) > maxPageSize) {
    throw pagingError(`Page size can't exceed max allowed page size value: ${maxPageSize}`);
  }
}
