/** Security groups with ingress/egress rules, and SSH key pairs (a created private key is a secret). */
import { generateKeyPairSync, createHash, randomUUID } from 'node:crypto';
import type { JsonObject } from '../envelope.ts';
import { invalidParameterValue, resourceInUse } from '../errors.ts';
import type { Entity } from '../state/store.ts';
import { objectAnswer, ownerForNew, param, removeWithTags, requireEntity, requireParam, success } from './common.ts';
import { listAnswer } from './listing.ts';
import type { CallContext, HandlerOutcome, HandlerTable } from './types.ts';

function findSecurityGroup(context: CallContext): Entity {
  if (param(context, 'securitygroupid') !== undefined) return requireEntity(context, 'securitygroup', 'securitygroupid');
  const name = param(context, 'securitygroupname');
  if (name === undefined) throw invalidParameterValue('Either securityGroupId or securityGroupName is required by authorizeSecurityGroup request');
  const owner = ownerForNew(context);
  const group = context.state.store.all('securitygroup').find((g) => g.data.name === name && g.owner?.accountId === owner.accountId);
  if (!group) throw invalidParameterValue(`Unable to find security group ${name} in the account ${owner.account}`);
  return group;
}

function authorize(direction: 'ingressrule' | 'egressrule') {
  return (context: CallContext): HandlerOutcome => {
    const group = findSecurityGroup(context);
    const protocol = (param(context, 'protocol') ?? 'tcp').toLowerCase();
    const rule: JsonObject = {
      ruleid: randomUUID(),
      protocol,
      ...(param(context, 'startport') ? { startport: Number(param(context, 'startport')) } : {}),
      ...(param(context, 'endport') ? { endport: Number(param(context, 'endport')) } : {}),
      ...(param(context, 'icmptype') ? { icmptype: Number(param(context, 'icmptype')) } : {}),
      ...(param(context, 'icmpcode') ? { icmpcode: Number(param(context, 'icmpcode')) } : {}),
      cidr: param(context, 'cidrlist') ?? '0.0.0.0/0',
      tags: [],
    };
    return {
      deferred: true,
      instanceType: 'SecurityGroup',
      instanceId: group.id,
      work: () => {
        (group.data[direction] as JsonObject[]).push(rule);
        // The rule id is accepted by revokeSecurityGroupIngress/Egress.
        context.state.issuedIds.add(String(rule.ruleid));
        return objectAnswer(context, { ...structuredClone(group.data), [direction]: [rule] }, 'securitygroup');
      },
    };
  };
}

function revoke(direction: 'ingressrule' | 'egressrule') {
  return (context: CallContext): HandlerOutcome => {
    const ruleId = requireParam(context, 'id');
    const group = context.state.store
      .all('securitygroup')
      .find((g) => (g.data[direction] as JsonObject[]).some((r) => r.ruleid === ruleId));
    if (!group) throw invalidParameterValue(`Unable to find the ${direction === 'ingressrule' ? 'ingress' : 'egress'} rule ${ruleId}`);
    return {
      deferred: true,
      instanceType: 'SecurityGroup',
      instanceId: group.id,
      work: () => {
        group.data[direction] = (group.data[direction] as JsonObject[]).filter((r) => r.ruleid !== ruleId);
        return success();
      },
    };
  };
}

function fingerprint(publicKeyOpenSsh: string): string {
  const blob = Buffer.from(publicKeyOpenSsh.split(' ')[1] ?? publicKeyOpenSsh, 'base64');
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

/** An RSA key pair: the public half in OpenSSH form, the private half as PEM. */
function newSshKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const mpint = (b64url: string) => {
    let bytes = Buffer.from(b64url, 'base64url');
    if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return bytes;
  };
  const field = (data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (data.length >> (24 - 8 * i)) & 0xff)), data]);
  const blob = Buffer.concat([field(Buffer.from('ssh-rsa')), field(mpint(jwk.e)), field(mpint(jwk.n))]);
  return {
    publicKey: `ssh-rsa ${blob.toString('base64')}`,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

function addKeyPair(context: CallContext, name: string, publicKey: string): Entity {
  const owner = ownerForNew(context);
  if (context.state.store.all('sshkeypair').some((k) => k.data.name === name && k.owner?.accountId === owner.accountId)) {
    throw invalidParameterValue(`A key pair with name '${name}' already exists for this account.`);
  }
  return context.state.store.add('sshkeypair', { name, fingerprint: fingerprint(publicKey) }, owner);
}

export const securityHandlers: HandlerTable = {
  listSecurityGroups: (context) =>
    listAnswer(context, {
      kind: 'securitygroup',
      fieldFor: { securitygroupname: 'name' },
      ignore: ['virtualmachineid'],
      extraFilter: (group, ctx) => {
        const vmId = ctx.params.values.get('virtualmachineid');
        return vmId === undefined || (group.data.virtualmachineids as string[]).includes(vmId);
      },
    }),
  createSecurityGroup(context) {
    const owner = ownerForNew(context);
    const name = requireParam(context, 'name');
    if (context.state.store.all('securitygroup').some((g) => g.data.name === name && g.owner?.accountId === owner.accountId)) {
      throw invalidParameterValue(`Unable to create security group, a group with name ${name} already exists.`);
    }
    const group = context.state.store.add(
      'securitygroup',
      { name, description: param(context, 'description') ?? name, ingressrule: [], egressrule: [], virtualmachinecount: 0, virtualmachineids: [], tags: [] },
      owner,
    );
    return objectAnswer(context, group);
  },
  deleteSecurityGroup(context) {
    if (param(context, 'id') === undefined && param(context, 'name') === undefined) {
      throw invalidParameterValue('Either id or name parameter is required by deleteSecurityGroup command');
    }
    const group = param(context, 'id')
      ? requireEntity(context, 'securitygroup', 'id')
      : context.state.store
          .all('securitygroup')
          .find((g) => g.data.name === param(context, 'name') && g.owner?.accountId === ownerForNew(context).accountId);
    if (!group) throw invalidParameterValue(`Unable to find security group by name ${param(context, 'name') ?? ''}`);
    if (group.data.name === 'default') throw invalidParameterValue("The network group default is default and can't be removed");
    if ((group.data.virtualmachineids as string[]).length > 0) throw resourceInUse(`Cannot delete group when it's in use by virtual machines`);
    removeWithTags(context, group);
    return success();
  },
  authorizeSecurityGroupIngress: authorize('ingressrule'),
  authorizeSecurityGroupEgress: authorize('egressrule'),
  revokeSecurityGroupIngress: revoke('ingressrule'),
  revokeSecurityGroupEgress: revoke('egressrule'),

  listSSHKeyPairs: (context) => listAnswer(context, { kind: 'sshkeypair' }),
  createSSHKeyPair(context) {
    const { publicKey, privateKey } = newSshKeyPair();
    const keyPair = addKeyPair(context, requireParam(context, 'name'), publicKey);
    context.state.addSecret(privateKey);
    // The private key is shown once, in this answer; CloudStack does not store it.
    return objectAnswer(context, { ...structuredClone(keyPair.data), privatekey: privateKey });
  },
  registerSSHKeyPair(context) {
    const publicKey = requireParam(context, 'publickey');
    if (!/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+) [A-Za-z0-9+/=]+/.test(publicKey)) {
      throw invalidParameterValue('Public key is invalid');
    }
    return objectAnswer(context, addKeyPair(context, requireParam(context, 'name'), publicKey));
  },
  deleteSSHKeyPair(context) {
    const name = requireParam(context, 'name');
    const owner = ownerForNew(context);
    const keyPair = context.state.store.all('sshkeypair').find((k) => k.data.name === name && k.owner?.accountId === owner.accountId);
    if (!keyPair) throw invalidParameterValue(`A key pair with name '${name}' does not exist for account ${owner.account} in specified domain id`);
    removeWithTags(context, keyPair);
    return success();
  },
};
