/**
 * Rendering the model into generated/: the compact model the runtime reads (model/), the typed
 * client, the tool definitions for review, and Markdown overviews. `renderAll` is pure (path → content);
 * `writeRendered` puts the files on disk. Templates: codegen/templates/*.hbs.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { dangerReportView } from './danger-report.ts';
import { encodeModel } from '../src/model/compact.ts';
import { MODEL_DEFINITIONS_FILE, MODEL_INDEX_FILE, MODEL_TOOLS_DIR, type ListedToolsFile } from '../src/model/bundled.ts';
import { toolDefinition, toolDescription } from '../src/model/tool-definition.ts';
import { listedTool } from '../src/model/listed-tool.ts';
import type { Overrides } from '../src/model/overrides.ts';
import { entitySchema, inputSchema, outputSchemaWithEntity } from '../src/model/schema.ts';
import { shortClassName } from '../src/model/response-shape.ts';
import { camelCase, docText, pascalCase, propertyKey, tsLiteral } from './ts-literal.ts';
import type { ApiModel, ApiModelDocument, JsonSchema, ParamModel, ResponseFieldModel } from '../src/model/types.ts';

const TEMPLATE_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

/** Top-level entries of the output directory that codegen owns (and replaces). */
export const GENERATED_ENTRIES = ['model', 'client', 'tools', 'docs'] as const;

// A private instance, so our helpers never leak into other users of handlebars.
const handlebars = Handlebars.create();
handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value));

const templates = new Map<string, Handlebars.TemplateDelegate>();
function template(name: string): Handlebars.TemplateDelegate {
  let compiled = templates.get(name);
  if (!compiled) {
    compiled = handlebars.compile(readFileSync(join(TEMPLATE_DIR, `${name}.hbs`), 'utf8'), { noEscape: true, strict: true });
    templates.set(name, compiled);
  }
  return compiled;
}

/**
 * Deterministic JSON with one top-level array element a line (a long array element, one of its
 * own elements a line): compact to read at run time, and a change to one API shows as a change to
 * its own lines in a diff.
 */
export function lineJson(document: Record<string, unknown>): string {
  const rows = (items: unknown[], indent: string) => `[\n${indent}${items.map((inner) => JSON.stringify(inner)).join(`,\n${indent}`)}\n]`;
  const line = (item: unknown, nested = false): string => {
    const text = JSON.stringify(item);
    if (text.length <= LONG_LINE || item === null || typeof item !== 'object') return text;
    if (Array.isArray(item)) return rows(item, ' ');
    const member = (value: unknown): string => {
      const text = JSON.stringify(value);
      if (Array.isArray(value) && text.length > LONG_LINE / 10) return rows(value, '  ');
      // A long object (a big tool's params) goes one member a line, as deep as it takes.
      if (value !== null && typeof value === 'object' && text.length > LONG_LINE) return line(value, true);
      return text;
    };
    const members = Object.entries(item).map(([key, value]) => `${JSON.stringify(key)}:${member(value)}`);
    return nested ? `{\n${members.join(',\n')}\n}` : `{${members.join(',')}}`;
  };
  const members = Object.entries(document).map(([key, value]) =>
    Array.isArray(value) && value.length > 0
      ? `${JSON.stringify(key)}:[\n${value.map((item) => line(item)).join(',\n')}\n]`
      : `${JSON.stringify(key)}:${JSON.stringify(value)}`,
  );
  return `{\n${members.join(',\n')}\n}\n`;
}

const LONG_LINE = 2000;

// ---------------------------------------------------------------------------------------------
// Entities: one schema / interface per response class, shared by every API that returns it.

interface Entity {
  identifier: string;
  fields: readonly ResponseFieldModel[];
  schema: JsonSchema;
}

function entityIdentifier(api: ApiModel): string {
  return shortClassName(api.responseClass) ?? `${pascalCase(api.name)}Entity`;
}

/** Entities by API name; APIs with the same class and fields share one. */
function collectEntities(apis: readonly ApiModel[]): { byApi: Map<string, Entity>; all: Entity[] } {
  const byKey = new Map<string, Entity>();
  const usedIdentifiers = new Set<string>();
  const byApi = new Map<string, Entity>();
  for (const api of apis) {
    if (api.responseKind === 'success') continue;
    const base = entityIdentifier(api);
    const key = `${base}\u0000${JSON.stringify(api.response)}`;
    let entity = byKey.get(key);
    if (!entity) {
      let identifier = base;
      for (let n = 2; usedIdentifiers.has(identifier); n++) identifier = `${base}${n}`;
      usedIdentifiers.add(identifier);
      entity = { identifier, fields: api.response, schema: entitySchema(api.response) };
      byKey.set(key, entity);
    }
    byApi.set(api.name, entity);
  }
  const all = [...byKey.values()].sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  return { byApi, all };
}

// ---------------------------------------------------------------------------------------------
// TypeScript types for the client.

const RESPONSE_TS_TYPES: Record<string, string> = {
  string: 'string', date: 'string', uuid: 'string', url: 'string', char: 'string',
  integer: 'number', int: 'number', long: 'number', short: 'number', float: 'number', double: 'number', bigdecimal: 'number',
  boolean: 'boolean', map: 'Record<string, unknown>', list: 'unknown[]', set: 'unknown[]',
  'string[]': 'string[]', 'long[]': 'number[]', 'double[]': 'number[]',
};

function fieldTsType(field: ResponseFieldModel, indent: string): string {
  if (field.fields && field.fields.length > 0) {
    const body = objectTsType(field.fields, indent);
    return field.type === 'list' || field.type === 'set' ? `Array<${body}>` : body;
  }
  const schema = field.type;
  if (RESPONSE_TS_TYPES[schema]) return RESPONSE_TS_TYPES[schema];
  // Enum-like Java types serialize as strings; anything else stays unknown (description only).
  return /(state|status|type|format|action|access)$/.test(schema) ? 'string' : 'unknown';
}

function objectTsType(fields: readonly ResponseFieldModel[], indent: string): string {
  const inner = `${indent}  `;
  const lines = fields.flatMap((field) => [
    ...(field.description ? [`${inner}/** ${docText(field.description)} */`] : []),
    `${inner}${propertyKey(field.name)}?: ${fieldTsType(field, inner)};`,
  ]);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function paramTsType(param: ParamModel): string {
  const enumValues = param.encoding === 'list' ? undefined : param.enum;
  switch (param.encoding) {
    case 'string':
    case 'uuid':
    case 'date':
      return enumValues ? enumValues.map((value) => JSON.stringify(value)).join(' | ') : 'string';
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number':
      return 'number';
    case 'list':
      return 'string[] | string';
    case 'map': {
      const scalar = 'string | number | boolean';
      const item =
        param.mapShape === 'key-value'
          ? `{ key: string; value?: ${scalar} }`
          : param.mapShape === 'name-value'
            ? `{ name: string; value: ${scalar} }`
            : `Record<string, ${scalar}>`;
      return `Array<${item}> | ${item}`;
    }
    case 'object':
      return 'string | Record<string, unknown>';
  }
}

function paramsTypeBody(params: readonly ParamModel[]): string {
  if (params.length === 0) return 'Record<string, never>';
  const lines = params.flatMap((param) => {
    const since = param.since ? ` (since ${param.since})` : '';
    const doc = docText(`${param.description}${since}`);
    return [...(doc ? [`  /** ${doc} */`] : []), `  ${propertyKey(param.name)}${param.required ? '' : '?'}: ${paramTsType(param)};`];
  });
  return `{\n${lines.join('\n')}\n}`;
}

const ASYNC_RESPONSE_FIELDS = [
  '  /** The async job id (alone when the call did not wait for the job). */',
  '  jobid?: string;',
  '  /** The id of the entity the job acts on, when returned with the job id. */',
  '  id?: string;',
  '  /** 0 pending, 1 succeeded, 2 failed. */',
  '  jobstatus?: number;',
];

function responseTypeBody(api: ApiModel, entity: Entity | undefined): string {
  const lines: string[] = [];
  const entityType = entity ? `entities.${entity.identifier}` : 'Record<string, unknown>';
  if (api.responseKind === 'success') {
    lines.push('  success?: boolean;', '  displaytext?: string;', '  details?: string;');
  } else if (api.responseKind === 'list') {
    lines.push('  /** Total number of matches across pages (absent when there are none). */', '  count?: number;');
    if (api.responseKey) lines.push(`  ${propertyKey(api.responseKey)}?: ${entityType}[];`);
  } else if (api.responseKey) {
    lines.push(`  ${propertyKey(api.responseKey)}?: ${entityType};`);
  } else {
    return entityType + (api.isAsync ? ` & {\n${ASYNC_RESPONSE_FIELDS.join('\n')}\n}` : '');
  }
  if (api.isAsync && !(api.responseKind === 'object' && api.responseKey === 'id')) lines.push(...ASYNC_RESPONSE_FIELDS);
  return `{\n${lines.join('\n')}\n}`;
}

// ---------------------------------------------------------------------------------------------

interface CategoryView {
  id: string;
  description: string;
  apis: ApiModel[];
  fileName: string;
  className: string;
  property: string;
  toolsConst: string;
}

function categoryViews(model: ApiModelDocument): CategoryView[] {
  return model.categories.map((category) => ({
    id: category.id,
    description: category.description,
    apis: model.apis.filter((api) => api.category === category.id),
    fileName: category.id,
    className: `${pascalCase(category.id)}Api`,
    property: camelCase(category.id),
    toolsConst: `${camelCase(category.id)}Tools`,
  }));
}

export interface RenderOptions {
  overrides?: Overrides;
}

/** Every generated file: relative path → content. */
export function renderAll(model: ApiModelDocument, options: RenderOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  const header = `Generated by \`npm run codegen\` from ${model.snapshot} (CloudStack ${model.cloudstackVersion}). Do not edit.`;
  const categories = categoryViews(model);
  const { byApi: entityByApi, all: entities } = collectEntities(model.apis);

  const compact = encodeModel(model);
  files.set(`model/${MODEL_INDEX_FILE}`, lineJson({ ...compact.index }));
  files.set(`model/${MODEL_DEFINITIONS_FILE}`, lineJson({ ...compact.definitions }));
  // What tools/list serves of each API, ready to read (src/model/bundled.ts says why it is not built at start-up).
  for (const category of model.categories) {
    const apis = model.apis.filter((api) => api.category === category.id);
    if (apis.length === 0) continue;
    const listedTools: ListedToolsFile = { format: compact.index.format, category: category.id, tools: apis.map(listedTool) };
    files.set(`model/${MODEL_TOOLS_DIR}/${category.id}.json`, lineJson({ ...listedTools }));
  }

  // Client.
  files.set(
    'client/entities.ts',
    template('client-entities')({
      header,
      entities: entities.map((entity) => ({ name: entity.identifier, body: objectTsType(entity.fields, '') })),
    }),
  );
  for (const category of categories) {
    files.set(
      `client/${category.fileName}.ts`,
      template('client-category')({
        header,
        category,
        usesEntities: category.apis.some((api) => entityByApi.has(api.name)),
        apis: category.apis.map((api) => {
          const typeName = pascalCase(api.name);
          const required = api.params.some((param) => param.required);
          return {
            name: api.name,
            doc: docText(toolDescription(api)),
            paramsType: `${typeName}Params`,
            responseType: `${typeName}Response`,
            paramsBody: paramsTypeBody(api.params),
            responseBody: responseTypeBody(api, entityByApi.get(api.name)),
            paramsArgument: required ? `params: ${typeName}Params` : `params: ${typeName}Params = {}`,
          };
        }),
      }),
    );
  }
  files.set('client/index.ts', template('client-index')({ header, categories }));

  // Tools.
  const references = new Map<unknown, string>(entities.map((entity) => [entity.schema, `entities.${entity.identifier}`]));
  files.set(
    'tools/entities.ts',
    template('tools-entities')({
      header,
      entities: entities.map((entity) => ({ name: entity.identifier, literal: tsLiteral(entity.schema) })),
    }),
  );
  for (const category of categories) {
    files.set(
      `tools/${category.fileName}.ts`,
      template('tools-category')({
        header,
        category,
        usesEntities: category.apis.some((api) => entityByApi.has(api.name) && api.responseKey !== undefined),
        tools: category.apis.map((api) => {
          const entity = entityByApi.get(api.name);
          const definition = toolDefinition(
            api,
            outputSchemaWithEntity(api.responseKind, api.responseKey, entity?.schema ?? entitySchema([]), api),
          );
          return { literal: tsLiteral(definition, '  ', references) };
        }),
      }),
    );
  }
  files.set('tools/types.ts', template('tools-types')({ header }));
  files.set('tools/index.ts', template('tools-index')({ header, categories, model }));

  // Docs.
  files.set(
    'docs/tools.md',
    template('docs-tools')({
      header,
      model,
      apiCount: model.apis.length,
      asyncCount: model.apis.filter((api) => api.isAsync).length,
      categories: categories.map((category) => ({
        ...category,
        rows: category.apis.map((api) => ({
          toolName: api.toolName,
          name: api.name,
          access: `${api.access}${api.returnsSecrets ? ', secrets' : ''}${api.isAsync ? ', async' : ''}`,
          summary: markdownCell(firstSentence(api.description) || api.title),
        })),
      })),
    }),
  );
  files.set('docs/dangerous-actions.md', template('docs-dangerous-actions')({ header, model, ...dangerReportView(model) }));
  return files;
}

function firstSentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const end = trimmed.search(/\.(\s|$)/);
  return end >= 0 ? trimmed.slice(0, end + 1) : trimmed;
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** Replaces codegen's entries in `outDir` with `files` (other entries are left alone). */
export function writeRendered(outDir: string, files: ReadonlyMap<string, string>): number {
  mkdirSync(outDir, { recursive: true });
  for (const entry of GENERATED_ENTRIES) rmSync(join(outDir, entry), { recursive: true, force: true });
  let bytes = 0;
  for (const [relativePath, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = join(outDir, relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    bytes += Buffer.byteLength(content);
  }
  return bytes;
}
