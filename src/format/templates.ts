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

export interface CompiledCellTemplate {
  /** The cell of each item, in order: the same text render(item) would give, in one invocation. */
  renderEach(items: readonly Record<string, unknown>[]): string[];
  fields: ReadonlySet<string>;
}

/**
 * The block helper a column template is wrapped in. Each call of a compiled handlebars template
 * sets up its helpers anew (a wrapper per helper, every time): for a list's column that set-up,
 * not the cells, was most of the rendering. Inside one invocation the block renders each item as
 * the template's context and hands the cells to the collector of the render in progress
 * (rendering is synchronous, so there is one at a time).
 */
const EACH_CELL = 'cloudstackMcpEachCell';
let collector: string[] | undefined;

let engine: Handlebars | undefined;

function handlebars(): Handlebars {
  if (!engine) {
    // createRequire keeps rendering synchronous (the pipeline's formatter is) and the load lazy.
    const loaded = createRequire(import.meta.url)('handlebars') as Handlebars;
    engine = loaded.create();
    registerHelpers(engine);
    engine.registerHelper(EACH_CELL, (items: readonly Record<string, unknown>[], options: { fn(context: unknown): unknown }) => {
      // A block of one expression gives its value as it is; a template's output is always text.
      for (const item of items) collector?.push(String(options.fn(item) ?? ''));
      return '';
    });
  }
  return engine;
}

export const TEMPLATE_DIR = ['overrides', 'formatters'] as const;

const compiled = new Map<string, CompiledTemplate>();
const compiledCells = new Map<string, CompiledCellTemplate>();

function parse(source: string, origin: string): Ast {
  try {
    return handlebars().parse(source);
  } catch (error) {
    throw new Error(`formatter template ${origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// Text, not HTML: no escaping. Only our helpers: a misspelt one fails here, not as empty output.
function compileAst(ast: Ast, extraHelpers: string[] = []) {
  const knownHelpers = Object.fromEntries([...Object.keys(HELPERS), ...extraHelpers].map((name) => [name, true]));
  return handlebars().compile(ast, { noEscape: true, knownHelpers, knownHelpersOnly: true });
}

function compile(source: string, origin: string): CompiledTemplate {
  const ast = parse(source, origin);
  const template = compileAst(ast);
  return { render: (context) => template(context), fields: fieldsRead(ast, new Set(Object.keys(HELPERS))) };
}

function compileCell(source: string, origin: string): CompiledCellTemplate {
  // Parsed alone first: its errors and its fields are the cell's, not the wrapper's.
  const fields = fieldsRead(parse(source, origin), new Set(Object.keys(HELPERS)));
  const column = compileAst(parse(`{{#${EACH_CELL} this}}${source}{{/${EACH_CELL}}}`, origin), [EACH_CELL]);
  return {
    fields,
    renderEach: (items) => {
      const cells: string[] = [];
      collector = cells;
      try {
        column(items);
      } finally {
        collector = undefined;
      }
      return cells;
    },
  };
}

/** A template file of overrides/formatters/, compiled once. */
export function entityTemplate(file: string): CompiledTemplate {
  let template = compiled.get(file);
  if (!template) {
    template = compile(readFileSync(packagePath(...TEMPLATE_DIR, file), 'utf8'), file);
    compiled.set(file, template);
  }
  return template;
}

/** A one-line cell template of a column spec, compiled once; it renders a whole column at a time. */
export function cellTemplate(source: string): CompiledCellTemplate {
  let template = compiledCells.get(source);
  if (!template) {
    template = compileCell(source, JSON.stringify(source));
    compiledCells.set(source, template);
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
