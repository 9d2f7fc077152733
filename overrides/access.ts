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
  // Read verbs, but they can change state (access by effect: a read is auto-approved, served on
  // --read-only and not audited, so it must never change anything, whatever its arguments).
  checkVolume: { access: 'mutate', idempotent: true }, // repair=leaks|all repairs the volume (qemu-img check -r)
  getRouterHealthCheckResults: { access: 'mutate', idempotent: true }, // performfreshchecks=true runs the checks on the router and stores the results
  listCapacity: { access: 'mutate', idempotent: true }, // fetchlatest=true recalculates and rewrites the capacity records (AlertManager.recalculateCapacity)
  getDiagnosticsData: { access: 'mutate' }, // runs scripts on a system VM, writes an archive to secondary storage and a public download link to it
  validateUserTwoFactorAuthenticationCode: { access: 'mutate' }, // completes a login session's 2FA step, or ends the session on a wrong code
  discoverGpuDevices: { access: 'mutate', idempotent: true }, // queries the host and rewrites its GPU device records (updateGPUDetails)
  getUploadParamsForKubernetesSupportedVersion: { access: 'mutate' }, // registers a Kubernetes version (and its ISO) awaiting upload
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
