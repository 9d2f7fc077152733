/**
 * The simulator's stateful store and its seeding: a small realistic cloud at start, and
 * `state.seed(kind, n)` for tests that need many entities (e.g. 1,200 zones to page through).
 */
import type { JsonObject } from '../envelope.ts';
import { newApiKey } from '../ids.ts';
import {
  clusterData,
  diskOfferingData,
  hostData,
  isoData,
  networkData,
  networkOfferingData,
  podData,
  serviceOfferingData,
  templateData,
  vpcOfferingData,
  zoneData,
} from './builders.ts';
import { createRootVolume, vmData, volumeData } from './compute.ts';
import { createAccount, createDomain, issueKeys, ownerFor, type RoleType } from './identity.ts';
import { EntityStore, type Entity, type Owner } from './store.ts';

export type { Entity, Owner } from './store.ts';

/** One of the three accounts the simulator starts with (the contract of `RunningSimulator.accounts`). */
export interface SimulatorAccount {
  apiKey: string;
  secretKey: string;
  userId: string;
  accountId: string;
  account: string;
  domainId: string;
  role: RoleType;
}

/** Kinds `seed()` can create in bulk. */
export const SEEDABLE_KINDS = [
  'zone',
  'pod',
  'cluster',
  'host',
  'serviceoffering',
  'diskoffering',
  'template',
  'iso',
  'network',
  'virtualmachine',
  'volume',
] as const;
export type SeedableKind = (typeof SEEDABLE_KINDS)[number];

export interface SeedOptions {
  /** Which of the three accounts owns the entities of owned kinds (default `admin`). */
  owner?: 'admin' | 'domainadmin' | 'user';
  /** Names are `<prefix>-0001`, ... (default: the kind). */
  namePrefix?: string;
  /** Extra or overriding response fields for every entity. */
  fields?: JsonObject;
}

export class SimulatorState {
  readonly store = new EntityStore();
  /**
   * Every secret value the simulator ever put in a response or holds for a user (secret keys, SSH
   * private keys, VM passwords, synthesised sensitive fields). Grows as secrets are created.
   */
  readonly knownSecrets: string[] = [];
  /** Ids the simulator handed out in synthesised answers (accepted back as `uuid` params). */
  readonly issuedIds = new Set<string>();
  readonly accounts: { admin: SimulatorAccount; domainadmin: SimulatorAccount; user: SimulatorAccount };
  /** The seeded cloud, for handlers that need a default (e.g. the zone of a new VM's host). */
  readonly seeded: { rootDomain: Entity; subDomain: Entity; zone: Entity; pod: Entity; cluster: Entity };
  /** A per-run value every synthesised sensitive field carries (part of `knownSecrets`). */
  readonly synthesisedSecret = `simsecret-${newApiKey().slice(0, 32)}`;
  private readonly owners = new Map<string, Owner>();
  private vmCounter = 0;

  constructor() {
    this.addSecret(this.synthesisedSecret);
    const roleSpecs: Array<[string, RoleType | 'ResourceAdmin']> = [
      ['Root Admin', 'Admin'],
      ['Resource Admin', 'ResourceAdmin'],
      ['Domain Admin', 'DomainAdmin'],
      ['User', 'User'],
    ];
    for (const [name, type] of roleSpecs) {
      this.store.add('role', { name, type, description: `Default ${name.toLowerCase()} role`, isdefault: true, state: 'ENABLED' });
    }
    const rootDomain = createDomain(this.store, 'ROOT');
    const subDomain = createDomain(this.store, 'Sub1', rootDomain);
    const makeAccount = (name: string, role: RoleType, domain: Entity): SimulatorAccount => {
      const { account, user } = createAccount(this.store, { name, role, domain, username: name });
      const keys = issueKeys(user);
      this.addSecret(keys.secretKey);
      this.owners.set(name, ownerFor(account, domain));
      return { ...keys, userId: user.id, accountId: account.id, account: name, domainId: domain.id, role };
    };
    this.accounts = {
      admin: makeAccount('admin', 'Admin', rootDomain),
      domainadmin: makeAccount('domainadmin', 'DomainAdmin', subDomain),
      user: makeAccount('user', 'User', rootDomain),
    };

    const zone = this.store.add('zone', zoneData('Zone1'));
    const pod = this.store.add('pod', podData('Pod1', zone));
    const cluster = this.store.add('cluster', clusterData('Cluster1', pod));
    this.seeded = { rootDomain, subDomain, zone, pod, cluster };
    this.store.add('host', hostData('kvm-host-01', cluster, 1));
    this.store.add('host', hostData('kvm-host-02', cluster, 2));
    this.store.add('serviceoffering', serviceOfferingData('Small Instance', 1, 512));
    this.store.add('serviceoffering', serviceOfferingData('Medium Instance', 2, 1024));
    this.store.add('diskoffering', diskOfferingData('Small', 5));
    this.store.add('diskoffering', diskOfferingData('Medium', 20));
    this.store.add('diskoffering', diskOfferingData('Custom', 0));
    const admin = this.ownerOf('admin');
    this.store.add('template', templateData('CentOS 8', zone), admin);
    this.store.add('iso', isoData('CentOS 8 ISO', zone), admin);
    const isolated = this.store.add(
      'networkoffering',
      networkOfferingData('DefaultIsolatedNetworkOfferingWithSourceNatService', {
        displaytext: 'Offering for Isolated networks with Source Nat service enabled',
      }),
    );
    this.store.add(
      'networkoffering',
      networkOfferingData('DefaultIsolatedNetworkOfferingForVpcNetworks', {
        displaytext: 'Offering for Isolated VPC networks with Source Nat service enabled',
        forvpc: true,
        isdefault: false,
      }),
    );
    this.store.add('vpcoffering', vpcOfferingData('Default VPC offering'));
    this.store.add('network', networkData('guest-net-admin', zone, isolated, 1), admin);
    this.store.add('network', networkData('guest-net-user', zone, isolated, 2), this.ownerOf('user'));
  }

  addSecret(value: string): void {
    if (value !== '' && !this.knownSecrets.includes(value)) this.knownSecrets.push(value);
  }

  /** The owner record of one of the three seeded accounts. */
  ownerOf(name: 'admin' | 'domainadmin' | 'user'): Owner {
    const owner = this.owners.get(name);
    if (!owner) throw new Error(`unknown seeded account ${name}`);
    return owner;
  }

  nextVmIndex(): number {
    return ++this.vmCounter;
  }

  /** The first entity of a kind (the seeded zone, offering, ...). */
  first(kind: string): Entity {
    const found = this.store.all(kind)[0];
    if (!found) throw new Error(`nothing of kind ${kind} in the simulator`);
    return found;
  }

  /**
   * Adds `count` entities of a kind, named `<prefix>-0001` upwards, wired to the seeded zone, pod,
   * cluster, offerings and template. Returns them in creation order (which is list order).
   */
  seed(kind: SeedableKind, count: number, options: SeedOptions = {}): Entity[] {
    const prefix = options.namePrefix ?? kind;
    const owner = this.ownerOf(options.owner ?? 'admin');
    const created: Entity[] = [];
    for (let i = 1; i <= count; i++) {
      const name = `${prefix}-${String(i).padStart(4, '0')}`;
      created.push(this.seedOne(kind, name, i, owner, options.fields ?? {}));
    }
    return created;
  }

  private seedOne(kind: SeedableKind, name: string, index: number, owner: Owner, fields: JsonObject): Entity {
    const { zone, pod, cluster } = this.seeded;
    switch (kind) {
      case 'zone':
        return this.store.add('zone', zoneData(name, fields));
      case 'pod':
        return this.store.add('pod', podData(name, zone, fields));
      case 'cluster':
        return this.store.add('cluster', clusterData(name, pod, fields));
      case 'host':
        return this.store.add('host', hostData(name, cluster, index, fields));
      case 'serviceoffering':
        return this.store.add('serviceoffering', serviceOfferingData(name, 1, 512, fields));
      case 'diskoffering':
        return this.store.add('diskoffering', diskOfferingData(name, 10, fields));
      case 'template':
        return this.store.add('template', templateData(name, zone, fields), owner);
      case 'iso':
        return this.store.add('iso', isoData(name, zone, fields), owner);
      case 'network':
        return this.store.add('network', networkData(name, zone, this.first('networkoffering'), index, fields), owner);
      case 'volume':
        return this.store.add('volume', volumeData(name, zone, 'DATADISK', 5 * 1024 ** 3, fields), owner);
      case 'virtualmachine': {
        const template = this.first('template');
        const vm = this.store.add(
          'virtualmachine',
          {
            ...vmData({
              name,
              zone,
              serviceOffering: this.first('serviceoffering'),
              template,
              network: this.store.all('network').find((n) => n.owner?.accountId === owner.accountId),
              host: this.first('host'),
              state: 'Running',
              ipIndex: this.nextVmIndex(),
            }),
            ...fields,
          },
          owner,
        );
        createRootVolume(this.store, vm, zone, template, owner);
        return vm;
      }
    }
  }
}
