/**
 * Param overrides: enums and map shapes discovery does not give (API name → param → override).
 * Map shapes default to key/value for `tags`, name/value for `counterparam`/`param`, free-form
 * otherwise (src/model/schema.ts); these APIs read `details` as explicit key/value pairs
 * (apache/cloudstack-go generate.go detailsRequireKeyValue; CloudStack's image-store commands).
 */
import type { ParamOverride } from '../src/model/overrides.ts';

const KEY_VALUE: ParamOverride = { mapShape: 'key-value' };

export const params: Readonly<Record<string, Readonly<Record<string, ParamOverride>>>> = {
  addGuestOs: { details: KEY_VALUE },
  updateGuestOs: { details: KEY_VALUE },
  addImageStore: { details: KEY_VALUE },
  addResourceDetail: { details: KEY_VALUE },
  createSecondaryStagingStore: { details: KEY_VALUE },
  updateCloudToUseObjectStore: { details: KEY_VALUE },
  updateZone: { details: KEY_VALUE },
  listTemplates: {
    templatefilter: { enum: ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'] },
  },
  listIsos: {
    isofilter: { enum: ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'] },
  },
};
