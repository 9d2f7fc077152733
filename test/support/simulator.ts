/**
 * Raw signed requests for the simulator's own tests (the project's client is tested against the
 * simulator separately): signing comes from signer.ts, transport is plain fetch.
 */
import { encodeParams, signParams, type ParamList, type SignOptions } from '../../src/cloudstack/signer.ts';
import type { RunningSimulator, SimulatorAccount } from '../../src/simulator/index.ts';

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body (undefined when it is not JSON). */
  body: Record<string, any> | undefined;
}

export interface CallOptions {
  as?: SimulatorAccount;
  method?: 'GET' | 'POST';
  signatureVersion?: 2 | 3;
  /** Leave out `response=json` (XML answers). */
  xml?: boolean;
  sign?: Partial<SignOptions>;
}

export async function sendRaw(url: string, method: 'GET' | 'POST', encoded: string): Promise<RawAnswer> {
  const response =
    method === 'GET'
      ? await fetch(`${url}?${encoded}`)
      : await fetch(url, { method: 'POST', body: encoded, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  const text = await response.text();
  let body: Record<string, any> | undefined;
  try {
    body = JSON.parse(text) as Record<string, any>;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** Signs (v3 by default) and sends one API call. */
export function call(sim: RunningSimulator, params: Record<string, string> | ParamList, options: CallOptions = {}): Promise<RawAnswer> {
  const account = options.as ?? sim.accounts.admin;
  const list: ParamList = Array.isArray(params) ? [...params] : Object.entries(params);
  if (!options.xml) list.push(['response', 'json']);
  const signed = signParams(list, {
    apiKey: account.apiKey,
    secretKey: account.secretKey,
    signatureVersion: options.signatureVersion ?? 3,
    ...options.sign,
  });
  return sendRaw(sim.url, options.method ?? 'GET', encodeParams(signed));
}

/** The object under the single `<cmd>response` key. */
export function inner(answer: RawAnswer): Record<string, any> {
  const body = answer.body;
  if (!body) throw new Error(`not JSON: ${answer.text.slice(0, 200)}`);
  const keys = Object.keys(body);
  if (keys.length !== 1) throw new Error(`expected one envelope key, got ${keys.join(',')}`);
  return body[keys[0]] as Record<string, any>;
}

/** Polls queryAsyncJobResult until the job leaves status 0 (or the time runs out). */
export async function waitForJob(
  sim: RunningSimulator,
  jobId: string,
  options: { as?: SimulatorAccount; timeoutMs?: number } = {},
): Promise<Record<string, any>> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const job = inner(await call(sim, { command: 'queryAsyncJobResult', jobid: jobId }, { as: options.as }));
    if (job.jobstatus !== 0 || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Calls an async API and waits for its job. */
export async function callAndWait(
  sim: RunningSimulator,
  params: Record<string, string>,
  options: CallOptions = {},
): Promise<{ answer: RawAnswer; job: Record<string, any> }> {
  const answer = await call(sim, params, options);
  const jobId = inner(answer).jobid;
  if (typeof jobId !== 'string') throw new Error(`no jobid in ${answer.text.slice(0, 300)}`);
  return { answer, job: await waitForJob(sim, jobId, { as: options.as }) };
}
