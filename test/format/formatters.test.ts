/**
 * The custom formatters of overrides/formatters/: every key names something real, every field a
 * formatter reads is one CloudStack documents for the APIs it covers, and every template renders
 * the answers synthesised from those APIs' documented responses without a hole.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entityFormatters, type EntityFormatter } from '../../overrides/formatters/index.ts';
import { formatterFor } from '../../src/format/formatters.ts';
import { formatHintOf } from '../../src/format/hint.ts';
import { renderAnswer } from '../../src/format/render.ts';
import { cellTemplate, entityTemplate, TEMPLATE_DIR } from '../../src/format/templates.ts';
import { BundledModel } from '../../src/model/bundled.ts';
import type { ApiModel } from '../../src/model/types.ts';
import { packagePath } from '../../src/package-root.ts';
import { answerOf, entityOf } from './synthesise.ts';

const apis = BundledModel.open().document().apis;
const byName = new Map(apis.map((api) => [api.name, api]));
const responseKeys = new Set(apis.flatMap((api) => (api.responseKey ? [api.responseKey.toLowerCase()] : [])));

/** The APIs whose answers a formatter key covers: the API of that name, or every API answering that type. */
function coveredApis(key: string): ApiModel[] {
  if (byName.has(key)) return [byName.get(key)!];
  return apis.filter((api) => api.responseKey?.toLowerCase() === key.toLowerCase() && formatterFor(api.name, api.responseKey) === entityFormatters[key]);
}

/** Every top-level field a formatter reads: its template's, its field columns and its cell templates'. */
function fieldsRead(formatter: EntityFormatter): Set<string> {
  const fields = new Set(entityTemplate(formatter.template).fields);
  for (const column of formatter.columns) {
    if (typeof column === 'string') fields.add(column);
    else for (const field of cellTemplate(column.cell).fields) fields.add(field);
  }
  return fields;
}

/** The fields a template prints as they are (`{{name}}`): their sample value must show. */
function plainFields(formatter: EntityFormatter): string[] {
  const source = readFileSync(packagePath(...TEMPLATE_DIR, formatter.template), 'utf8');
  return [...source.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((match) => match[1]);
}

const HOLES = ['undefined', '[object Object]', 'NaN', 'Invalid Date'];

function expectNoHoles(text: string): void {
  expect(text.trim()).not.toBe('');
  for (const hole of HOLES) expect(text).not.toContain(hole);
}

const entries = Object.entries(entityFormatters);

describe('the formatter index', () => {
  it('names real APIs or response types of the bundled model', () => {
    const unknown = entries.map(([key]) => key).filter((key) => !byName.has(key) && !responseKeys.has(key.toLowerCase()));
    expect(unknown).toEqual([]);
  });

  it('uses every template file there is, and only files there are', () => {
    const files = readdirSync(packagePath(...TEMPLATE_DIR)).filter((file) => file.endsWith('.hbs')).sort();
    expect([...new Set(entries.map(([, formatter]) => formatter.template))].sort()).toEqual(files);
  });

  it('covers the types operators look at most', () => {
    const wanted = ['virtualmachine', 'volume', 'snapshot', 'vmSnapshot', 'template', 'iso', 'network', 'vpc', 'publicipaddress',
      'firewallrule', 'portforwardingrule', 'loadbalancerrule', 'securitygroup', 'host', 'cluster', 'pod', 'zone', 'storagepool',
      'imagestore', 'systemvm', 'router', 'serviceoffering', 'diskoffering', 'networkoffering', 'account', 'user', 'domain',
      'asyncjobs', 'event', 'alert', 'kubernetescluster', 'capacity'];
    expect(wanted.filter((key) => formatterFor(undefined, key) === undefined)).toEqual([]);
    expect(formatterFor('queryAsyncJobResult', undefined)).toBeDefined();
  });
});

describe.each(entries)('formatter %s', (key, formatter) => {
  const covered = coveredApis(key);

  it('covers at least one API', () => {
    expect(covered.map((api) => api.name)).not.toEqual([]);
  });

  it('reads only fields CloudStack documents for the APIs it covers, and no secret', () => {
    const documented = new Set(covered.flatMap((api) => api.response.map((field) => field.name)));
    expect([...fieldsRead(formatter)].filter((field) => !documented.has(field))).toEqual([]);
    const secret = new Set(covered.flatMap((api) => api.sensitiveResponseFields ?? []));
    expect([...fieldsRead(formatter)].filter((field) => secret.has(field))).toEqual([]);
  });

  it('renders each template column as one cell per item, each the same as that item alone', () => {
    const cells = formatter.columns.flatMap((column) => (typeof column === 'string' ? [] : [cellTemplate(column.cell)]));
    const samples = covered.map((api) => entityOf(api.response));
    // An empty entity between full ones: nothing one item leaves may show in the next.
    const items = samples.flatMap((entity) => [entity, {}]);
    for (const cell of cells) {
      expect(cell.renderEach([])).toEqual([]);
      const column = cell.renderEach(items);
      expect(column).toHaveLength(items.length);
      expect(column.every((text) => typeof text === 'string')).toBe(true);
      expect(column).toEqual(items.map((item) => cell.renderEach([item])[0]));
      expect(column.some((text) => text.trim() !== '')).toBe(true);
    }
  });

  it.each(covered.filter((api) => answerOf(api) !== undefined).map((api) => [api.name, api] as const))(
    'renders %s\'s documented answer without a hole',
    (_name, api) => {
      const answer = answerOf(api)!;
      const text = renderAnswer(formatHintOf(api), answer);
      expectNoHoles(text);
      const entity = entityOf(api.response);
      const shown = plainFields(formatter).filter((field) => {
        const value = entity[field];
        return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
      });
      if (api.responseKind === 'list') {
        const [countLine, header] = text.split('\n');
        expect(countLine).toMatch(/^1 /);
        // The formatter's first column this API documents is the table's first (none: the default table).
        const documents = (column: (typeof formatter.columns)[number]) =>
          typeof column === 'string' ? column in entity : [...cellTemplate(column.cell).fields].every((field) => field in entity);
        const first = formatter.columns.find(documents);
        if (first) expect(header.startsWith(typeof first === 'string' ? first : first.header)).toBe(true);
        for (const column of formatter.columns) {
          if (typeof column === 'string' && column in entity) expect(text).toContain(String(entity[column]).slice(0, 39));
        }
      } else {
        for (const field of shown) expect(text).toContain(String(entity[field]));
      }
    },
  );
});
