/**
 * The cancellation scenario both transports must pass (stdio and Streamable HTTP): a deploy is
 * cancelled at its first progress notification; the server stops polling its job, says so on its
 * log, and the job goes on in CloudStack.
 */
import { expect } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RunningSimulator } from '../../src/simulator/index.ts';

export interface CancellationCase {
  client: Client;
  sim: RunningSimulator;
  /** The server's log so far. */
  stderr: () => string;
  /** deployVirtualMachine's arguments, without the name. */
  deployArgs: Record<string, unknown>;
  name: string;
}

export async function expectCancellationStopsPolling({ client, sim, stderr, deployArgs, name }: CancellationCase): Promise<void> {
  const controller = new AbortController();
  const polls = () => sim.requests.filter((r) => r.command === 'queryAsyncJobResult').length;
  const pending = client.callTool({ name: 'deploy_virtual_machine', arguments: { ...deployArgs, name } }, undefined, {
    signal: controller.signal,
    onprogress: () => controller.abort('user cancelled'),
  });
  await expect(pending).rejects.toThrow();
  // A poll already on the wire when the cancellation arrived may still land; none may follow it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const afterCancel = polls();
  await new Promise((resolve) => setTimeout(resolve, 2500));
  expect(polls()).toBe(afterCancel);
  expect(stderr()).toMatch(/Stopped waiting for async job \S+ \(deployVirtualMachine\) because the call was cancelled/);
  const vm = sim.state.store.all('virtualmachine').find((entity) => entity.data.name === name);
  expect(vm?.data.state, 'the job goes on in CloudStack').toBe('Running');
}
