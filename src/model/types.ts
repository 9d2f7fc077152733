/**
 * The API model: the contract between the generator, the generated code and the runtime.
 *
 * `codegen` turns a listApis document (+ its .meta.json + overrides) into one `ApiModelDocument`;
 * every generated file is rendered from it, and the runtime (client, MCP server, simulator) reads it.
 * The runtime builds the same model at run time only for APIs a live server has that the snapshot lacks.
 */

/** A JSON Schema fragment (draft 2020-12 / draft-07 compatible subset, valid in ajv strict mode). */
export type JsonSchema = { [keyword: string]: unknown };

/** How a parameter value travels on the wire (see codegen/README.md, "Type mapping"). */
export type WireEncoding =
  | 'string' //  as is
  | 'uuid' //    as is
  | 'boolean' // true / false
  | 'integer' // decimal (integer, short, long)
  | 'number' //  decimal (double, float)
  | 'date' //    yyyy-MM-dd or ISO-8601 with offset, as given
  | 'list' //    JSON array of strings (or a comma string) sent comma-joined: ids=a,b,c
  | 'map' //     array of objects sent as name[i].field=value
  | 'object'; // raw string

/** The shape of a map parameter's items, which decides its JSON schema. */
export type MapShape =
  | 'key-value' //  [{key, value}]            e.g. tags
  | 'free-form' //  [{anyField: string, ...}]  e.g. details
  | 'name-value'; // [{name, value}]          e.g. counterparam

export interface ParamModel {
  /** Wire name, as listApis gives it (lower case except a few historical names). */
  name: string;
  /** The listApis type, lower-cased (`string`, `uuid`, `double`, ...; unknown types are kept here). */
  type: string;
  encoding: WireEncoding;
  required: boolean;
  description: string;
  /** Maximum length CloudStack accepts for a string value (listApis `length`). */
  length?: number;
  since?: string;
  /** APIs that return the entity this parameter refers to (where an id comes from). */
  related?: string[];
  mapShape?: MapShape;
  /** The values CloudStack accepts, where an override lists them (the schema's `enum`; the JSON Schema of a
   * param is derived from these fields by `paramSchemaOf`, src/model/schema.ts). */
  enum?: string[];
  /** The value is a credential (password, secret key, private key, ...): masked in logs, audit and errors; sent by POST. */
  sensitive?: boolean;
  /**
   * Map params only: the item keys whose values are credentials. For `key-value` maps the item
   * `{key: K, value: V}` with K in this list has a secret V; for `free-form` maps the item field
   * named K is secret. Present only when some keys are; the param itself is then `sensitive` too.
   */
  sensitiveMapKeys?: string[];
  /**
   * The value is a URL that may carry credentials in its user-info part (`rbd://user:secret@host/pool`):
   * mask `user:secret@`, keep the rest. The param is `sensitive` too (a runtime that does not
   * know this field masks the whole value).
   */
  credentialsInUrl?: boolean;
}

export interface ResponseFieldModel {
  name: string;
  /** The listApis response type, lower-cased (`string`, `long`, `list`, `set`, `map`, `date`, ...). */
  type: string;
  description: string;
  /** Documented child fields of a nested response object (one level in listApis). */
  fields?: ResponseFieldModel[];
}

/** read: changes nothing; mutate: changes state, recoverable; destructive: deletes, stops, revokes... */
export type AccessClass = 'read' | 'mutate' | 'destructive';

export type DangerSeverity = 'low' | 'medium' | 'high' | 'critical';

/** What kind of harm a destructive call can do. */
export type DangerCategory = 'data-loss' | 'availability' | 'infrastructure' | 'security' | 'access' | 'cost' | 'network';

/** What an operator must know before confirming a destructive call (src/model/danger.ts, overrides/dangerous-actions.ts). */
export interface DangerPolicy {
  severity: DangerSeverity;
  /** What kind of harm: 'data-loss' | 'availability' | 'infrastructure' | 'security' | 'access' | 'cost' | 'network' (a closed union type). */
  category: DangerCategory;
  /** One sentence: what the call does, e.g. "Deletes the zone." */
  whatItDoes: string;
  /** The warning shown before confirming, e.g. "Every pod, cluster, host and system VM of the zone must be removed first; the zone's configuration is lost." */
  warning: string;
  reversible: boolean;
  /** Impact scope, e.g. "the zone and everything configured in it". */
  scope: string;
  /** Where the policy comes from. */
  source: 'override' | 'default-rule';
}

export interface ToolAnnotations {
  title?: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * What the successful (sync, or async job) answer of an API looks like, inside its envelope
 * (CloudStack's vocabulary, as the snapshots' meta files trace it: src/model/response-shape.ts).
 */
export type ResponseKind =
  | 'list' //    {count, <itemKey>: [...]}; empty: {}
  | 'object' //  {<objectName>: {...}}
  | 'success' // {success: true, displaytext?}; an async job's result: {success: true, details?}
  | 'fields' //  the response's own fields right under the envelope (queryAsyncJobResult, login, logout)
  | 'authenticator'; // written by an authenticator command itself, shape not known: read what comes

export interface ApiModel {
  /** CloudStack API name, e.g. `listVirtualMachines`. */
  name: string;
  /** MCP tool name, e.g. `list_virtual_machines`. */
  toolName: string;
  /** Human title, e.g. `List virtual machines`. */
  title: string;
  /** Category (toolset) id, e.g. `virtual-machine`. */
  category: string;
  /** Leading verb of the API name, e.g. `list`, `deploy`, `delete`. */
  verb: string;
  isAsync: boolean;
  since?: string;
  description: string;
  params: ParamModel[];
  response: ResponseFieldModel[];
  responseKind: ResponseKind;
  /**
   * JSON key of the entity in the answer, case-sensitive: the list item key for lists (`virtualmachine`,
   * `vmSnapshot`), the object name for single objects (`virtualmachine`); absent for success, fields
   * and authenticator answers. A few APIs decide it at run time (`listRouters`: `router` or
   * `internalloadbalancervm`): readers take the key the answer holds (src/mcp/bounds.ts findListKey).
   */
  responseKey?: string;
  /**
   * The key of CloudStack's response envelope when it is not `<api name lower-cased>response`
   * (`enableStorageMaintenance` → `prepareprimarystorageformaintenanceresponse`); see `envelopeName`
   * in src/model/response-shape.ts.
   */
  responseEnvelope?: string;
  /**
   * The key of its error envelope when it is not the answer's (`updateImageStore` answers under
   * `updateImageStoreresponse`, fails under `updateImageStore`); see `errorEnvelopeName`.
   */
  errorEnvelope?: string;
  /**
   * Async APIs: the immediate answer is `{id, jobid}` with the id of the entity the job creates or
   * acts on (CloudStack's BaseAsyncCreateCmd, as the meta files trace it); absent: `{jobid}` alone.
   */
  immediateId?: true;
  /** Java response class (from the meta file), e.g. `org.apache.cloudstack.api.response.UserVmResponse`. */
  responseClass?: string;
  /** Java command class (from the meta file), e.g. `org.apache.cloudstack.api.command.admin.vm.DeployVMCmdByAdmin`. */
  commandClass?: string;
  related?: string[];
  access: AccessClass;
  annotations: ToolAnnotations;
  /** Present for every API whose access is 'destructive' (and for others an override marks). */
  danger?: DangerPolicy;
  /**
   * Sensitivity flags from the meta file (CloudStack's default is true when unknown);
   * `requestHasSensitiveInfo` is also true whenever a param is `sensitive` (the client then POSTs),
   * `responseHasSensitiveInfo` whenever `sensitiveResponseFields` is non-empty.
   */
  requestHasSensitiveInfo: boolean;
  responseHasSensitiveInfo: boolean;
  /**
   * Response fields to mask (`user.secretkey` = nested): those CloudStack marks sensitive, those
   * the name rules of src/model/sensitive.ts find, and those overrides/sensitive.ts adds.
   */
  sensitiveResponseFields: string[];
  /** Roles that may call it on a fresh install (Admin, ResourceAdmin, DomainAdmin, User); [] = root admin only. */
  roles: string[];
  /** Served by the authenticator path (login, logout, ...): no signature. */
  authenticator: boolean;
  /** Params only some roles may pass (name → roles). */
  paramAuthorized?: Record<string, string[]>;
  /** Global settings that hide this API when off. */
  gateConfigKeys?: string[];
  pluginOnly?: boolean;
  /**
   * Params of the bundled model that the connected server does not know (it is older, or a plugin
   * differs): passing one is refused, naming the server's version. Set by the live catalog only.
   */
  serverLacks?: { version: string; params: string[] };
  /**
   * The answer carries secrets (sensitiveResponseFields non-empty, or per override): a read that
   * must not be auto-approved although its access is `read`. Absent = false.
   */
  returnsSecrets?: boolean;
}

export interface CategoryModel {
  id: string;
  description: string;
  apiCount: number;
}

export interface ApiModelDocument {
  /** CloudStack version of the snapshot, e.g. `4.20.2.0`. */
  cloudstackVersion: string;
  /** File name of the snapshot the model was built from. */
  snapshot: string;
  /** Whether a .meta.json side file contributed roles and sensitivity. */
  hasMeta: boolean;
  categories: CategoryModel[];
  /** Sorted by name. */
  apis: ApiModel[];
}
