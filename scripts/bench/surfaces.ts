/**
 * The tool surfaces the bench starts the server with. The keys are results.json's keys: renaming
 * one breaks comparisons with committed results, so add new ones instead.
 */
export interface Surface {
  key: 'discovery' | 'virtualMachine' | 'all' | 'allReadOnly';
  label: string;
  flags: string[];
  /** Lists per-API tools: a first start without a cached catalog waits for the live listApis. */
  perApi: boolean;
}

export const SURFACES: Surface[] = [
  { key: 'discovery', label: 'discovery (default)', flags: [], perApi: false },
  { key: 'virtualMachine', label: '--toolsets virtual-machine', flags: ['--toolsets', 'virtual-machine'], perApi: true },
  { key: 'all', label: '--tools all', flags: ['--tools', 'all'], perApi: true },
  { key: 'allReadOnly', label: '--tools all --read-only', flags: ['--tools', 'all', '--read-only'], perApi: true },
];
