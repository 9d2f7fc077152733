/**
 * What a destructive call would act on, in words: "zone Zone1 (id …, state Enabled)". Looked up
 * with a read-only list call before asking for confirmation, so the user confirms a named thing,
 * not an opaque id. A failed lookup never blocks the confirmation: it is said instead.
 */
import type { ApiModel } from '../model/types.ts';
import type { ApiCaller } from '../cloudstack/caller.ts';

export interface TargetDescription {
  /** e.g. "zone Zone1 (id 44e7…, state Enabled)". */
  text: string;
  id: string;
  kind?: string;
  name?: string;
  state?: string;
}

type Lookup = (name: string) => ApiModel | undefined;

/** The parameter that names the target: `id`, else the first required id parameter. */
function targetParam(api: ApiModel) {
  return api.params.find((p) => p.name === 'id' && p.encoding === 'uuid') ?? api.params.find((p) => p.required && p.encoding === 'uuid');
}

export async function describeTarget(
  api: ApiModel,
  params: Record<string, unknown>,
  lookup: Lookup,
  client: ApiCaller,
  signal?: AbortSignal,
): Promise<TargetDescription | undefined> {
  const param = targetParam(api);
  const id = param ? params[param.name] : undefined;
  if (!param || typeof id !== 'string') return undefined;
  const lister = (param.related ?? [])
    .map(lookup)
    .find((candidate) => candidate && candidate.responseKind === 'list' && candidate.access === 'read' && candidate.params.some((p) => p.name === 'id'));
  if (!lister) return { text: `${param.name} ${id}`, id };
  try {
    const args: Record<string, unknown> = { id };
    if (lister.params.some((p) => p.name === 'listall')) args.listall = true;
    const content = (await client.callApi(lister.name, args, { signal })) as Record<string, unknown>;
    const key = lister.responseKey ?? Object.keys(content).find((k) => k !== 'count');
    const item = (key && Array.isArray(content[key]) ? (content[key] as Array<Record<string, unknown>>)[0] : undefined) ?? undefined;
    const kind = lister.responseKey ?? param.name;
    if (!item) return { text: `${kind} ${id} (not found by ${lister.name}: it may not exist)`, id, kind };
    const name = [item.name, item.displayname, item.username].find((v) => typeof v === 'string') as string | undefined;
    const state = [item.state, item.status, item.allocationstate].find((v) => typeof v === 'string') as string | undefined;
    return {
      text: `${kind} ${name ?? id} (id ${id}${state ? `, state ${state}` : ''})`,
      id,
      kind,
      name,
      state,
    };
  } catch (error) {
    return { text: `${param.name} ${id} (could not look it up: ${(error as Error).message})`, id };
  }
}
