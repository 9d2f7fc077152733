#!/usr/bin/env node
/**
 * The simulator for the tools/call runs, in a process of its own as a real CloudStack is: seeded
 * with VMs (which only the in-process API can do), and answering the bench over the IPC channel
 * with what it received, so the bench can check that the server and the direct client sent the
 * same request. Plain `node` on the built simulator (dist/), like the server it answers.
 *
 * Usage (from scripts/bench/simulator-process.ts, with an IPC channel): seeded-simulator.mjs VMS
 *
 * Messages in: {type: 'first', id, command} → {id, request}: the first recorded request for the
 * command since the last clear (or null); {type: 'clear', id} → {id}: forget what was recorded.
 */
import { startSimulator } from '../../dist/src/simulator/index.js';

const vms = Number(process.argv[2] ?? 0);
const sim = await startSimulator({ host: '127.0.0.1', jobDelayMs: 0 });
if (vms > 0) sim.state.seed('virtualmachine', vms, { namePrefix: 'bench' });

process.on('message', (message) => {
  if (message.type === 'clear') {
    sim.requests.length = 0;
    process.send({ id: message.id, request: null });
  }
  if (message.type === 'first') {
    const request = sim.requests.find((recorded) => recorded.command === message.command) ?? null;
    process.send({ id: message.id, request });
  }
});
// The bench going away (or closing the channel) is the end.
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));

const keys = (account) => ({ apiKey: account.apiKey, secretKey: account.secretKey });
const { admin, domainadmin, user } = sim.accounts;
process.send({ type: 'ready', url: sim.url, accounts: { admin: keys(admin), domainadmin: keys(domainadmin), user: keys(user) } });
