/** Every hand-written API behaviour; APIs not listed here are synthesised from the snapshot. */
import { discoveryHandlers } from './discovery.ts';
import { identityHandlers } from './identity.ts';
import { imageHandlers } from './images.ts';
import { infrastructureHandlers } from './infrastructure.ts';
import { jobHandlers } from './jobs.ts';
import { networkingHandlers } from './networking.ts';
import { noResultHandlers } from './no-result.ts';
import { offeringHandlers } from './offerings.ts';
import { securityHandlers } from './security.ts';
import { storageHandlers } from './storage.ts';
import { tagHandlers } from './tags.ts';
import type { HandlerTable } from './types.ts';
import { virtualMachineHandlers } from './virtual-machines.ts';

export const HANDLERS: HandlerTable = {
  ...discoveryHandlers,
  ...jobHandlers,
  ...infrastructureHandlers,
  ...offeringHandlers,
  ...imageHandlers,
  ...virtualMachineHandlers,
  ...storageHandlers,
  ...networkingHandlers,
  ...securityHandlers,
  ...identityHandlers,
  ...tagHandlers,
  ...noResultHandlers,
};
