/** Access classes the verb rules in src/model/access.ts get wrong. */
import type { AccessOverride } from '../src/model/overrides.ts';

export const access: Readonly<Record<string, AccessOverride>> = {
  // Read-only despite their verbs.
  listAndSwitchSamlAccount: { access: 'mutate' }, // switches the session's account
  prepareTemplate: { access: 'mutate', idempotent: true }, // only copies a template to primary storage
  executeWebhookDelivery: { access: 'mutate' },
  generateAlert: { access: 'mutate' },
  generateClusterDrsPlan: { access: 'read' }, // computes a plan; executeClusterDrsPlan applies it
  getUploadParamsForTemplate: { access: 'mutate' }, // creates a template entry awaiting upload
  getUploadParamsForVolume: { access: 'mutate' },
  getUploadParamsForIso: { access: 'mutate' },
  // Removes state although the verb is not a destructive one.
  ldapRemove: { access: 'destructive', idempotent: true },
  quotaTariffDelete: { access: 'destructive', idempotent: true },
  // Log in/out change the session, not the cloud.
  login: { access: 'mutate' },
  logout: { access: 'mutate', idempotent: true },
  // Secrets in the answer that the meta does not flag as sensitive fields.
  getVMPassword: { returnsSecrets: true },
  getKubernetesClusterConfig: { returnsSecrets: true },
  // UserVmResponse.password is marked sensitive, but CloudStack fills it only in the answers of the
  // calls that set a password (deploy, reset, restore); lists read user_vm_view, where the password
  // is never loaded. Listing VMs is the most common read and must stay auto-approvable. (The field
  // is masked wherever it does appear.)
  listVirtualMachines: { returnsSecrets: false },
  listVirtualMachinesMetrics: { returnsSecrets: false },
  listVnfAppliances: { returnsSecrets: false },
  // CertificateResponse has a privatekey field for issueCertificate; listCaCertificate only fills
  // the CA's public certificate ("Lists the CA public certificate(s)", responseHasSensitiveInfo = false).
  listCaCertificate: { returnsSecrets: false },
};
