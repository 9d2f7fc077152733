/**
 * Categories (toolsets): every API in exactly one. Ordered rules over the API name (first match
 * wins; specific nouns and plugins before general ones), then per-API overrides
 * (overrides/categories.ts). An API no rule matches is a codegen error.
 */

export interface CategoryDefinition {
  id: string;
  description: string;
  /** Patterns over the API name. */
  rules: readonly RegExp[];
}

/** Listed in rule order. */
export const CATEGORY_DEFINITIONS: readonly CategoryDefinition[] = [
  {
    id: 'tungsten-fabric',
    description: 'Tungsten Fabric SDN: providers, fabric networks, logical routers, policies, tags and firewall objects.',
    rules: [/TungstenFabric/],
  },
  {
    id: 'kubernetes',
    description: 'Kubernetes clusters (CKS): create, scale, upgrade, nodes, configs and supported versions.',
    rules: [/Kubernetes/, /CniConfiguration/],
  },
  {
    id: 'usage-quota',
    description: 'Usage records and types, and the quota service: tariffs, balances, credits, statements, email templates.',
    rules: [/^quota/, /Usage(Records|Types|ServerMetrics)$/],
  },
  {
    id: 'backup',
    description: 'Instance backups: providers, backup offerings, repositories, schedules, restore.',
    rules: [/Backup/],
  },
  {
    id: 'autoscale',
    description: 'Autoscaling: autoscale VM groups, profiles, policies, conditions and counters.',
    rules: [/AutoScale/, /Condition$|Conditions$/, /Counters?$/],
  },
  {
    id: 'shared-filesystem',
    description: 'Shared file systems served by the cloud: lifecycle and providers.',
    rules: [/SharedFileSystem/],
  },
  {
    id: 'gpu',
    description: 'GPU cards, GPU devices and vGPU profiles.',
    rules: [/Gpu/, /Vgpu/],
  },
  {
    id: 'extension',
    description: 'Orchestrator extensions and their custom actions.',
    rules: [/Extension/, /CustomAction/],
  },
  {
    id: 'baremetal',
    description: 'Baremetal provisioning: baremetal hosts, PXE and DHCP servers, rack configuration.',
    rules: [/Baremetal/],
  },
  {
    id: 'network-device',
    description: 'Network appliances and SDN controllers: NetScaler, Palo Alto, Cisco, NSX, Netris, Nicira, BigSwitch, Brocade, OpenDaylight, OVS.',
    rules: [
      /Netscaler|NetScaler|PaloAlto|Cisco|Nsx|Netris|Nicira|BigSwitch|Brocade|OpenDaylight|OvsElement|GloboDns|Stratosphere|Ssp$|NetworkDevice|TrafficMonitor|ServicePackage|ElastistorInterface|ServiceInstance/,
    ],
  },
  {
    id: 'routing',
    description: 'Routed networks: BGP peers, AS number ranges and IPv4 subnets for zones and guest networks.',
    rules: [/BgpPeer/, /ASN/, /ASNumber/, /Ipv4Subnet/],
  },
  {
    id: 'authentication',
    description: 'Logging in and out, SAML, OAuth, LDAP and two-factor authentication.',
    rules: [/^login$|^logout$|^oauthlogin$/, /Saml|^saml|SPMetadata|Idps/, /Oauth|OAuth/, /Ldap|^ldap/, /TwoFactor/, /^forgotPassword$|^resetPassword$/],
  },
  {
    id: 'certificate',
    description: 'Certificates: CA providers, issuing and revoking certificates, direct-download and custom certificates.',
    rules: [/Certificate/, /CAProviders/],
  },
  {
    id: 'snapshot',
    description: 'Volume snapshots, snapshot policies and VM snapshots.',
    rules: [/Snapshot/],
  },
  {
    id: 'volume',
    description: 'Volumes (disks): create, attach, detach, resize, migrate, import and upload.',
    rules: [/Volume/, /PathForVolume|VolumeiScsiName/],
  },
  {
    id: 'template-iso',
    description: 'Templates and ISOs: register, copy, extract, permissions, attach and detach ISOs, VNF templates.',
    rules: [/Template/, /Iso$|Isos$|IsoPermissions$|ForIso$/],
  },
  {
    id: 'guest-os',
    description: 'Guest operating systems, OS categories and hypervisor guest-OS mappings.',
    rules: [/GuestOs|OsTypes|OsCategor|HypervisorGuestOsNames/],
  },
  {
    id: 'ssh-key-user-data',
    description: 'SSH key pairs and user data for instances.',
    rules: [/SSHKey/, /UserData/],
  },
  {
    id: 'security-group',
    description: 'Security groups and their ingress and egress rules.',
    rules: [/SecurityGroup/],
  },
  {
    id: 'load-balancer',
    description: 'Load balancing: load balancer rules, global (GSLB) rules, stickiness and health-check policies, SSL certificates.',
    rules: [/LoadBalancer/, /LBStickiness|LBHealthCheck/, /SslCert/, /CertToLoadBalancer|CertFromLoadBalancer/],
  },
  {
    id: 'vpn',
    description: 'Remote-access VPN, VPN users and site-to-site VPN gateways, customer gateways and connections.',
    rules: [/Vpn/],
  },
  {
    id: 'firewall',
    description: 'Firewall, egress, IPv6 and routing firewall rules, port forwarding and IP forwarding rules.',
    rules: [/FirewallRule/, /PortForwardingRule/, /IpForwardingRule/],
  },
  {
    id: 'vpc',
    description: 'VPCs, private gateways, static routes and network ACLs.',
    rules: [/VPC|Vpc/, /PrivateGateway/, /StaticRoute/, /NetworkACL|NetworkAcl/],
  },
  {
    id: 'ip-address',
    description: 'Public IP addresses: acquire, release, reserve, static NAT, portable and dedicated public IP ranges, quarantine.',
    rules: [/IpAddress/, /StaticNat/, /PortableIpRange/, /PublicIpRange/, /QuarantinedIp/],
  },
  {
    id: 'offering',
    description: 'Service, disk, network and VPC offerings.',
    rules: [/Offering/],
  },
  {
    id: 'router',
    description: 'Virtual routers: lifecycle, health checks, templates and virtual router elements.',
    rules: [/Router/, /InternalLoadBalancerElement/],
  },
  {
    id: 'system-vm',
    description: 'System VMs (console proxy, secondary storage VM): lifecycle, scaling, patching, diagnostics.',
    rules: [/SystemVm/, /Diagnostics/, /ConsoleEndpoint|ConsoleSession/],
  },
  {
    id: 'virtual-machine',
    description: 'Instances (virtual machines): deploy, start, stop, reboot, scale, migrate, NICs, affinity groups, schedules, import and unmanage.',
    rules: [
      /VirtualMachine/,
      /VMSchedule/,
      /InstanceGroup/,
      /Nic/,
      /UnmanagedInstance|ImportVmTasks|VmsForImport|^importVm$|VmwareDcVms|VMReservations|VnfAppliance|Vms$/,
      /AffinityGroup/,
      /UsageHistory/,
      /VMPassword/,
    ],
  },
  {
    id: 'network',
    description: 'Guest and physical networks, traffic types, network service providers, VLAN and IP ranges, network permissions.',
    rules: [
      /Network/,
      /TrafficType/,
      /VlanIpRange|GuestVlan/,
      /StorageNetworkIpRange|ManagementNetworkIpRange/,
      /PodIpAddress/,
      /SupportedNetworkServices/,
    ],
  },
  {
    id: 'host',
    description: 'Hypervisor hosts: add, maintenance, HA, out-of-band management, host tags, migration targets, UCS blades.',
    rules: [/Host/, /OutOfBandManagement/, /Ucs/, /RollingMaintenance/, /HypervisorCapabilities|Hypervisors$/],
  },
  {
    id: 'cluster',
    description: 'Clusters: add, update, dedicate, HA and DRS plans.',
    rules: [/Cluster/],
  },
  {
    id: 'pod',
    description: 'Pods: add, update, dedicate.',
    rules: [/Pod/],
  },
  {
    id: 'zone',
    description: 'Zones and VMware datacenters: create, update, dedicate, default zone.',
    rules: [/Zone/, /VmwareDc/],
  },
  {
    id: 'image-store',
    description: 'Secondary storage: image stores, staging stores, S3 and Swift, storage selectors, data migration.',
    rules: [/ImageStore/, /SecondaryStorage|SecondaryStaging/, /Swift/, /CloudToUseObjectStore/],
  },
  {
    id: 'object-storage',
    description: 'Object storage pools and buckets, Cloudian connector.',
    rules: [/ObjectStorage|Bucket/, /^cloudian/],
  },
  {
    id: 'storage-pool',
    description: 'Primary storage pools, storage tags, providers and access groups, storage maintenance.',
    rules: [/StoragePool/, /StorageTag/, /StorageProvider/, /StorageMaintenance/, /StorageAccess/, /StorageCapabilities/, /SiocInfo|VsphereStoragePolic/, /SolidFire|Elastistor/, /AffectedVmsForStorage/],
  },
  {
    id: 'project',
    description: 'Projects: lifecycle, members, invitations, project roles and permissions.',
    rules: [/Project/],
  },
  {
    id: 'role',
    description: 'Roles and role permissions (what each account type may call).',
    rules: [/Role/],
  },
  {
    id: 'account-domain-user',
    description: 'Accounts, domains and users: lifecycle, locking, API keys, resource limits and counts.',
    rules: [/Account/, /Domain/, /User/, /ResourceLimit|ResourceCount/],
  },
  {
    id: 'event-alert',
    description: 'Events, alerts, webhooks and annotations.',
    rules: [/Event/, /Alert/, /Webhook/, /Annotation/],
  },
  {
    id: 'tag-metadata',
    description: 'Resource tags, resource details, resource icons and detail options.',
    rules: [/Tags$/, /ResourceDetail/, /ResourceIcon/, /DetailOptions/],
  },
  {
    id: 'management-server',
    description: 'Management servers, shutdown and maintenance of the management server, metrics, infrastructure summary.',
    rules: [/ManagementServer/, /Shutdown/, /Maintenance$/, /DbMetrics|Infrastructure|CloudIdentifier/, /PurgeExpungedResources|^purge/],
  },
  {
    id: 'configuration',
    description: 'Global and scoped configuration settings, capabilities, capacity, regions, GUI themes, deployment planners.',
    rules: [/Configuration/, /Capabilities/, /Capacity/, /Region/, /GuiTheme/, /DeploymentPlanners/, /Ldap/],
  },
  {
    id: 'api-async-job',
    description: 'API discovery, API rate limits and async jobs.',
    rules: [/^listApis$|ApiLimit|AsyncJob/],
  },
];

/** Category for an API name by the rules; undefined when none matches. */
export function categoryByRules(apiName: string): string | undefined {
  for (const category of CATEGORY_DEFINITIONS) {
    if (category.rules.some((rule) => rule.test(apiName))) return category.id;
  }
  return undefined;
}

export class CategoryError extends Error {
  override name = 'CategoryError';
}

/**
 * Category of every API: the override when there is one, else the first matching rule. Throws one
 * error listing every API left uncategorised.
 */
export function assignCategories(
  apiNames: readonly string[],
  overrides: Readonly<Record<string, string>> = {},
): Map<string, string> {
  const assigned = new Map<string, string>();
  const missing: string[] = [];
  for (const apiName of apiNames) {
    const category = overrides[apiName] ?? categoryByRules(apiName);
    if (category === undefined) missing.push(apiName);
    else assigned.set(apiName, category);
  }
  if (missing.length > 0) {
    throw new CategoryError(
      `${missing.length} API(s) match no category rule; add a rule in src/model/categories.ts or an entry in overrides/categories.ts: ${missing.join(', ')}`,
    );
  }
  return assigned;
}

export const CATEGORY_IDS: ReadonlySet<string> = new Set(CATEGORY_DEFINITIONS.map((category) => category.id));
