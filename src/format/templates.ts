/**
 * The handlebars side of custom formatters: the engine, loaded on the first render that needs a
 * template (a server that only lists tools never loads it: test/e2e/startup.test.ts), the helpers
 * of helpers.ts, and each template compiled once. Entity templates are files of
 * overrides/formatters/, read from the package root (they ship as they are: package.json "files").
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packagePath } from '../package-root.ts';
import { HELPERS, registerHelpers } from './helpers.ts';

type Handlebars = typeof import('handlebars');
type Ast = ReturnType<Handlebars['parse']>;

export interface CompiledTemplate {
  render(context: Record<string, unknown>): string;
  /** The entity's fields the template reads (top-level paths and helper arguments). */
  fields: ReadonlySet<string>;
}

let engine: Handlebars | undefined;

function handlebars(): Handlebars {
  if (!engine) {
    // createRequire keeps rendering synchronous (the pipeline's formatter is) and the load lazy.
    const loaded = createRequire(import.meta.url)('handlebars') as Handlebars;
    engine = loaded.create();
    registerHelpers(engine);
  }
  return engine;
}

export const TEMPLATE_DIR = ['overrides', 'formatters'] as const;

const compiled = new Map<string, CompiledTemplate>();

function compile(source: string, origin: string): CompiledTemplate {
  const hb = handlebars();
  const knownHelpers = Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true]));
  let ast: Ast;
  try {
    ast = hb.parse(source);
  } catch (error) {
    throw new Error(`formatter template ${origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Text, not HTML: no escaping. Only our helpers: a misspelt one fails here, not as empty output.
  const template = hb.compile(ast, { noEscape: true, knownHelpers, knownHelpersOnly: true });
  return { render: (context) => template(context), fields: fieldsRead(ast, new Set(Object.keys(HELPERS))) };
}

/** A template file of overrides/formatters/, compiled once. */
export function entityTemplate(file: string): CompiledTemplate {
  const id = `file:${file}`;
  let template = compiled.get(id);
  if (!template) {
    template = compile(readFileSync(packagePath(...TEMPLATE_DIR, file), 'utf8'), file);
    compiled.set(id, template);
  }
  return template;
}

/** A one-line cell template of a column spec, compiled once. */
export function cellTemplate(source: string): CompiledTemplate {
  const id = `cell:${source}`;
  let template = compiled.get(id);
  if (!template) {
    template = compile(source, JSON.stringify(source));
    compiled.set(id, template);
  }
  return template;
}

/** The top-level field names a template reads: the "other fields" of an entity are the rest. */
function fieldsRead(ast: Ast, helpers: ReadonlySet<string>): Set<string> {
  const fields = new Set<string>();
  const visit = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    switch (node.type) {
      case 'Program':
        node.body.forEach(visit);
        return;
      case 'MustacheStatement':
      case 'SubExpression':
      case 'BlockStatement':
        if (!helpers.has(node.path.original) && node.path.type === 'PathExpression') visit(node.path);
        node.params.forEach(visit);
        node.hash?.pairs.forEach((pair: any) => visit(pair.value));
        // Inside #if / #unless the context is still the entity; inside #each it is an item.
        if (node.type === 'BlockStatement' && ['if', 'unless'].includes(node.path.original)) {
          visit(node.program);
          visit(node.inverse);
        }
        return;
      case 'PathExpression':
        if (!node.data && node.depth === 0 && node.parts.length > 0) fields.add(node.parts[0]);
        return;
      default:
        return;
    }
  };
  visit(ast);
  return fields;
}
