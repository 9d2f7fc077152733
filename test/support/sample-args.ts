/**
 * Arguments that satisfy an API's generated input schema, for tests that must call every API of a
 * kind: required parameters only, the simplest value of each schema (first enum value, first anyOf
 * branch). Ids are a fixed UUID unless the caller supplies a better one.
 */
import type { JsonSchema } from '../../src/model/types.ts';

export const SAMPLE_UUID = '0b7c1b5e-2f6a-4c3e-9d1a-000000000001';

export function sampleValue(schema: JsonSchema, name: string): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) return sampleValue(schema.anyOf[0] as JsonSchema, name);
  switch (schema.type) {
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    case 'array':
      return [sampleValue((schema.items ?? { type: 'string' }) as JsonSchema, name)];
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? Object.keys(properties)) as string[];
      if (required.length === 0) return { [`${name}field`]: 'x' };
      return Object.fromEntries(required.map((key) => [key, sampleValue(properties[key] ?? { type: 'string' }, key)]));
    }
    default:
      return /id$/.test(name) ? SAMPLE_UUID : `sample-${name}`;
  }
}

export function sampleArgs(inputSchema: JsonSchema, overrides: (name: string) => unknown = () => undefined): Record<string, unknown> {
  const properties = (inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (inputSchema.required ?? []) as string[];
  return Object.fromEntries(required.map((name) => [name, overrides(name) ?? sampleValue(properties[name], name)]));
}
