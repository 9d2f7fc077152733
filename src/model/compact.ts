/**
 * The compact form of the model that generated/model/ holds and the runtime reads: an index (what a
 * tool surface needs at start-up: names, categories, access, flags) and the definitions (everything
 * else), with every text stored once and every response tree stored once and referenced by number.
 *
 * What can be derived is not stored: titles and verbs come from the name, wire encodings from the
 * type, param schemas from the param (`paramSchemaOf`, src/model/schema.ts). `decodeApi(encodeModel(doc)…)` gives back
 * exactly the ApiModel that buildModel made (test/model/compact.test.ts checks every bundled snapshot).
 */
import { titleFor, verbOf } from './naming.ts';
import { definitionSignature } from './param-signature.ts';
import { encodingFor } from './schema.ts';
import type {
  AccessClass,
  ApiModel,
  ApiModelDocument,
  CategoryModel,
  DangerPolicy,
  MapShape,
  ParamModel,
  ResponseFieldModel,
  ResponseKind,
} from './types.ts';

export const COMPACT_FORMAT = 3;

/** One index row: [name, toolName, category, access, flags, responseKind, param signature]. */
export type IndexRow = [string, string, string, AccessClass, number, ResponseKind, string];

/** Bits of IndexRow flags. */
export const FLAG = { async: 1, returnsSecrets: 2, danger: 4 } as const;

export interface CompactIndex {
  format: number;
  cloudstackVersion: string;
  snapshot: string;
  hasMeta: boolean;
  categories: CategoryModel[];
  /** Sorted by name, as the model's APIs. */
  apis: IndexRow[];
}

/** A response field: [name, type, description (string number), child tree number (-1: none)]. */
type FieldRow = [string, string, number, number];

/** A param: [name, type, required (0/1), description (string number), extras?]. */
type ParamRow = [string, string, 0 | 1, number] | [string, string, 0 | 1, number, ParamExtras];

/** What only some params have. `l: null` = listApis gave no length; absent = 255, CloudStack's default. */
interface ParamExtras {
  l?: number | null;
  s?: string;
  rel?: string[];
  m?: MapShape;
  e?: string[];
  sen?: 1;
  smk?: string[];
  url?: 1;
}

/** Danger policy: [severity, category, whatItDoes, warning, scope (string numbers), reversible, source]. */
type DangerRow = [DangerPolicy['severity'], DangerPolicy['category'], number, number, number, 0 | 1, DangerPolicy['source']];

interface ApiDefinition {
  /** description (string number) */
  d: number;
  s?: string;
  p: ParamRow[];
  /** response tree number */
  r: number;
  k?: string;
  c?: string;
  /** command class */
  cc?: string;
  /** response envelope key, when not `<name>response` */
  en?: string;
  /** error envelope key, when not the response envelope's */
  ee?: string;
  /** the immediate async answer carries the entity's id */
  ii?: 1;
  rel?: string[];
  /** annotations: bits readOnly 1, destructive 2, idempotent 4, openWorld 8 */
  an: number;
  dg?: DangerRow;
  /** request / response has sensitive info: bits 1, 2 */
  si: number;
  sf?: string[];
  ro: string[];
  au?: 1;
  pa?: Record<string, string[]>;
  g?: string[];
  po?: boolean;
}

export interface CompactDefinitions {
  format: number;
  strings: string[];
  trees: FieldRow[][];
  /** In index order. */
  apis: ApiDefinition[];
}

const DEFAULT_LENGTH = 255;

class Interner<T> {
  readonly items: T[] = [];
  private readonly numbers = new Map<string, number>();
  add(item: T, key: string = item as unknown as string): number {
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = this.items.length;
      this.items.push(item);
      this.numbers.set(key, number);
    }
    return number;
  }
}

function annotationBits(api: ApiModel): number {
  const a = api.annotations;
  return (a.readOnlyHint ? 1 : 0) | (a.destructiveHint ? 2 : 0) | (a.idempotentHint ? 4 : 0) | (a.openWorldHint ? 8 : 0);
}

export function indexRow(api: ApiModel): IndexRow {
  const flags = (api.isAsync ? FLAG.async : 0) | (api.returnsSecrets ? FLAG.returnsSecrets : 0) | (api.danger ? FLAG.danger : 0);
  return [api.name, api.toolName, api.category, api.access, flags, api.responseKind, definitionSignature(api)];
}

export function encodeModel(doc: ApiModelDocument): { index: CompactIndex; definitions: CompactDefinitions } {
  const strings = new Interner<string>();
  const trees = new Interner<FieldRow[]>();
  const tree = (fields: readonly ResponseFieldModel[]): number => {
    const rows: FieldRow[] = fields.map((f) => [f.name, f.type, strings.add(f.description), f.fields ? tree(f.fields) : -1]);
    return trees.add(rows, JSON.stringify(rows));
  };
  const param = (p: ParamModel): ParamRow => {
    const extras: ParamExtras = {};
    if (p.length === undefined) extras.l = null;
    else if (p.length !== DEFAULT_LENGTH) extras.l = p.length;
    if (p.since) extras.s = p.since;
    if (p.related) extras.rel = p.related;
    if (p.mapShape) extras.m = p.mapShape;
    if (p.enum) extras.e = p.enum;
    if (p.sensitive) extras.sen = 1;
    if (p.sensitiveMapKeys) extras.smk = p.sensitiveMapKeys;
    if (p.credentialsInUrl) extras.url = 1;
    const row: ParamRow = [p.name, p.type, p.required ? 1 : 0, strings.add(p.description)];
    return Object.keys(extras).length > 0 ? [...row, extras] : row;
  };
  const apis = doc.apis.map((api): ApiDefinition => {
    const def: ApiDefinition = {
      d: strings.add(api.description),
      p: api.params.map(param),
      r: tree(api.response),
      an: annotationBits(api),
      si: (api.requestHasSensitiveInfo ? 1 : 0) | (api.responseHasSensitiveInfo ? 2 : 0),
      ro: api.roles,
    };
    if (api.since) def.s = api.since;
    if (api.responseKey !== undefined) def.k = api.responseKey;
    if (api.responseClass) def.c = api.responseClass;
    if (api.commandClass) def.cc = api.commandClass;
    if (api.responseEnvelope) def.en = api.responseEnvelope;
    if (api.errorEnvelope) def.ee = api.errorEnvelope;
    if (api.immediateId) def.ii = 1;
    if (api.related) def.rel = api.related;
    if (api.danger) {
      const d = api.danger;
      def.dg = [d.severity, d.category, strings.add(d.whatItDoes), strings.add(d.warning), strings.add(d.scope), d.reversible ? 1 : 0, d.source];
    }
    if (api.sensitiveResponseFields.length > 0) def.sf = api.sensitiveResponseFields;
    if (api.authenticator) def.au = 1;
    if (api.paramAuthorized) def.pa = api.paramAuthorized;
    if (api.gateConfigKeys) def.g = api.gateConfigKeys;
    if (api.pluginOnly !== undefined) def.po = api.pluginOnly;
    return def;
  });
  return {
    index: {
      format: COMPACT_FORMAT,
      cloudstackVersion: doc.cloudstackVersion,
      snapshot: doc.snapshot,
      hasMeta: doc.hasMeta,
      categories: doc.categories,
      apis: doc.apis.map(indexRow),
    },
    definitions: { format: COMPACT_FORMAT, strings: strings.items, trees: trees.items, apis },
  };
}

/**
 * Response trees decoded once and shared by every API that returns them (the model is never
 * changed after it is built): 859 APIs hold 279 trees, not 859.
 */
const decodedTrees = new WeakMap<CompactDefinitions, Map<number, ResponseFieldModel[]>>();

function sharedTree(definitions: CompactDefinitions, n: number): ResponseFieldModel[] {
  let trees = decodedTrees.get(definitions);
  if (!trees) decodedTrees.set(definitions, (trees = new Map()));
  let tree = trees.get(n);
  if (!tree) {
    tree = definitions.trees[n].map(([fieldName, type, description, child]) => ({
      name: fieldName,
      type,
      description: definitions.strings[description],
      ...(child >= 0 ? { fields: sharedTree(definitions, child) } : {}),
    }));
    trees.set(n, tree);
  }
  return tree;
}

/** Decodes the full ApiModel of index row `i`. */
export function decodeApi(index: CompactIndex, definitions: CompactDefinitions, i: number): ApiModel {
  const [name, toolName, category, access, flags, responseKind] = index.apis[i];
  const def = definitions.apis[i];
  const text = (n: number) => definitions.strings[n];
  const fields = (n: number): ResponseFieldModel[] => sharedTree(definitions, n);
  const title = titleFor(name);
  const verb = verbOf(name);
  const api: ApiModel = {
    name,
    toolName,
    title,
    category,
    verb,
    isAsync: (flags & FLAG.async) !== 0,
    ...(def.s ? { since: def.s } : {}),
    description: text(def.d),
    params: def.p.map((row) => decodeParam(row, text)),
    response: fields(def.r),
    responseKind,
    ...(def.k !== undefined ? { responseKey: def.k } : {}),
    ...(def.c ? { responseClass: def.c } : {}),
    ...(def.cc ? { commandClass: def.cc } : {}),
    ...(def.en ? { responseEnvelope: def.en } : {}),
    ...(def.ee ? { errorEnvelope: def.ee } : {}),
    ...(def.ii ? { immediateId: true as const } : {}),
    ...(def.rel ? { related: def.rel } : {}),
    access,
    annotations: {
      title,
      readOnlyHint: (def.an & 1) !== 0,
      destructiveHint: (def.an & 2) !== 0,
      idempotentHint: (def.an & 4) !== 0,
      openWorldHint: (def.an & 8) !== 0,
    },
    ...(def.dg ? { danger: decodeDanger(def.dg, text) } : {}),
    requestHasSensitiveInfo: (def.si & 1) !== 0,
    responseHasSensitiveInfo: (def.si & 2) !== 0,
    sensitiveResponseFields: def.sf ?? [],
    roles: def.ro,
    authenticator: def.au === 1,
    ...(def.pa ? { paramAuthorized: def.pa } : {}),
    ...(def.g ? { gateConfigKeys: def.g } : {}),
    ...(def.po !== undefined ? { pluginOnly: def.po } : {}),
    ...((flags & FLAG.returnsSecrets) !== 0 ? { returnsSecrets: true } : {}),
  };
  return api;
}

function decodeParam(row: ParamRow, text: (n: number) => string): ParamModel {
  const [name, type, required, description] = row;
  const extras: ParamExtras = row[4] ?? {};
  const encoding = encodingFor(type) ?? 'string';
  const length = extras.l === null ? undefined : (extras.l ?? DEFAULT_LENGTH);
  const param: ParamModel = { name, type, encoding, required: required === 1, description: text(description) };
  if (length !== undefined) param.length = length;
  if (extras.s) param.since = extras.s;
  if (extras.rel) param.related = extras.rel;
  if (extras.m) param.mapShape = extras.m;
  if (extras.e) param.enum = extras.e;
  if (extras.sen) param.sensitive = true;
  if (extras.smk) param.sensitiveMapKeys = extras.smk;
  if (extras.url) param.credentialsInUrl = true;
  return param;
}

function decodeDanger(row: DangerRow, text: (n: number) => string): DangerPolicy {
  const [severity, category, whatItDoes, warning, scope, reversible, source] = row;
  return { severity, category, whatItDoes: text(whatItDoes), warning: text(warning), reversible: reversible === 1, scope: text(scope), source };
}
