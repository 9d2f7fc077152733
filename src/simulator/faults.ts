/**
 * Fault knobs for tests: mutable at run time through `RunningSimulator.faults`. A knob is either
 * on for every command (`true`) or for the listed command names (case-insensitive).
 */
export interface FaultSettings {
  /** Added to every response. */
  latencyMs: number;
  /** 0..1: share of API calls answered with HTTP 530 internal error. */
  errorRate: number;
  /** Async jobs (all, or of these commands) end with jobstatus 2, errorcode 530. */
  failJobs: boolean | string[];
  /** Jobs stay jobstatus 0 forever. */
  neverFinishJobs: boolean | string[];
  /** The body is truncated, invalid JSON. */
  malformedJson: boolean | string[];
  /** The socket is destroyed without an answer. */
  dropConnections: boolean | string[];
}

export function noFaults(): FaultSettings {
  return { latencyMs: 0, errorRate: 0, failJobs: false, neverFinishJobs: false, malformedJson: false, dropConnections: false };
}

export function faultApplies(knob: boolean | string[], command: string | undefined): boolean {
  if (typeof knob === 'boolean') return knob;
  if (command === undefined) return false;
  const lower = command.toLowerCase();
  return knob.some((name) => name.toLowerCase() === lower);
}

/** Cuts a JSON body so that no parser accepts it. */
export function corruptJson(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2))) + '{"';
}

/** Reads fault settings from `CLOUDSTACK_SIM_*` variables (for the bin; tests set `faults` directly). */
export function faultsFromEnv(env: NodeJS.ProcessEnv): Partial<FaultSettings> {
  const knob = (value: string | undefined): boolean | string[] | undefined => {
    if (value === undefined || value === '') return undefined;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  };
  const number = (value: string | undefined): number | undefined =>
    value === undefined || value === '' || Number.isNaN(Number(value)) ? undefined : Number(value);
  const result: Partial<FaultSettings> = {};
  const latencyMs = number(env.CLOUDSTACK_SIM_LATENCY_MS);
  if (latencyMs !== undefined) result.latencyMs = latencyMs;
  const errorRate = number(env.CLOUDSTACK_SIM_ERROR_RATE);
  if (errorRate !== undefined) result.errorRate = errorRate;
  const knobs = {
    failJobs: knob(env.CLOUDSTACK_SIM_FAIL_JOBS),
    neverFinishJobs: knob(env.CLOUDSTACK_SIM_NEVER_FINISH_JOBS),
    malformedJson: knob(env.CLOUDSTACK_SIM_MALFORMED_JSON),
    dropConnections: knob(env.CLOUDSTACK_SIM_DROP_CONNECTIONS),
  };
  for (const [name, value] of Object.entries(knobs)) {
    if (value !== undefined) (result as Record<string, unknown>)[name] = value;
  }
  return result;
}
