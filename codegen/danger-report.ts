/**
 * The data of generated/docs/dangerous-actions.md (template docs-dangerous-actions.hbs): every
 * destructive API with its danger policy and where the policy came from, the summary counts,
 * and every sensitive param and response field. Counts come from the model, never by hand.
 */
import { requiresDangerOverride } from '../src/model/danger.ts';
import { isSecretName } from '../src/model/sensitive.ts';
import type { ApiModel, ApiModelDocument, DangerSeverity } from '../src/model/types.ts';

export interface DangerCounts {
  destructive: number;
  fromOverrides: number;
  fromDefaultRule: number;
  /** Destructive APIs without a policy: always 0 in a built model (buildModel throws otherwise). */
  withoutPolicy: number;
  /** Non-destructive APIs an override gives a policy. */
  nonDestructiveWithPolicy: number;
  /** Destructive APIs in the areas that require an override (src/model/danger.ts) and lack one. */
  requiredOverridesMissing: number;
  sensitiveParams: number;
  apisWithSensitiveParams: number;
  sensitiveResponseFields: number;
}

export function dangerCounts(apis: readonly ApiModel[]): DangerCounts {
  const destructive = apis.filter((api) => api.access === 'destructive');
  const sensitive = apis.map((api) => api.params.filter((param) => param.sensitive).length);
  return {
    destructive: destructive.length,
    fromOverrides: destructive.filter((api) => api.danger?.source === 'override').length,
    fromDefaultRule: destructive.filter((api) => api.danger?.source === 'default-rule').length,
    withoutPolicy: destructive.filter((api) => !api.danger).length,
    nonDestructiveWithPolicy: apis.filter((api) => api.access !== 'destructive' && api.danger).length,
    requiredOverridesMissing: destructive.filter((api) => requiresDangerOverride(api) && api.danger?.source !== 'override').length,
    sensitiveParams: sensitive.reduce((sum, count) => sum + count, 0),
    apisWithSensitiveParams: sensitive.filter((count) => count > 0).length,
    sensitiveResponseFields: apis.reduce((sum, api) => sum + api.sensitiveResponseFields.length, 0),
  };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\s+/g, ' ').trim();
}

const SEVERITIES: readonly DangerSeverity[] = ['critical', 'high', 'medium', 'low'];

export function dangerReportView(model: ApiModelDocument) {
  const withPolicy = model.apis.filter((api) => api.danger);
  const categories = model.categories
    .map((category) => ({
      id: category.id,
      rows: withPolicy
        .filter((api) => api.category === category.id)
        .map((api) => ({
          name: api.name,
          toolName: api.toolName,
          access: api.access,
          severity: api.danger!.severity,
          harm: api.danger!.category,
          reversible: api.danger!.reversible ? 'yes' : 'no',
          scope: cell(api.danger!.scope),
          source: api.danger!.source,
          warning: cell(api.danger!.warning),
        })),
    }))
    .filter((category) => category.rows.length > 0);
  const sensitiveParams = model.apis.flatMap((api) =>
    api.params
      .filter((param) => param.sensitive)
      .map((param) => ({
        api: api.name,
        param: param.name,
        type: param.type,
        how: [
          isSecretName(param.name) ? 'name rule' : 'override',
          ...(param.sensitiveMapKeys ? [`secret keys: ${param.sensitiveMapKeys.map((key) => `\`${key}\``).join(', ')}`] : []),
          ...(param.credentialsInUrl ? ['credentials in the URL'] : []),
        ].join('; '),
      })),
  );
  return {
    counts: dangerCounts(model.apis),
    severities: SEVERITIES.map((severity) => ({ severity, count: withPolicy.filter((api) => api.danger!.severity === severity).length })),
    categories,
    sensitiveParams,
    sensitiveResponses: model.apis
      .filter((api) => api.sensitiveResponseFields.length > 0)
      .map((api) => ({ api: api.name, fields: api.sensitiveResponseFields.map((field) => `\`${field}\``).join(', ') })),
  };
}
