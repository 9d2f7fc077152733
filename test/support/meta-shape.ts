/**
 * A response shape as ../shared/api-snapshots/*.meta.json records it, typed here for the tests that
 * read the meta files independently of the model (what CloudStack answers, traced in its source).
 */
export interface MetaShape {
  name: string | null;
  nameLikely?: string;
  kind: string | null;
  objectName: string | null;
  async: boolean;
  immediate?: string[];
  nameBasis?: string;
  jobresult?: string;
}
