/**
 * Hand-built API models for unit tests: just the fields the client reads, the rest filled with
 * neutral values, so each test states only what matters to it.
 */
import type { ApiModel, ApiModelDocument, MapShape, ParamModel, WireEncoding } from '../../src/model/types.ts';

export function param(name: string, encoding: WireEncoding, extra: Partial<ParamModel> = {}): ParamModel {
  return {
    name,
    type: encoding === 'integer' ? 'long' : encoding === 'number' ? 'double' : encoding,
    encoding,
    required: false,
    description: name,
    ...extra,
  };
}

export function mapParam(name: string, mapShape: MapShape): ParamModel {
  return param(name, 'map', { mapShape });
}

export function apiModel(name: string, params: ParamModel[], extra: Partial<ApiModel> = {}): ApiModel {
  const verb = /^[a-z]+/.exec(name)?.[0] ?? name;
  const read = verb === 'list' || name === 'queryAsyncJobResult';
  return {
    name,
    toolName: name,
    title: name,
    category: 'test',
    verb,
    isAsync: false,
    description: name,
    params,
    response: [],
    responseKind: read ? 'list' : 'object',
    access: read ? 'read' : 'mutate',
    annotations: { readOnlyHint: read, destructiveHint: false, idempotentHint: read, openWorldHint: true },
    requestHasSensitiveInfo: false,
    responseHasSensitiveInfo: false,
    sensitiveResponseFields: [],
    roles: [],
    authenticator: false,
    ...extra,
  };
}

export function modelDocument(apis: ApiModel[]): ApiModelDocument {
  return { cloudstackVersion: 'test', snapshot: 'test', hasMeta: false, categories: [], apis };
}
