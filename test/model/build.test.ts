import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildModel, type BuildReport } from '../../src/model/build.ts';
import { inputSchema, outputSchema } from '../../src/model/schema.ts';
import { overrides } from '../../overrides/index.ts';
import { paramSchemaOf } from '../../src/model/schema.ts';

const fixturePath = fileURLToPath(new URL('../fixtures/quirks.json', import.meta.url));
const wrapped = JSON.parse(readFileSync(fixturePath, 'utf8')) as { listapisresponse: unknown };

function build(doc: unknown = wrapped) {
  const warnings: string[] = [];
  const model = buildModel(doc, { overrides, snapshotName: 'quirks.json', strictOverrides: false, warn: (message) => warnings.push(message) });
  return { model, warnings, api: (name: string) => model.apis.find((api) => api.name === name)! };
}

describe('buildModel on the quirks fixture', () => {
  it('builds every API from both shapes identically', () => {
    expect(build(wrapped.listapisresponse).model).toEqual(build().model);
    expect(build().model.apis).toHaveLength(4);
  });

  it('warns about the unknown type and falls back to a string', () => {
    const { warnings, api } = build();
    expect(warnings.filter((message) => message.includes('unknown param type'))).toEqual([
      'quotaTariffCreate.blob: unknown param type "blob", sent as a string',
    ]);
    const blob = api('quotaTariffCreate').params.find((param) => param.name === 'blob')!;
    expect(blob.encoding).toBe('string');
    expect(blob.type).toBe('blob');
    expect(paramSchemaOf(blob).type).toBe('string');
  });

  it('skips and counts project overrides naming APIs the document lacks that a bundled snapshot has', () => {
    let report: BuildReport | undefined;
    buildModel(wrapped, { overrides, snapshotName: 'quirks.json', report: (built) => (report = built) });
    expect(report!.overridesSkipped).toContain('listVirtualMachines');
    expect(report!.overridesSkipped).not.toContain('listZones');
  });

  it('refuses an override naming an API no bundled snapshot has (a typo)', () => {
    const typo = { ...overrides, access: { ...overrides.access, listZonez: { access: 'read' as const } } };
    expect(() => buildModel(wrapped, { overrides: typo, snapshotName: 'quirks.json' })).toThrow('access: API "listZonez" is in no bundled snapshot (a typo?)');
  });

  it('takes the version from the highest since, never from the file name', () => {
    let report: BuildReport | undefined;
    const model = buildModel(wrapped, { overrides, snapshotName: 'cloudstack-4.20.2.0.json', report: (built) => (report = built) });
    expect(model.cloudstackVersion).toBe('4.18.0.0');
    expect(report!.versionSource).toBe('since');
    expect(buildModel(wrapped, { overrides, snapshotName: 'x.json', cloudstackVersion: '4.18.1.0' }).cloudstackVersion).toBe('4.18.1.0');
  });

  it('maps double to a number without a warning', () => {
    const value = build().api('quotaTariffCreate').params.find((param) => param.name === 'value')!;
    expect(value.encoding).toBe('number');
    expect(paramSchemaOf(value).type).toBe('number');
  });

  it('uses CloudStack defaults without a meta file: sensitive, no roles', () => {
    const { model, api } = build();
    expect(model.hasMeta).toBe(false);
    expect(api('listZones').requestHasSensitiveInfo).toBe(true);
    expect(api('listZones').responseHasSensitiveInfo).toBe(true);
    expect(api('listZones').roles).toEqual([]);
  });

  it('takes kinds and keys from the bundled shapes without a meta file', () => {
    const { api } = build();
    expect(api('listZones').responseKind).toBe('list');
    expect(api('listZones').responseKey).toBe('zone');
    expect(api('deleteZone').responseKind).toBe('success');
    expect(api('deleteZone').responseKey).toBeUndefined();
    expect(api('getUploadParamsForIso').responseKey).toBe('getuploadparams');
    expect(api('getUploadParamsForIso').responseEnvelope).toBe('postuploadisoresponse');
  });

  it('falls back to the rules only for APIs in no bundled version, and counts them', () => {
    const doc = structuredClone(wrapped) as { listapisresponse: { api: Array<{ name: string }> } };
    doc.listapisresponse.api.push({ ...doc.listapisresponse.api.find((a) => a.name === 'listZones')!, name: 'listZoneWidgets' });
    let report: BuildReport | undefined;
    const model = buildModel(doc, { overrides, snapshotName: 'x.json', strictOverrides: false, report: (built) => (report = built) });
    expect(model.apis.find((a) => a.name === 'listZoneWidgets')).toMatchObject({ responseKind: 'list', responseKey: 'zonewidget' });
    expect(report!.ruleShapes).toEqual(['listZoneWidgets']);
    expect(report!.shapeSources).toEqual({ meta: 0, bundled: 4, rule: 1 });
  });

  it('fills empty paging descriptions and keeps the others', () => {
    const zones = build().api('listZones');
    const byName = Object.fromEntries(zones.params.map((param) => [param.name, param]));
    expect(byName.page!.description).not.toBe('');
    expect(byName.pagesize!.description).not.toBe('');
    expect(byName.keyword!.description).toBe('List by keyword');
    expect(paramSchemaOf(byName.tags!).description).toContain('(since 4.3)');
    expect(byName.tags!.mapShape).toBe('key-value');
  });

  it('produces schemas that compile in ajv strict mode and enforce required params', () => {
    const ajv = new Ajv({ strict: true });
    for (const api of build().model.apis) {
      const validateInput = ajv.compile(inputSchema(api.params));
      ajv.compile(outputSchema(api.responseKind, api.responseKey, api.response, api));
      const required = api.params.filter((param) => param.required);
      if (required.length > 0) expect(validateInput({})).toBe(false);
    }
  });

  it('is deterministic', () => {
    expect(JSON.stringify(build().model)).toBe(JSON.stringify(build().model));
  });
});
