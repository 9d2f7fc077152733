/** queryAsyncJobResult and listAsyncJobs over the job queue. */
import { invalidUuidError, permissionDenied } from '../errors.ts';
import { isDomainWithin } from '../state/identity.ts';
import { pageOf } from './listing.ts';
import { requireParam } from './common.ts';
import type { HandlerTable } from './types.ts';

export const jobHandlers: HandlerTable = {
  queryAsyncJobResult(context) {
    const jobId = requireParam(context, 'jobid');
    const entry = context.services.jobViews().find((j) => j.view.jobid === jobId);
    if (!entry) throw invalidUuidError(context.api.name, 'jobid', jobId);
    const { caller, state } = context;
    const allowed =
      caller.role === 'Admin' ||
      (caller.role === 'User'
        ? entry.ownerAccountId === caller.owner.accountId
        : isDomainWithin(state.store, entry.ownerDomainId, caller.owner.domainId));
    // ApiResponseHelper.queryJobResult: someone else's job is a PermissionDeniedException (531).
    if (!allowed) throw permissionDenied(`Account ${caller.owner.account} does not own async job ${jobId}`);
    return { kind: 'fields', fields: entry.view };
  },

  listAsyncJobs(context) {
    const { caller, state, params } = context;
    const listAll = params.values.get('listall')?.toLowerCase() === 'true';
    const keyword = params.values.get('keyword')?.toLowerCase();
    const jobs = context.services.jobViews().filter((job) => {
      if (keyword !== undefined && !String(job.view.cmd).toLowerCase().includes(keyword)) return false;
      if (caller.role === 'User' || !listAll) return job.ownerAccountId === caller.owner.accountId;
      return caller.role === 'Admin' || isDomainWithin(state.store, job.ownerDomainId, caller.owner.domainId);
    });
    return { kind: 'list', key: 'asyncjobs', count: jobs.length, items: pageOf(jobs, context).map((j) => j.view) };
  },
};

