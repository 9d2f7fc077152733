/** The project's overrides, assembled for codegen (see src/model/overrides.ts for the types). */
import type { Overrides } from '../src/model/overrides.ts';
import { access } from './access.ts';
import { categories } from './categories.ts';
import { dangerousActions } from './dangerous-actions.ts';
import { descriptions } from './descriptions.ts';
import { params } from './params.ts';
import { responseShapes } from './response-keys.ts';
import { sensitiveParams, sensitiveResponseFields } from './sensitive.ts';
import { versions } from './versions.ts';

export const overrides: Overrides = {
  access,
  categories,
  dangerousActions,
  descriptions,
  params,
  responseShapes,
  sensitiveParams,
  sensitiveResponseFields,
  versions,
};
