/**
 * How an API's answer is rendered: its shape from the model, and the fields shown first (the
 * hand-written columns of overrides/formatters.ts, else the preferred documented fields).
 */
import { keyFieldsFor } from '../model/display.ts';
import type { ApiModel } from '../model/types.ts';
import { formatters } from '../../overrides/formatters.ts';
import type { FormatHint } from './types.ts';

const hints = new WeakMap<ApiModel, FormatHint>();

/** Decided once per API (and kept): every answer of that API is rendered the same way. */
export function formatHintOf(api: ApiModel): FormatHint {
  let hint = hints.get(api);
  if (!hint) {
    hint = {
      kind: api.responseKind,
      ...(api.responseKey !== undefined ? { key: api.responseKey } : {}),
      keyFields: keyFieldsFor(api, formatters[api.name]),
    };
    hints.set(api, hint);
  }
  return hint;
}
