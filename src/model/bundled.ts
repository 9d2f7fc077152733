/**
 * The model generated/model/ holds, read lazily: opening it reads only the index (names,
 * categories, access, flags: what a tool surface needs); an API's full definition is decoded from
 * the definitions file the first time any of its other fields is read, and kept. The listed tools
 * (tools/<category>.json, what tools/list shows of each API) are read by category when first needed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../package-root.ts';
import { COMPACT_FORMAT, decodeApi, FLAG, type CompactDefinitions, type CompactIndex, type IndexRow } from './compact.ts';
import type { ListedTool } from './listed-tool.ts';
import { titleFor, verbOf } from './naming.ts';
import type { AccessClass, ApiModel, ApiModelDocument, ResponseKind } from './types.ts';

export const MODEL_INDEX_FILE = 'index.json';
export const MODEL_DEFINITIONS_FILE = 'definitions.json';
export const MODEL_TOOLS_DIR = 'tools';

/** generated/model/tools/<category>.json: the listed tool of every API of the category, in the index's order. */
export interface ListedToolsFile {
  format: number;
  category: string;
  tools: ListedTool[];
}

export function bundledModelDir(): string {
  return packagePath('generated', 'model');
}

function readJson<T>(path: string): T {
  const value = JSON.parse(readFileSync(path, 'utf8')) as T & { format?: number };
  if (value.format !== COMPACT_FORMAT) {
    throw new Error(`${path} has model format ${String(value.format)}, this code reads ${COMPACT_FORMAT}: run npm run codegen`);
  }
  return value;
}

/**
 * An API of the bundled model. The index fields are its own; every other field of ApiModel is a
 * getter over the full definition, decoded on first use. (Spread or serialise `full()`, not this.)
 */
export class IndexedApi implements ApiModel {
  readonly name: string;
  readonly toolName: string;
  readonly category: string;
  readonly access: AccessClass;
  readonly isAsync: boolean;
  readonly responseKind: ResponseKind;
  readonly returnsSecrets?: boolean;
  /** src/model/param-signature.ts of its params, from the index. */
  readonly definitionSignature: string;
  private readonly hasDanger: boolean;

  constructor(
    row: IndexRow,
    readonly full: () => ApiModel,
    /** Its tool as listed (src/model/listed-tool.ts), as codegen wrote it: shared, never to be changed. */
    readonly listedTool: () => Readonly<ListedTool>,
    /** The model it comes from (to read the listed tools of many APIs at once). */
    readonly source: BundledModel,
  ) {
    const [name, toolName, category, access, flags, responseKind, signature] = row;
    this.definitionSignature = signature;
    this.name = name;
    this.toolName = toolName;
    this.category = category;
    this.access = access;
    this.isAsync = (flags & FLAG.async) !== 0;
    this.responseKind = responseKind;
    if ((flags & FLAG.returnsSecrets) !== 0) this.returnsSecrets = true;
    this.hasDanger = (flags & FLAG.danger) !== 0;
  }

  private cachedTitle: string | undefined;
  get title() {
    return (this.cachedTitle ??= titleFor(this.name));
  }
  get verb() {
    return verbOf(this.name);
  }
  /** Known from the index: whether the API has a danger policy (the confirmation rule reads it). */
  get danger() {
    return this.hasDanger ? this.full().danger : undefined;
  }
  get since() {
    return this.full().since;
  }
  get description() {
    return this.full().description;
  }
  get params() {
    return this.full().params;
  }
  get response() {
    return this.full().response;
  }
  get responseKey() {
    return this.full().responseKey;
  }
  get errorEnvelope() {
    return this.full().errorEnvelope;
  }
  get immediateId() {
    return this.full().immediateId;
  }
  get responseClass() {
    return this.full().responseClass;
  }
  get commandClass() {
    return this.full().commandClass;
  }
  get responseEnvelope() {
    return this.full().responseEnvelope;
  }
  get related() {
    return this.full().related;
  }
  get annotations() {
    return this.full().annotations;
  }
  get requestHasSensitiveInfo() {
    return this.full().requestHasSensitiveInfo;
  }
  get responseHasSensitiveInfo() {
    return this.full().responseHasSensitiveInfo;
  }
  get sensitiveResponseFields() {
    return this.full().sensitiveResponseFields;
  }
  get roles() {
    return this.full().roles;
  }
  get authenticator() {
    return this.full().authenticator;
  }
  get paramAuthorized() {
    return this.full().paramAuthorized;
  }
  get gateConfigKeys() {
    return this.full().gateConfigKeys;
  }
  get pluginOnly() {
    return this.full().pluginOnly;
  }
}

export class BundledModel {
  private definitions: CompactDefinitions | undefined;
  private readonly listedTools = new Map<string, ListedTool>();
  private readonly listedCategories = new Set<string>();
  private readonly decoded: Array<ApiModel | undefined>;
  private decodedCount = 0;
  private readonly apis: IndexedApi[];

  private constructor(
    private readonly dir: string,
    readonly index: CompactIndex,
  ) {
    this.decoded = new Array(index.apis.length);
    this.apis = index.apis.map(
      (row, i) =>
        new IndexedApi(
          row,
          () => this.definition(i),
          () => this.listedTool(i),
          this,
        ),
    );
  }

  /** Reads the index of the model in `dir` (default: the package's generated/model). */
  static open(dir: string = bundledModelDir()): BundledModel {
    return new BundledModel(dir, readJson<CompactIndex>(join(dir, MODEL_INDEX_FILE)));
  }

  /** The model as the runtime uses it; its APIs decode their definitions on first use. */
  document(): ApiModelDocument {
    const { cloudstackVersion, snapshot, hasMeta, categories } = this.index;
    return { cloudstackVersion, snapshot, hasMeta, categories, apis: this.apis };
  }

  /** Every API fully decoded, as plain objects (codegen's reports, tests, the simulator's listApis). */
  decodeAll(): ApiModelDocument {
    return { ...this.document(), apis: this.index.apis.map((_, i) => this.definition(i)) };
  }

  /**
   * Reads the listed tools of these categories in one parse: a big surface (--tools all) is one
   * JSON text of about a megabyte, whose objects V8 then allocates where long-lived ones go; built
   * or parsed piece by piece, the same objects grew the young generation by some 20 MB for good.
   * A small surface (the default lists one API tool) reads only its own category.
   */
  loadListedTools(categories: Iterable<string>): void {
    const missing = [...new Set(categories)].filter((category) => !this.listedCategories.has(category));
    if (missing.length === 0) return;
    const texts = missing.map((category) => readFileSync(join(this.dir, MODEL_TOOLS_DIR, `${category}.json`), 'utf8'));
    for (const file of JSON.parse(`[${texts.join(',')}]`) as ListedToolsFile[]) {
      if (file.format !== COMPACT_FORMAT) {
        throw new Error(`${join(this.dir, MODEL_TOOLS_DIR, `${file.category}.json`)} has model format ${String(file.format)}, this code reads ${COMPACT_FORMAT}: run npm run codegen`);
      }
      for (const tool of file.tools) this.listedTools.set(tool.name, tool);
      this.listedCategories.add(file.category);
    }
  }

  private listedTool(i: number): ListedTool {
    const [, toolName, category] = this.index.apis[i];
    this.loadListedTools([category]);
    return this.listedTools.get(toolName)!;
  }

  private definition(i: number): ApiModel {
    let api = this.decoded[i];
    if (!api) {
      this.definitions ??= readJson<CompactDefinitions>(join(this.dir, MODEL_DEFINITIONS_FILE));
      api = decodeApi(this.index, this.definitions, i);
      this.decoded[i] = api;
      // Once every API is decoded (--tools all) the compact form has nothing left to give.
      if (++this.decodedCount === this.decoded.length) this.definitions = undefined;
    }
    return api;
  }
}
