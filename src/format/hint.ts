/**
 * How an API's answer is rendered by default: its shape from the model, and the fields shown first
 * (src/model/display.ts). A custom formatter (overrides/formatters/) replaces the field choice.
 */
import { keyFieldsFor } from '../model/display.ts';
import type { ApiModel } from '../model/types.ts';
import type { FormatHint } from './types.ts';

const hints = new WeakMap<ApiModel, FormatHint>();

/** Decided once per API (and kept): every answer of that API is rendered the same way. */
export function formatHintOf(api: ApiModel): FormatHint {
  let hint = hints.get(api);
  if (!hint) {
    hint = {
      api: api.name,
      kind: api.responseKind,
      ...(api.responseKey !== undefined ? { key: api.responseKey } : {}),
      keyFields: keyFieldsFor(api),
    };
    hints.set(api, hint);
  }
  return hint;
}
