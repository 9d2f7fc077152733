/**
 * Which calls need the user's confirmation before they run (`--confirm`): destructive ones by
 * default, every mutation on request, none only when explicitly allowed.
 */
import type { ApiModel, DangerPolicy } from '../model/types.ts';
import type { ConfirmPolicy } from '../config.ts';

export function needsConfirmation(api: ApiModel, policy: ConfirmPolicy): boolean {
  switch (policy) {
    case 'never':
      return false;
    case 'all-mutations':
      return api.access !== 'read';
    case 'destructive':
      return api.access === 'destructive' || api.danger !== undefined;
  }
}

/** The policy shown to the user: the generated one, or a plain one for a mutation confirmed by --confirm all-mutations. */
export function dangerOf(api: ApiModel): DangerPolicy {
  return (
    api.danger ?? {
      severity: 'low',
      category: 'infrastructure',
      whatItDoes: api.description || api.title,
      warning: `${api.name} changes the cloud's state.`,
      reversible: true,
      scope: 'the resources named in the arguments',
      source: 'default-rule',
    }
  );
}
