/**
 * Formatter hints: the columns a list shows and the fields an object shows first, where the
 * default choice (src/model/display.ts) is not what an operator looks for.
 */
import type { FormatterHint } from '../src/model/overrides.ts';

export const formatters: Readonly<Record<string, FormatterHint>> = {
  listVirtualMachines: { columns: ['name', 'id', 'state', 'zonename', 'ipaddress', 'serviceofferingname'] },
  listVolumes: { columns: ['name', 'id', 'type', 'state', 'size', 'virtualmachineid'] },
  listHosts: { columns: ['name', 'id', 'type', 'state', 'resourcestate', 'hypervisor'] },
  listNetworks: { columns: ['name', 'id', 'type', 'state', 'cidr', 'zonename'] },
  listPublicIpAddresses: { columns: ['ipaddress', 'id', 'state', 'issourcenat', 'isstaticnat', 'associatednetworkname'] },
  listEvents: { columns: ['created', 'type', 'level', 'description', 'username'] },
  listAsyncJobs: { columns: ['jobid', 'cmd', 'jobstatus', 'created'] },
};
