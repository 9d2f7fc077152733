/**
 * Virtual machines: deploy, start, stop, reboot, destroy, recover, expunge with CloudStack's state
 * machine; transitional states (Starting, Stopping) are visible while the job runs.
 */
import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../envelope.ts';
import { invalidParameterValue, invalidUuidError } from '../errors.ts';
import {
  checkVmTransition,
  createRootVolume,
  detachVolume,
  hostFields,
  syncVmVolumes,
  vmData,
  type VmOperation,
  type VmState,
} from '../state/compute.ts';
import type { Entity } from '../state/store.ts';
import { applyUpdates, flag, objectAnswer, optionalEntity, ownerForNew, param, removeWithTags, requireEntity } from './common.ts';
import { listAnswer } from './listing.ts';
import type { CallContext, DeferredWork, HandlerOutcome, HandlerTable } from './types.ts';

const INSTANCE_TYPE = 'VirtualMachine';

function setVmState(context: CallContext, vm: Entity, state: VmState): void {
  vm.data.state = state;
  if (state === 'Running') {
    const host = context.state.store.all('host').find((h) => h.data.zoneid === vm.data.zoneid) ?? context.state.first('host');
    Object.assign(vm.data, hostFields(host));
  } else if (state !== 'Starting' && state !== 'Stopping') {
    delete vm.data.hostid;
    delete vm.data.hostname;
  }
  syncVmVolumes(context.state.store, vm);
}

function vmAnswer(context: CallContext, vm: Entity, extra: JsonObject = {}) {
  return objectAnswer(context, { ...structuredClone(vm.data), ...extra }, 'virtualmachine');
}

/** The job of a state change: the transitional state now, the final one when the job finishes. */
function transition(
  context: CallContext,
  operation: VmOperation,
  during: VmState | undefined,
  after: VmState,
): DeferredWork {
  const vm = requireEntity(context, 'virtualmachine', 'id');
  let verdict: 'run' | 'noop' | Error;
  try {
    verdict = checkVmTransition(vm, operation);
  } catch (error) {
    verdict = error as Error;
  }
  const before = vm.data.state as VmState;
  if (verdict === 'run' && during) setVmState(context, vm, during);
  return {
    deferred: true,
    instanceType: INSTANCE_TYPE,
    instanceId: vm.id,
    work: () => {
      // The state check runs inside the job, as CloudStack's command execute() does.
      if (verdict instanceof Error) throw verdict;
      if (verdict === 'run') setVmState(context, vm, after);
      return vmAnswer(context, vm);
    },
    onFailure: () => {
      if (verdict === 'run') setVmState(context, vm, before);
    },
  };
}

function expungeVm(context: CallContext, vm: Entity): void {
  for (const volume of context.state.store.all('volume')) {
    if (volume.data.virtualmachineid !== vm.id) continue;
    if (volume.data.type === 'ROOT') removeWithTags(context, volume);
    else detachVolume(volume);
  }
  removeWithTags(context, vm);
}

function deploy(context: CallContext): HandlerOutcome {
  const { state } = context;
  const zone = requireEntity(context, 'zone', 'zoneid');
  const serviceOffering = requireEntity(context, 'serviceoffering', 'serviceofferingid');
  const templateId = param(context, 'templateid') ?? '';
  const template = state.store.get('template', templateId) ?? state.store.get('iso', templateId);
  if (!template) throw invalidUuidError(context.api.name, 'templateid', templateId);
  const owner = ownerForNew(context);
  const networkIds = (param(context, 'networkids') ?? '').split(',').filter((s) => s !== '');
  const networks = networkIds.map((id) => {
    const network = state.store.get('network', id);
    if (!network) throw invalidParameterValue(`Unable to find network by id ${id}`);
    return network;
  });
  const network =
    networks[0] ?? state.store.all('network').find((n) => n.owner?.accountId === owner.accountId && n.data.zoneid === zone.id);
  const keypairName = param(context, 'keypair');
  if (keypairName && !state.store.all('sshkeypair').some((k) => k.data.name === keypairName && k.owner?.accountId === owner.accountId)) {
    throw invalidParameterValue(`A key pair with name '${keypairName}' was not found for account ${owner.account} in specified domain id`);
  }
  optionalEntity(context, 'diskoffering', 'diskofferingid');
  const startVm = flag(context, 'startvm', true);
  const index = state.nextVmIndex();
  const vm = state.store.add(
    'virtualmachine',
    vmData({
      name: param(context, 'name') ?? `VM-${crypto.randomUUID()}`,
      displayname: param(context, 'displayname'),
      zone,
      serviceOffering,
      template,
      network,
      state: startVm ? 'Starting' : 'Stopped',
      ipIndex: index,
      keypair: keypairName,
      group: param(context, 'group'),
    }),
    owner,
  );
  createRootVolume(state.store, vm, zone, template, owner);
  // A password-enabled template gets a generated password, shown once in the deploy result.
  const password = template.data.passwordenabled === true ? randomBytes(9).toString('base64url') : undefined;
  if (password) state.addSecret(password);
  return {
    deferred: true,
    id: vm.id,
    instanceType: INSTANCE_TYPE,
    instanceId: vm.id,
    work: () => {
      if (startVm) setVmState(context, vm, 'Running');
      return vmAnswer(context, vm, password ? { password } : {});
    },
    onFailure: () => setVmState(context, vm, 'Error'),
  };
}

export const virtualMachineHandlers: HandlerTable = {
  listVirtualMachines: (context) =>
    listAnswer(context, {
      kind: 'virtualmachine',
      ignore: ['networkid', 'details', 'userid', 'isvnf', 'accumulate', 'haenable'],
      extraFilter: (vm, ctx) => {
        const networkId = ctx.params.values.get('networkid');
        if (networkId && !(vm.data.nic as JsonObject[]).some((nic) => nic.networkid === networkId)) return false;
        // allow.user.view.destroyedvm is false by default: users do not see destroyed VMs.
        const state = String(vm.data.state);
        if (ctx.caller.role !== 'Admin' && ctx.caller.role !== 'DomainAdmin' && (state === 'Destroyed' || state === 'Expunging')) {
          return false;
        }
        return true;
      },
    }),
  deployVirtualMachine: deploy,
  startVirtualMachine: (context) => transition(context, 'start', 'Starting', 'Running'),
  stopVirtualMachine: (context) => transition(context, 'stop', 'Stopping', 'Stopped'),
  rebootVirtualMachine: (context) => transition(context, 'reboot', undefined, 'Running'),
  destroyVirtualMachine(context) {
    const expunge = flag(context, 'expunge');
    const work = transition(context, 'destroy', undefined, 'Destroyed');
    const vm = context.state.store.get('virtualmachine', String(work.instanceId));
    const inner = work.work;
    return {
      ...work,
      work: () => {
        const answer = inner();
        if (expunge && vm) expungeVm(context, vm);
        return answer;
      },
    };
  },
  recoverVirtualMachine(context) {
    const vm = requireEntity(context, 'virtualmachine', 'id');
    if (checkVmTransition(vm, 'recover') === 'run') setVmState(context, vm, 'Stopped');
    return vmAnswer(context, vm);
  },
  expungeVirtualMachine(context) {
    const vm = requireEntity(context, 'virtualmachine', 'id');
    let failure: Error | undefined;
    try {
      checkVmTransition(vm, 'expunge');
      setVmState(context, vm, 'Expunging');
    } catch (error) {
      failure = error as Error;
    }
    return {
      deferred: true,
      instanceType: INSTANCE_TYPE,
      instanceId: vm.id,
      work: () => {
        if (failure) throw failure;
        expungeVm(context, vm);
        return { kind: 'success' };
      },
      onFailure: () => {
        if (!failure) setVmState(context, vm, 'Destroyed');
      },
    };
  },
  updateVirtualMachine(context) {
    const vm = requireEntity(context, 'virtualmachine', 'id');
    applyUpdates(context, vm, ['displayname', 'group', 'name'], ['haenable', 'isdynamicallyscalable']);
    return vmAnswer(context, vm);
  },
};
