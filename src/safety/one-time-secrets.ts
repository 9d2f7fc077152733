/**
 * Secrets CloudStack shows only once (overrides/one-time-secrets.ts): which call hands one out,
 * where its values are in an answer, and the checks that keep the list honest.
 */
import { oneTimeSecrets, type OneTimeSecretEntry } from '../../overrides/one-time-secrets.ts';
import { isSecretName } from '../model/sensitive.ts';

export type { OneTimeSecretEntry };

/** One secret value of an answer, by the field it came from. */
export interface OneTimeValue {
  field: string;
  value: string;
}

/** The entry of an API that hands out a one-time secret for these arguments; undefined otherwise. */
export function oneTimeSecretOf(apiName: string, params: Record<string, unknown>): OneTimeSecretEntry | undefined {
  const entry = Object.hasOwn(oneTimeSecrets, apiName) ? oneTimeSecrets[apiName] : undefined;
  if (!entry) return undefined;
  const given = entry.unlessParam === undefined ? undefined : params[entry.unlessParam];
  return given === undefined || given === null || given === '' ? entry : undefined;
}

/**
 * The values of the entry's fields in an answer: at its top level or in the object under its
 * response key (`{keypair: {privatekey}}`), in the entry's order. Empty values are not secrets.
 */
export function oneTimeValuesIn(entry: OneTimeSecretEntry, content: Record<string, unknown>): OneTimeValue[] {
  const found: OneTimeValue[] = [];
  for (const field of entry.fields) {
    const value = [content, ...Object.values(content)].map((holder) => (isRecord(holder) ? holder[field] : undefined)).find(isKeepable);
    if (value !== undefined) found.push({ field, value: String(value) });
  }
  return found;
}

/** `content` with the fields' masked values put back from the answer (policy "return"). */
export function withOneTimeValues(content: Record<string, unknown>, entry: OneTimeSecretEntry, raw: Record<string, unknown>): Record<string, unknown> {
  const restore = (masked: Record<string, unknown>, original: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...masked };
    for (const field of entry.fields) if (isKeepable(original[field])) out[field] = original[field];
    return out;
  };
  const out = restore(content, raw);
  for (const [key, child] of Object.entries(raw)) {
    if (isRecord(child) && isRecord(out[key])) out[key] = restore(out[key] as Record<string, unknown>, child);
  }
  return out;
}

/** A short name for the file of a secret: the entity's name or id, from the answer, else the arguments. */
export function secretLabel(content: Record<string, unknown>, params: Record<string, unknown>): string | undefined {
  const entity = Object.values(content).find(isRecord) ?? content;
  const candidates = [entity.name, entity.username, params.name, params.username, params.domain, params.id, entity.id];
  const label = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
  return label as string | undefined;
}

/** What the list must hold against one model: APIs, answer fields and params that exist, each field a secret already. */
export interface OneTimeSecretTarget {
  apis: ReadonlyArray<{
    name: string;
    params: ReadonlyArray<{ name: string }>;
    response?: ReadonlyArray<{ name?: string }>;
    /** Fields CloudStack (or overrides/sensitive.ts) marks sensitive beside the name rules. */
    sensitiveResponseFields?: readonly string[];
  }>;
}

/** Problems of the list against a model whose version should have every listed API. */
export function oneTimeSecretProblems(model: OneTimeSecretTarget, entries: Readonly<Record<string, OneTimeSecretEntry>> = oneTimeSecrets): string[] {
  const problems: string[] = [];
  const byName = new Map(model.apis.map((api) => [api.name, api]));
  for (const [apiName, entry] of Object.entries(entries)) {
    const api = byName.get(apiName);
    if (!api) {
      problems.push(`oneTimeSecrets: API "${apiName}" is not in the model`);
      continue;
    }
    if (entry.fields.length === 0) problems.push(`oneTimeSecrets: "${apiName}" lists no field`);
    const answerFields = new Set((api.response ?? []).map((field) => field.name));
    const sensitive = new Set((api.sensitiveResponseFields ?? []).map((f) => (f.split('.').pop() ?? f).toLowerCase()));
    for (const field of entry.fields) {
      if (!answerFields.has(field)) problems.push(`oneTimeSecrets: "${apiName}" answers no field "${field}"`);
      // The list says which secrets are one-time, never what a secret is.
      if (!isSecretName(field) && !sensitive.has(field.toLowerCase())) {
        problems.push(`oneTimeSecrets: "${apiName}.${field}" is not a secret by the name rules or sensitive fields, so it would be shown anyway`);
      }
    }
    if (entry.unlessParam !== undefined && !api.params.some((param) => param.name === entry.unlessParam)) {
      problems.push(`oneTimeSecrets: "${apiName}" has no param "${entry.unlessParam}" (unlessParam)`);
    }
    for (const text of ['why', 'ifLost'] as const) {
      if (typeof entry[text] !== 'string' || entry[text].trim().length < 10) problems.push(`oneTimeSecrets: "${apiName}" needs ${text}`);
    }
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isKeepable = (value: unknown): value is string | number => (typeof value === 'string' && value !== '') || typeof value === 'number';
