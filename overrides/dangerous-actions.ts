/**
 * Danger policies written by hand: what the call does, what is lost, what to check first, whether
 * another call undoes it and how far it reaches. They replace the default rule of src/model/danger.ts.
 *
 * Every destructive API in the areas of `requiresDangerOverride` (src/model/danger.ts) must have an
 * entry here (tested on all supported snapshots); others may have one too. Entries describe
 * CloudStack's own behaviour (what it refuses, what `forced` / `cleanup` change), so check the
 * management server's source when an API changes.
 */
import type { DangerOverride } from '../src/model/overrides.ts';

/** Common endings, so the same fact reads the same way everywhere. */
const DEDICATION_ENDS = 'Every domain and account may then deploy there; the former owner loses exclusive use.';
const REFUSES_WHILE_IN_USE = 'CloudStack refuses while anything still uses it.';

export const dangerousActions: Readonly<Record<string, DangerOverride>> = {
  // ---------------------------------------------------------------------------------------------
  // Zones

  deleteZone: {
    severity: 'critical',
    category: 'infrastructure',
    whatItDoes: 'Deletes the zone.',
    warning:
      'CloudStack refuses while the zone still has pods, clusters, hosts, primary or secondary storage, system VMs, physical networks or allocated IPs; ' +
      "once deleted, the zone's configuration (networks, IP ranges, settings, dedications) is gone and cannot be restored.",
    reversible: false,
    scope: 'the zone and everything configured in it',
  },
  disableHAForZone: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Turns host HA off for the whole zone.',
    warning:
      'While off, a failed host of the zone is no longer fenced and recovered: its HA-enabled VMs stay down until an operator acts. ' +
      'Host-level HA settings are kept and apply again after enableHAForZone.',
    reversible: true,
    scope: 'host HA of every cluster and host in the zone',
  },
  releaseDedicatedZone: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Ends the dedication of the zone to a domain or account.',
    warning: `${DEDICATION_ENDS} Dedicating it again fails once other accounts have resources in it.`,
    reversible: true,
    scope: 'who may use the zone',
  },
  removeVmwareDc: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Removes the association between the zone and its VMware datacenter.',
    warning:
      'CloudStack refuses while the zone still has clusters of that datacenter; the stored vCenter address and credentials are deleted ' +
      'and must be entered again with addVmwareDc before VMware clusters can be added.',
    reversible: true,
    scope: 'the zone’s link to one vCenter datacenter',
  },

  // ---------------------------------------------------------------------------------------------
  // Pods

  deletePod: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Deletes the pod.',
    warning:
      'CloudStack refuses while the pod has clusters, hosts or allocated management IPs (system VMs, routers); ' +
      'its management and storage IP ranges are deleted with it. Remove clusters first and check no system VM runs there.',
    reversible: false,
    scope: 'the pod, its IP ranges and dedications',
  },
  releaseDedicatedPod: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Ends the dedication of the pod to a domain or account.',
    warning: DEDICATION_ENDS,
    reversible: true,
    scope: 'who may use the pod',
  },

  // ---------------------------------------------------------------------------------------------
  // Clusters

  deleteCluster: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Deletes the cluster.',
    warning:
      'CloudStack refuses while the cluster has hosts or cluster-scoped primary storage; remove them first. ' +
      "The cluster's settings, dedications and HA/DRS configuration are lost.",
    reversible: false,
    scope: 'the cluster and its configuration',
  },
  disableHAForCluster: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Turns host HA off for every host of the cluster.',
    warning:
      'While off, a failed host of the cluster is no longer fenced and recovered: its HA-enabled VMs stay down until an operator acts.',
    reversible: true,
    scope: 'host HA of every host in the cluster',
  },
  executeClusterDrsPlan: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Runs a DRS plan: live-migrates VMs between the hosts of the cluster.',
    warning:
      'The migrations start at once; VMs pause briefly while they move and a failure midway leaves part of the plan applied. ' +
      'Check the plan (generateClusterDrsPlan) and that no host of the cluster is going into maintenance.',
    reversible: true,
    scope: 'the VMs the plan moves, within one cluster',
  },
  releaseDedicatedCluster: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Ends the dedication of the cluster to a domain or account.',
    warning: DEDICATION_ENDS,
    reversible: true,
    scope: 'who may use the cluster',
  },

  // ---------------------------------------------------------------------------------------------
  // Hosts, host HA and out-of-band management

  deleteHost: {
    severity: 'critical',
    category: 'infrastructure',
    whatItDoes: 'Removes the host from CloudStack.',
    warning:
      'The host must be in maintenance mode (or disconnected) unless forced=true; forced=true puts its HA-enabled VMs through HA and stops the others, ' +
      'and forcedestroylocalstorage=true destroys every VM disk on its local storage. Migrate the VMs away first.',
    reversible: false,
    scope: 'the host and the VMs still on it',
  },
  prepareHostForMaintenance: {
    severity: 'high',
    category: 'availability',
    whatItDoes: 'Puts the host into maintenance mode: live-migrates its VMs away and stops placing new ones on it.',
    warning:
      'Every VM on the host is migrated; VMs that cannot move (local storage, no capacity elsewhere) make the preparation fail or are stopped, ' +
      'depending on host.maintenance.local.storage.strategy. Check the cluster has room for all of them.',
    reversible: true,
    scope: 'the host and every VM running on it',
  },
  cancelHostMaintenance: {
    severity: 'low',
    category: 'infrastructure',
    whatItDoes: 'Takes the host out of maintenance mode.',
    warning: 'The host becomes enabled and receives new VMs at once; make sure the maintenance work on it is finished.',
    reversible: true,
    scope: 'the host',
  },
  cancelHostAsDegraded: {
    severity: 'medium',
    category: 'infrastructure',
    whatItDoes: "Clears the host's Degraded state; the host is Enabled again.",
    warning: 'New VMs are placed on it again and HA treats it as healthy; confirm the fault that made it Degraded is fixed.',
    reversible: true,
    scope: 'the host',
  },
  releaseDedicatedHost: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Ends the dedication of the host to a domain or account.',
    warning: DEDICATION_ENDS,
    reversible: true,
    scope: 'who may use the host',
  },
  releaseHostReservation: {
    severity: 'low',
    category: 'infrastructure',
    whatItDoes: 'Releases the capacity a deployment planner reserved on the host.',
    warning: 'A deployment in progress that relied on the reservation may no longer find room on the host.',
    reversible: false,
    scope: 'reserved capacity of one host',
  },
  disableHAForHost: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Turns host HA off for the host.',
    warning: 'If the host fails while HA is off, it is not fenced and its HA-enabled VMs are not restarted elsewhere until an operator acts.',
    reversible: true,
    scope: 'HA protection of the host’s VMs',
  },
  disableOutOfBandManagementForHost: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Disables out-of-band management (IPMI/Redfish) for the host.',
    warning: 'Power actions through the BMC stop working and host HA can no longer fence the host; the configured BMC address and credentials are kept.',
    reversible: true,
    scope: 'out-of-band management of one host',
  },
  disableOutOfBandManagementForCluster: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Disables out-of-band management (IPMI/Redfish) for every host of the cluster.',
    warning: 'Power actions through the BMCs stop working and host HA can no longer fence any host of the cluster.',
    reversible: true,
    scope: 'out-of-band management of every host in the cluster',
  },
  disableOutOfBandManagementForZone: {
    severity: 'high',
    category: 'availability',
    whatItDoes: 'Disables out-of-band management (IPMI/Redfish) for every host of the zone.',
    warning: 'Power actions through the BMCs stop working and host HA can no longer fence any host of the zone.',
    reversible: true,
    scope: 'out-of-band management of every host in the zone',
  },
  deleteUcsManager: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Removes the Cisco UCS manager registration.',
    warning: 'CloudStack stops managing the blades behind it (profiles, associations); blades already provisioned keep running. Re-adding it starts from scratch.',
    reversible: false,
    scope: 'the UCS manager and its blade records',
  },

  // ---------------------------------------------------------------------------------------------
  // Primary storage

  deleteStoragePool: {
    severity: 'critical',
    category: 'infrastructure',
    whatItDoes: 'Removes the primary storage pool from CloudStack.',
    warning:
      'Put the pool into maintenance first; CloudStack refuses while volumes or templates are on it. forced=true also expunges volumes left in Destroyed state, ' +
      'and for managed storage CloudStack may delete the volumes on the array. Check no VM disk remains on it.',
    reversible: false,
    scope: 'the pool and every volume still recorded on it',
  },
  cancelStorageMaintenance: {
    severity: 'medium',
    category: 'infrastructure',
    whatItDoes: 'Takes the primary storage pool out of maintenance mode.',
    warning: 'The pool receives new volumes again and CloudStack restarts the system VMs and routers it stopped for the maintenance; make sure the storage is healthy.',
    reversible: true,
    scope: 'the pool and the VMs that use it',
  },

  // ---------------------------------------------------------------------------------------------
  // Secondary storage: image stores, staging (cache) stores, selectors, migration

  deleteImageStore: {
    severity: 'critical',
    category: 'infrastructure',
    whatItDoes: 'Removes the image store (secondary storage) from CloudStack.',
    warning:
      'CloudStack refuses while templates, ISOs, snapshots or volumes are still stored on it; migrate them first (migrateSecondaryStorageData). ' +
      "The files stay on the share but CloudStack forgets them; re-adding the store does not bring its records back.",
    reversible: false,
    scope: 'the store and the records of everything on it',
  },
  deleteSecondaryStagingStore: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Deletes the staging (NFS cache) store of an object-store region.',
    warning:
      'With S3 or Swift as secondary storage, copying templates, ISOs and snapshots needs a staging store; without one those copies fail. ' +
      'Check no copy is in progress and another staging store serves the zone.',
    reversible: false,
    scope: 'template and snapshot transfers of the zone',
  },
  migrateSecondaryStorageData: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Migrates templates, ISOs, snapshots and volumes from one image store to others.',
    warning:
      'migrationtype=Complete moves everything off the source store; set the source read-only first. Objects being copied cannot be used, ' +
      'and the SSVMs carry the load for a long time on large stores.',
    reversible: true,
    scope: 'every object on the source image store',
  },
  migrateResourceToAnotherSecondaryStorage: {
    severity: 'medium',
    category: 'infrastructure',
    whatItDoes: 'Moves the given templates and snapshots from one image store to another.',
    warning: 'The moved objects are unavailable while they are copied; deployments and restores that need them wait or fail.',
    reversible: true,
    scope: 'the listed templates and snapshots',
  },
  removeSecondaryStorageSelector: {
    severity: 'medium',
    category: 'infrastructure',
    whatItDoes: 'Removes a secondary storage selector (the rule choosing the image store for new templates, ISOs, snapshots or volumes).',
    warning: 'New objects are then placed by the default allocation of the zone; the rule text is lost and must be written again to restore it.',
    reversible: false,
    scope: 'placement of new objects on the zone’s image stores',
  },

  // ---------------------------------------------------------------------------------------------
  // Object storage

  deleteObjectStoragePool: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Removes the object storage pool from CloudStack.',
    warning: 'CloudStack refuses while the pool has buckets; its access and secret keys are deleted with it and must be entered again to re-add it.',
    reversible: false,
    scope: 'the object storage pool',
  },
  deleteBucket: {
    severity: 'high',
    category: 'data-loss',
    whatItDoes: 'Deletes the bucket.',
    warning: 'Only an empty bucket can be deleted; its policy, quota, versioning settings and access keys are lost and the name becomes free for others.',
    reversible: false,
    scope: 'the bucket',
  },

  // ---------------------------------------------------------------------------------------------
  // Management servers

  prepareForShutdown: {
    severity: 'high',
    category: 'availability',
    whatItDoes: 'Stops the management server from accepting new jobs, ahead of a manual shutdown.',
    warning: 'API calls that start jobs are refused on that server from now on; with a single management server the whole cloud stops taking orders (VMs keep running).',
    reversible: true,
    scope: 'the management server’s job processing',
  },
  triggerShutdown: {
    severity: 'critical',
    category: 'availability',
    whatItDoes: 'Shuts the management server down once its pending jobs are done.',
    warning:
      'No new jobs are accepted and the process exits when the running ones finish; it must be started again on the machine. ' +
      'With a single management server the API and UI are down until then (VMs keep running). Use cancelShutdown before it exits to stop it.',
    reversible: false,
    scope: 'the management server process',
  },
  cancelShutdown: {
    severity: 'low',
    category: 'availability',
    whatItDoes: 'Cancels a prepared or triggered shutdown of the management server.',
    warning: 'The server accepts jobs again; if the shutdown was planned for maintenance, that work must wait.',
    reversible: true,
    scope: 'the management server’s job processing',
  },
  prepareForMaintenance: {
    severity: 'high',
    category: 'availability',
    whatItDoes: 'Puts the management server into maintenance: no new jobs, and its host agents move to other management servers.',
    warning:
      'Agents reconnect to other management servers (algorithm decides where); forced=true does not wait for running jobs. ' +
      'Check that another management server is up to take the agents.',
    reversible: true,
    scope: 'the management server and the agents connected to it',
  },
  cancelMaintenance: {
    severity: 'low',
    category: 'availability',
    whatItDoes: 'Takes the management server out of maintenance.',
    warning: 'The server accepts jobs again; rebalance=true also moves agents back to it, which reconnects them briefly.',
    reversible: true,
    scope: 'the management server and, with rebalance, some agents',
  },
  removeManagementServer: {
    severity: 'medium',
    category: 'infrastructure',
    whatItDoes: 'Removes the record of a management server that is no longer running.',
    warning: 'CloudStack refuses while the server is Up; its history (peers, agent ownership) is dropped. Check it will not come back under the same identity.',
    reversible: false,
    scope: 'one management server record',
  },
  purgeExpungedResources: {
    severity: 'high',
    category: 'data-loss',
    whatItDoes: 'Deletes the database records of already expunged resources (VMs, volumes, snapshots, networks, ...).',
    warning:
      'The records are gone for good: reports, usage reconciliation and audits can no longer see those resources. ' +
      'Check the date range and resource type, and that usage for the period has been processed.',
    reversible: false,
    scope: 'database history of expunged resources in the given period',
  },

  // ---------------------------------------------------------------------------------------------
  // System VMs (console proxy, secondary storage VM) and internal load balancer VMs

  destroySystemVm: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Destroys the system VM.',
    warning:
      'Console access (console proxy) or template, ISO, snapshot and volume transfers (secondary storage VM) stop until CloudStack creates a replacement, ' +
      'which it does by itself; transfers in progress fail.',
    reversible: false,
    scope: 'the system VM and the services of its zone that rely on it',
  },
  stopSystemVm: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Stops the system VM.',
    warning:
      'Console sessions or storage transfers of the zone stop; forced=true skips the clean shutdown. CloudStack may start a system VM again by itself.',
    reversible: true,
    scope: 'the system VM and the services of its zone that rely on it',
  },
  rebootSystemVm: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Reboots the system VM.',
    warning: 'Console sessions or storage transfers through it are cut while it restarts; forced=true skips the clean shutdown.',
    reversible: true,
    scope: 'the system VM',
  },
  migrateSystemVm: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Migrates the system VM to another host (or its volume to another storage pool).',
    warning: 'The system VM pauses while it moves; a failed migration can leave it stopped. Check the target host or pool has room.',
    reversible: true,
    scope: 'the system VM',
  },
  scaleSystemVm: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Changes the service offering of the system VM.',
    warning: 'The system VM must be stopped; check the new offering is large enough for console or storage traffic before starting it again.',
    reversible: true,
    scope: 'the system VM',
  },
  patchSystemVm: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Live-patches the system VM with the scripts of the current management server.',
    warning: 'Its services restart; a failed patch may require destroying the system VM so CloudStack recreates it. forced=true patches even when it looks up to date.',
    reversible: false,
    scope: 'the system VM',
  },
  stopInternalLoadBalancerVM: {
    severity: 'medium',
    category: 'network',
    whatItDoes: 'Stops the internal load balancer VM.',
    warning: 'Internal load balancing of the VPC tiers it serves stops until it runs again; forced=true skips the clean shutdown.',
    reversible: true,
    scope: 'internal load balancer rules served by that VM',
  },

  // ---------------------------------------------------------------------------------------------
  // Virtual routers

  destroyRouter: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Destroys the virtual router.',
    warning:
      'DHCP, DNS, NAT, firewall, load balancing, VPN and user data of its networks stop until a new router is created (restartNetwork with cleanup, ' +
      'or starting a VM in the network); a redundant peer takes over if there is one. VPN sessions and DHCP leases are lost.',
    reversible: false,
    scope: 'every network or VPC the router serves',
  },
  stopRouter: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Stops the virtual router.',
    warning: 'DHCP, DNS, NAT, firewall, load balancing and VPN of its networks stop until it is started; forced=true skips the clean shutdown.',
    reversible: true,
    scope: 'every network or VPC the router serves',
  },
  rebootRouter: {
    severity: 'medium',
    category: 'network',
    whatItDoes: 'Reboots the virtual router.',
    warning: 'Network services of its networks are cut while it restarts and its rules are reapplied; forced=true skips the clean shutdown.',
    reversible: true,
    scope: 'every network or VPC the router serves',
  },
  upgradeRouterTemplate: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Reboots virtual routers onto the current system VM template.',
    warning:
      'Every router matching the filters (id, zone, pod, cluster, domain, account) is rebooted, which interrupts its networks; with no filter, routers across the cloud are affected.',
    reversible: false,
    scope: 'all routers matching the filters',
  },

  // ---------------------------------------------------------------------------------------------
  // Networks: guest networks, physical networks, traffic types, providers, IP and VLAN ranges

  deleteNetwork: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Deletes the guest network.',
    warning:
      'CloudStack refuses while VMs have NICs in it; its routers are destroyed and its public IPs (source NAT) released. ' +
      'forced=true marks it destroyed even when the cleanup on the devices fails, which can leave configuration behind.',
    reversible: false,
    scope: 'the network, its routers and its IPs',
  },
  restartNetwork: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Restarts the network: its routers and DHCP servers, then reapplies its IPs and rules.',
    warning: 'Traffic, DHCP and DNS of the network are interrupted; cleanup=true destroys and recreates the routers, which takes longer.',
    reversible: true,
    scope: 'the network and every VM on it',
  },
  migrateNetwork: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Moves the network to another physical network and network offering.',
    warning: 'Its routers are recreated and its VMs lose connectivity during the move; a failed move must be resumed (resume=true). Check the target offering supports the same services.',
    reversible: true,
    scope: 'the network and every VM on it',
  },
  removeNetworkPermissions: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Removes the permission of the given accounts or projects to use the network.',
    warning: 'They can no longer deploy VMs into it; VMs they already have there keep their NICs.',
    reversible: true,
    scope: 'the listed accounts and projects on one network',
  },
  resetNetworkPermissions: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Removes every permission granted on the network.',
    warning: 'Only the owner can deploy into it afterwards; the list of granted accounts is lost.',
    reversible: false,
    scope: 'all permissions of one network',
  },
  deletePhysicalNetwork: {
    severity: 'critical',
    category: 'infrastructure',
    whatItDoes: 'Deletes the physical network.',
    warning:
      'CloudStack refuses while guest networks, VLAN or IP ranges use it; its traffic types, service providers and isolation settings are deleted with it. ' +
      'Check nothing in the zone still depends on it.',
    reversible: false,
    scope: 'the physical network and its traffic types and providers',
  },
  deleteTrafficType: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Deletes a traffic type (guest, public, management, storage) from the physical network.',
    warning: 'CloudStack refuses while networks of that traffic type exist; the hypervisor network labels set on it are lost.',
    reversible: false,
    scope: 'one traffic type of the physical network',
  },
  deleteNetworkServiceProvider: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Deletes a network service provider from the physical network.',
    warning: 'Networks whose offerings use the provider lose those services (DHCP, NAT, load balancing, ...); disable it and check no network uses it first.',
    reversible: false,
    scope: 'one provider of the physical network and the networks using it',
  },
  deleteVlanIpRange: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Deletes the VLAN IP range.',
    warning: 'CloudStack refuses while IPs of the range are allocated (source NAT, static NAT, VMs); the range and its VLAN are gone for new allocations.',
    reversible: false,
    scope: 'the IP range and its VLAN',
  },
  releaseDedicatedGuestVlanRange: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Releases a guest VLAN range dedicated to an account back to the system.',
    warning: 'Other accounts’ networks may then take VLANs from it; networks already using those VLANs keep them.',
    reversible: true,
    scope: 'one dedicated guest VLAN range',
  },
  deleteStorageNetworkIpRange: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Deletes a storage network IP range.',
    warning: 'CloudStack refuses while IPs of it are allocated (secondary storage VMs); without a storage range the SSVM uses the management network.',
    reversible: false,
    scope: 'the storage network range of a pod',
  },
  deleteManagementNetworkIpRange: {
    severity: 'high',
    category: 'infrastructure',
    whatItDoes: 'Deletes a management network IP range of the pod.',
    warning: 'Only allowed while none of its IPs is allocated; system VMs and routers of the pod can no longer get management IPs from it.',
    reversible: false,
    scope: 'one management IP range of a pod',
  },
  deleteGuestNetworkIpv6Prefix: {
    severity: 'medium',
    category: 'network',
    whatItDoes: 'Deletes an IPv6 prefix of the zone’s guest networks.',
    warning: 'CloudStack refuses while networks use subnets of the prefix; new IPv6 networks can no longer take subnets from it.',
    reversible: false,
    scope: 'one guest IPv6 prefix of the zone',
  },
  deletePortableIpRange: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Deletes a range of portable public IPs of the region.',
    warning: 'CloudStack refuses while portable IPs from it are allocated; the range is gone for every zone of the region.',
    reversible: false,
    scope: 'one portable IP range of the region',
  },
  releasePublicIpRange: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Releases a public IP range dedicated to an account or domain back to the system pool.',
    warning: 'Its free IPs become available to every account; IPs the owner already acquired stay with it until released.',
    reversible: true,
    scope: 'one dedicated public IP range',
  },
  releasePodIpAddress: {
    severity: 'medium',
    category: 'infrastructure',
    whatItDoes: 'Releases a reserved pod management IP back to the pod.',
    warning: 'Whatever used the address (a device or host configured outside CloudStack) may clash with the next system VM that gets it.',
    reversible: false,
    scope: 'one management IP of a pod',
  },

  // ---------------------------------------------------------------------------------------------
  // Network ACLs (VPC tiers and private gateways)

  deleteNetworkACL: {
    severity: 'medium',
    category: 'network',
    whatItDoes: 'Deletes one rule from a network ACL list.',
    warning: 'Every VPC tier and private gateway using the list changes at once: traffic the rule allowed may be blocked, or traffic it denied let through.',
    reversible: false,
    scope: 'every tier and gateway using the ACL list',
  },
  deleteNetworkACLList: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Deletes a network ACL list and its rules.',
    warning: 'CloudStack refuses while a tier or private gateway uses it, and for the default lists; its rules are lost.',
    reversible: false,
    scope: 'the ACL list and all its rules',
  },
  replaceNetworkACLList: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Replaces the ACL list of a VPC tier or private gateway.',
    warning: 'The new rules apply at once; a wrong list (e.g. default_deny) cuts all traffic of the tier. Note the current list to switch back.',
    reversible: true,
    scope: 'traffic of one tier or private gateway',
  },

  // ---------------------------------------------------------------------------------------------
  // Routed networks: routing firewall, BGP peers, AS numbers, IPv4 subnets

  deleteRoutingFirewallRule: {
    severity: 'medium',
    category: 'network',
    whatItDoes: 'Deletes a routing firewall rule of a routed network.',
    warning: 'Traffic the rule allowed into the routed network is blocked at once; connections relying on it drop.',
    reversible: false,
    scope: 'one rule of a routed network',
  },
  deleteBgpPeer: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Deletes the BGP peer.',
    warning: 'Routed networks and VPCs peering with it stop announcing and learning routes through it, which can cut their external reachability. Check which networks use it.',
    reversible: false,
    scope: 'routing of every network and VPC using the peer',
  },
  releaseBgpPeer: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Ends the dedication of the BGP peer to a domain or account.',
    warning: 'Other accounts may then use the peer for their routed networks.',
    reversible: true,
    scope: 'who may use the BGP peer',
  },
  deleteASNRange: {
    severity: 'medium',
    category: 'network',
    whatItDoes: 'Deletes a range of AS numbers of the zone.',
    warning: 'CloudStack refuses while AS numbers of the range are allocated; new routed networks can no longer get one from it.',
    reversible: false,
    scope: 'one AS number range of the zone',
  },
  releaseASNumber: {
    severity: 'medium',
    category: 'network',
    whatItDoes: 'Releases an allocated AS number back to the zone’s pool.',
    warning: 'The network or VPC holding it loses its AS number and its BGP sessions; the number may be given to another network.',
    reversible: false,
    scope: 'one AS number and its holder',
  },
  deleteIpv4SubnetForZone: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Deletes an IPv4 subnet of the zone used for routed networks.',
    warning: 'CloudStack refuses while guest subnets are allocated from it; new routed networks can no longer take subnets from it.',
    reversible: false,
    scope: 'one zone IPv4 subnet',
  },
  releaseIpv4SubnetForZone: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Ends the dedication of a zone IPv4 subnet to a domain or account.',
    warning: 'Other accounts may then get routed-network subnets from it.',
    reversible: true,
    scope: 'who may use the subnet',
  },
  deleteIpv4SubnetForGuestNetwork: {
    severity: 'medium',
    category: 'network',
    whatItDoes: 'Deletes an IPv4 subnet allocated for a guest network.',
    warning: 'CloudStack refuses while a network uses it; the addresses return to the zone subnet it came from.',
    reversible: false,
    scope: 'one guest network subnet',
  },

  // ---------------------------------------------------------------------------------------------
  // Certificates: CA, direct download, load balancer SSL

  revokeCertificate: {
    severity: 'high',
    category: 'security',
    whatItDoes: 'Revokes a certificate issued by the CA plugin.',
    warning: 'A host agent or system VM using it can no longer authenticate and disconnects until a new certificate is provisioned (provisionCertificate).',
    reversible: false,
    scope: 'the certificate and whatever presents it',
  },
  revokeTemplateDirectDownloadCertificate: {
    severity: 'medium',
    category: 'security',
    whatItDoes: 'Removes a direct-download certificate from the hosts of the zone.',
    warning: 'Hosts stop trusting servers signed by it: direct-download templates from those servers fail to deploy.',
    reversible: true,
    scope: 'trust store of the hosts in the zone (or the given host)',
  },
  deleteSslCert: {
    severity: 'medium',
    category: 'security',
    whatItDoes: 'Deletes an SSL certificate and its private key from CloudStack.',
    warning: 'CloudStack refuses while a load balancer rule uses it; keep a copy of the key if it may be needed again.',
    reversible: false,
    scope: 'the certificate and its key',
  },
  removeCertFromLoadBalancer: {
    severity: 'high',
    category: 'network',
    whatItDoes: 'Removes the SSL certificate from a load balancer rule.',
    warning: 'The rule can no longer terminate TLS: HTTPS clients of the service fail until a certificate is assigned again.',
    reversible: true,
    scope: 'one load balancer rule and its clients',
  },

  // ---------------------------------------------------------------------------------------------
  // Accounts, domains and users

  deleteAccount: {
    severity: 'critical',
    category: 'data-loss',
    whatItDoes: 'Deletes the account with all its users.',
    warning:
      'Every VM, volume, snapshot, template, network and IP of the account is destroyed and released; API keys stop working. ' +
      'Nothing can be recovered; check the account and back up what is needed.',
    reversible: false,
    scope: 'the account, its users and all its resources',
  },
  deleteDomain: {
    severity: 'critical',
    category: 'data-loss',
    whatItDoes: 'Deletes the domain.',
    warning:
      'Without cleanup, CloudStack refuses while the domain has sub-domains, accounts or resources; cleanup=true deletes every sub-domain and account below it with all their resources.',
    reversible: false,
    scope: 'the domain and, with cleanup, everything below it',
  },
  deleteUser: {
    severity: 'high',
    category: 'access',
    whatItDoes: 'Deletes the user.',
    warning: "The user's logins and API keys stop working at once; scripts using its keys fail. The account and its resources stay.",
    reversible: false,
    scope: 'one user and its API keys',
  },
  disableAccount: {
    severity: 'high',
    category: 'access',
    whatItDoes: 'Disables or locks the account.',
    warning: 'lock=true only blocks its users’ logins; lock=false also stops all running VMs of the account. enableAccount re-enables it but does not start the VMs.',
    reversible: true,
    scope: 'the account, its users and (lock=false) its running VMs',
  },
  lockAccount: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Locks the account (deprecated; disableAccount with lock=true does the same).',
    warning: 'Its users can no longer log in; its resources keep running.',
    reversible: true,
    scope: 'the users of the account',
  },
  disableUser: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Disables the user.',
    warning: 'The user can no longer log in or call the API with its keys until enableUser; automation using those keys fails.',
    reversible: true,
    scope: 'one user',
  },
  lockUser: {
    severity: 'medium',
    category: 'access',
    whatItDoes: 'Locks the user.',
    warning: 'The user can no longer log in until enableUser; its account and resources are unaffected.',
    reversible: true,
    scope: 'one user',
  },

  // ---------------------------------------------------------------------------------------------
  // Snapshots: volume snapshots, policies, VM snapshots

  deleteSnapshot: {
    severity: 'high',
    category: 'data-loss',
    whatItDoes: 'Deletes the volume snapshot (with zoneid, only its copy in that zone).',
    warning: 'The snapshot cannot be recovered; volumes and templates can no longer be created from it. Check it is not the only backup of the volume.',
    reversible: false,
    scope: 'the snapshot (or its copy in one zone)',
  },
  deleteSnapshotPolicies: {
    severity: 'medium',
    category: 'data-loss',
    whatItDoes: 'Deletes snapshot policies.',
    warning: 'No further scheduled snapshots are taken for the volumes concerned; existing snapshots stay.',
    reversible: false,
    scope: 'the scheduled snapshots of the volumes concerned',
  },
  deleteVMSnapshot: {
    severity: 'high',
    category: 'data-loss',
    whatItDoes: 'Deletes the VM snapshot.',
    warning: 'The VM can no longer be reverted to that point; merging the disk chain loads the storage.',
    reversible: false,
    scope: 'the VM snapshot',
  },
  revertSnapshot: {
    severity: 'critical',
    category: 'data-loss',
    whatItDoes: 'Reverts a volume to a volume snapshot (KVM).',
    warning: 'Everything written to the volume after the snapshot is lost; stop the VM or detach the volume first.',
    reversible: false,
    scope: 'the volume’s current data',
  },
  revertToVMSnapshot: {
    severity: 'critical',
    category: 'data-loss',
    whatItDoes: 'Reverts the VM to the VM snapshot.',
    warning: 'All disks (and memory, for snapshots that include it) go back to the snapshot; everything changed since is lost.',
    reversible: false,
    scope: 'the VM’s disks and state',
  },
  archiveSnapshot: {
    severity: 'medium',
    category: 'data-loss',
    whatItDoes: 'Moves a snapshot from primary storage to secondary storage.',
    warning: 'The copy on primary storage is removed: reverting the volume to it directly (revertSnapshot) is no longer possible.',
    reversible: false,
    scope: 'the snapshot’s primary-storage copy',
  },

  // ---------------------------------------------------------------------------------------------
  // Disk offerings

  deleteDiskOffering: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Deletes the disk offering.',
    warning: 'No new volume can use it; existing volumes keep their settings. A deleted offering cannot be restored, only re-created under a new id.',
    reversible: false,
    scope: 'new volumes of the offering',
  },

  // ---------------------------------------------------------------------------------------------
  // Instances and volumes (beyond the required areas: the commonest dangerous calls)

  destroyVirtualMachine: {
    severity: 'high',
    category: 'data-loss',
    whatItDoes: 'Destroys the virtual machine.',
    warning:
      'Without expunge, an administrator can still recover it until the expunge delay passes; expunge=true deletes it and its root volume at once, and volumeids ' +
      'deletes those data volumes too.',
    reversible: true,
    scope: 'the VM and, with expunge or volumeids, its volumes',
  },
  expungeVirtualMachine: {
    severity: 'critical',
    category: 'data-loss',
    whatItDoes: 'Expunges a destroyed virtual machine.',
    warning: 'The VM and its root volume are deleted for good; nothing can be recovered afterwards.',
    reversible: false,
    scope: 'the VM and its root volume',
  },
  stopVirtualMachine: {
    severity: 'medium',
    category: 'availability',
    whatItDoes: 'Stops the virtual machine.',
    warning: 'Its services go down; forced=true powers it off without a guest shutdown, which can lose data not yet written to disk.',
    reversible: true,
    scope: 'the VM',
  },
  deleteVolume: {
    severity: 'high',
    category: 'data-loss',
    whatItDoes: 'Deletes a detached volume.',
    warning: 'The data on it is lost; snapshots of it stay. Check it holds nothing still needed.',
    reversible: false,
    scope: 'the volume and its data',
  },
  destroyVolume: {
    severity: 'high',
    category: 'data-loss',
    whatItDoes: 'Destroys the volume.',
    warning: 'Without expunge it can be recovered (recoverVolume) until the expunge delay passes; expunge=true deletes its data at once.',
    reversible: true,
    scope: 'the volume and its data',
  },
};
