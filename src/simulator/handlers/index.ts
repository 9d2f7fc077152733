/** Every hand-written API behaviour; APIs not listed here are synthesised from the snapshot. */
import { discoveryHandlers } from './discovery.ts';
import { infrastructureHandlers } from './infrastructure.ts';
import { jobHandlers } from './jobs.ts';
import type { HandlerTable } from './types.ts';
import { virtualMachineHandlers } from './virtual-machines.ts';

export const HANDLERS: HandlerTable = {
  ...discoveryHandlers,
  ...jobHandlers,
  ...infrastructureHandlers,
  ...virtualMachineHandlers,
};
