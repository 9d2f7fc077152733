/** Categories the name rules in src/model/categories.ts get wrong (API name → category id). */
export const categories: Readonly<Record<string, string>> = {
  // "Volume" in the name, but an instance operation.
  migrateVirtualMachineWithVolume: 'virtual-machine',
  // "Template" in the name, but it upgrades virtual routers.
  upgradeRouterTemplate: 'router',
  // Account/domain linking to LDAP is configured with the LDAP integration.
  linkAccountToLdap: 'authentication',
  linkDomainToLdap: 'authentication',
};
