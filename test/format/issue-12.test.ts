/**
 * Issue #12, rendering: what an operator reads must agree with what CloudStack answered, and show
 * what they look for first. Real-shaped answers (samples.ts) through the server's text rendering.
 */
import { describe, expect, it } from 'vitest';
import { formatHintOf } from '../../src/format/hint.ts';
import { renderAnswer } from '../../src/format/render.ts';
import type { FormatHint } from '../../src/format/types.ts';
import { BundledModel } from '../../src/model/bundled.ts';
import type { ResponseKind } from '../../src/model/types.ts';
import { finishedDeployJob, hostInMaintenance, hypervisorCapabilities, scaledVm, updatedAclList } from './samples.ts';

const apis = BundledModel.open().document().apis;
const hintOf = (name: string) => formatHintOf(apis.find((api) => api.name === name)!);
const KINDS: ResponseKind[] = ['list', 'object', 'success', 'fields', 'authenticator'];
/** The hint with each kind a model might give (a live listApis documents scaleVirtualMachine as a SuccessResponse). */
const everyKind = (hint: FormatHint) => KINDS.map((kind) => [kind, { ...hint, kind }] as const);

describe('an object answer is shown as the object, whatever the model\'s kind says', () => {
  it.each(everyKind(hintOf('scaleVirtualMachine')))('scaleVirtualMachine, kind %s', (_kind, hint) => {
    const text = renderAnswer(hint, { virtualmachine: scaledVm });
    expect(text).not.toMatch(/^(Failed|Succeeded)/);
    expect(text).toContain('state: Running');
    expect(text).toContain('offering: Medium Instance');
  });

  it.each(everyKind(hintOf('updateNetworkACLList')))('updateNetworkACLList, kind %s', (_kind, hint) => {
    const text = renderAnswer(hint, updatedAclList);
    expect(text).not.toMatch(/^(Failed|Succeeded)/);
    expect(text).toContain('name: acl-web');
  });

  it('reads success only from the envelope: an explicit false fails, an absent flag does not', () => {
    const hint = hintOf('deleteVolume');
    expect(renderAnswer(hint, { success: true })).toBe('Succeeded');
    expect(renderAnswer(hint, { success: 'false', displaytext: 'volume is attached' })).toBe('Failed: volume is attached');
    expect(renderAnswer(hint, {})).toBe('Succeeded');
  });
});

describe('what operators look for first is shown', () => {
  it('a VM\'s IP addresses, from its NICs, in the object and in the list', () => {
    expect(renderAnswer(hintOf('scaleVirtualMachine'), { virtualmachine: scaledVm })).toContain('ip: 10.1.1.25 (guest-net), 192.168.10.14 (backend)');
    const table = renderAnswer(hintOf('listVirtualMachines'), { count: 1, virtualmachine: [scaledVm] });
    expect(table).toContain('10.1.1.25, 192.168.10.14');
    expect(table).not.toContain('[2 items]');
  });

  it('the resource state of a host in maintenance, among the first lines', () => {
    for (const text of [
      renderAnswer(hintOf('prepareHostForMaintenance'), { host: hostInMaintenance }),
      renderAnswer(hintOf('listHosts'), { count: 1, host: [hostInMaintenance] }),
    ]) {
      expect(text.split('\n').slice(0, 4).join('\n')).toContain('PrepareForMaintenance');
    }
  });

  it('listHypervisorCapabilities as a table of several columns', () => {
    const [, header, , row] = renderAnswer(hintOf('listHypervisorCapabilities'), hypervisorCapabilities).split('\n');
    expect(header.split(/\s{2,}/).length).toBeGreaterThanOrEqual(4);
    expect(row).toContain('KVM');
    expect(row).toContain('50');
  });

  it('a job\'s result as the API\'s own answer, not JSON cut to 200 characters', () => {
    expect(JSON.stringify(finishedDeployJob.jobresult).length).toBeGreaterThan(200);
    const text = renderAnswer(hintOf('queryAsyncJobResult'), finishedDeployJob);
    expect(text).toContain('status: succeeded');
    expect(text).toContain('command: DeployVMCmdByAdmin');
    expect(text).toMatch(/result:\n {2}name: web-01\n {2}state: Running/);
    expect(text).toContain('  ip: 10.1.1.25 (guest-net), 192.168.10.14 (backend)');
    expect(text).not.toContain('{"virtualmachine"');
  });

  it('a failed job\'s error', () => {
    const failed = { ...finishedDeployJob, jobstatus: 2, jobresultcode: 530, jobresult: { errorcode: 530, errortext: 'Unable to create a deployment for VM' } };
    const text = renderAnswer(hintOf('queryAsyncJobResult'), failed);
    expect(text).toContain('status: failed');
    expect(text).toContain('errortext: Unable to create a deployment for VM');
  });

  it('sizes, speeds and dates in human units and ISO 8601', () => {
    const text = renderAnswer(hintOf('listHosts'), { host: hostInMaintenance });
    expect(text).toContain('cpu: 32 x 2.6 GHz');
    expect(text).toContain('memory total: 252 GiB');
    expect(text).toContain('created: 2025-11-02T08:15:00Z');
    expect(renderAnswer(hintOf('scaleVirtualMachine'), { virtualmachine: scaledVm })).toContain('memory: 4 GiB');
  });
});
