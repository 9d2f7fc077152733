/**
 * Credentials the name rules of src/model/sensitive.ts cannot see: secrets in params with neutral
 * names, secret sub-keys of map params, URLs that may carry `user:secret@`, and response fields
 * CloudStack does not mark `isSensitive`.
 */
import type { SensitiveParamOverride } from '../src/model/overrides.ts';

/** S3-compatible credentials passed as map entries (`details[0].key=accesskey&details[0].value=...`). */
const S3_KEYS: SensitiveParamOverride = { mapKeys: ['accesskey', 'secretkey'] };

export const sensitiveParams: Readonly<Record<string, Readonly<Record<string, SensitiveParamOverride>>>> = {
  // Image stores: addImageStore takes the provider's credentials as details (S3: accesskey and
  // secretkey, Swift: key); the staging (cache) store of an S3 region and the switch of a zone to
  // an object store take the same S3 keys.
  addImageStore: { details: { mapKeys: ['accesskey', 'secretkey', 'key'] } },
  createSecondaryStagingStore: { details: S3_KEYS },
  updateCloudToUseObjectStore: { details: S3_KEYS },
  // Swift's "key" is the account's API key (the password of the Swift user).
  addSwift: { key: { sensitive: true } },
  // Object storage pools (MinIO, Ceph RGW, Cloudian): admin access and secret keys as details.
  addObjectStoragePool: { details: S3_KEYS },
  // Primary storage URLs of some plugins carry the credentials: rbd://user:secret@monitor/pool (Ceph),
  // powerflex://user:password@gateway/pool (PowerFlex/ScaleIO).
  createStoragePool: { url: { credentialsInUrl: true } },
  updateStoragePool: { url: { credentialsInUrl: true } },
  // OAuth providers: the client secret may also arrive as a detail.
  registerOauthProvider: { details: { mapKeys: ['clientsecret', 'secretkey'] } },
  // CKS: CNI configuration variables documented with S3 keys as the example (since 4.21).
  createKubernetesCluster: { cniconfigdetails: S3_KEYS },
};

/** Response fields to mask besides those CloudStack marks and the name rules find. */
export const sensitiveResponseFields: Readonly<Record<string, readonly string[]>> = {
  // The kubeconfig: client certificate and key (or token) with admin rights on the cluster.
  getKubernetesClusterConfig: ['configdata'],
  // The console URL and websocket carry a one-time token: whoever has them opens the VM's console.
  createConsoleEndpoint: ['url', 'websocket'],
  // Generated private key of a new key pair (CloudStack marks it in recent versions; kept explicit).
  createSSHKeyPair: ['privatekey'],
};
