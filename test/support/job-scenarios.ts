/**
 * Async-job scenarios both transports must pass (stdio and Streamable HTTP): a deploy waited for
 * with progress notifications, and one cancelled at its first notification, whose polling stops
 * (said on the server's log) while the job goes on in CloudStack.
 */
import { expect } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RunningSimulator } from '../../src/simulator/index.ts';

export interface JobCase {
  client: Client;
  sim: RunningSimulator;
  /** The server's log so far. */
  stderr: () => string;
  /** deployVirtualMachine's arguments, without the name. */
  deployArgs: Record<string, unknown>;
  name: string;
}

export async function expectProgressWhileWaiting({ client, deployArgs, name }: Omit<JobCase, 'sim' | 'stderr'>): Promise<void> {
  const progress: Array<{ progress: number; message?: string }> = [];
  const result = (await client.callTool({ name: 'deploy_virtual_machine', arguments: { ...deployArgs, name } }, undefined, {
    onprogress: (p) => progress.push(p),
  })) as CallToolResult & { structuredContent?: Record<string, any> };
  expect(result.isError).toBeFalsy();
  expect(result.structuredContent!.virtualmachine.name).toBe(name);
  expect(progress.length).toBeGreaterThanOrEqual(2);
  expect(progress.map((p) => p.progress)).toEqual([...progress.map((p) => p.progress)].sort((a, b) => a - b));
  expect(progress[0].message).toMatch(/deployVirtualMachine: job \S+ running/);
}

export async function expectCancellationStopsPolling({ client, sim, stderr, deployArgs, name }: JobCase): Promise<void> {
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
