/**
 * Per-API formatting data (src/format/hint.ts): which shape the answer has and which fields
 * matter most. The logic that uses it lives in render.ts.
 */
import type { ResponseKind } from '../model/types.ts';

export interface FormatHint {
  /** The API's name: a custom formatter may be chosen by it (overrides/formatters/index.ts). */
  api?: string;
  /** The shape the model expects; the answer's own shape wins where they differ (render.ts). */
  kind: ResponseKind;
  /** JSON key of the entity (list items or the object), the model's; absent: fields at the top level. */
  key?: string;
  /** Lists: the table columns; objects: the fields shown first. In order. */
  keyFields: readonly string[];
}
