/**
 * Secrets CloudStack shows only once: the answer of these APIs carries a credential CloudStack
 * generated for this call and does not show again (it keeps a hash, or nothing). Masked like every
 * secret, such a value would be lost, so the server keeps it (src/safety/one-time-secrets.ts).
 *
 * What a secret is stays decided by the name rules and sensitive fields (src/model/sensitive.ts,
 * src/safety/mask.ts): every field listed here must already be one; this list only says which are
 * one-time. Checked against every bundled snapshot by test/safety/one-time-secrets.test.ts.
 *
 * Left out on purpose: answers that can be read again (getUserKeys, listBuckets' keys, a VPN's
 * pre-shared key), short-lived tokens (createConsoleEndpoint, login's session key), and a VM's
 * generated password (deployVirtualMachine and the reset calls carry it only for password-enabled
 * templates, so refusing those calls before sending would refuse every deployment).
 */
export interface OneTimeSecretEntry {
  /** Answer fields (leaf names of the answer's object) holding the secret, e.g. `privatekey`. */
  readonly fields: readonly string[];
  /** The argument whose presence means no secret is generated (issueCertificate with a `csr`). */
  readonly unlessParam?: string;
  /** Why CloudStack shows it only once (read from its source). */
  readonly why: string;
  /** What to do when the value was lost after all (it could not be saved). */
  readonly ifLost: string;
}

export const oneTimeSecrets: Readonly<Record<string, OneTimeSecretEntry>> = {
  createSSHKeyPair: {
    fields: ['privatekey'],
    why: 'CreateSSHKeyPairCmd returns the generated private key; CloudStack stores only the public key and fingerprint.',
    ifLost: 'delete the key pair (deleteSSHKeyPair) and create it again',
  },
  registerUserKeys: {
    // The API key is kept next to the secret key: one without the other signs nothing.
    fields: ['apikey', 'secretkey'],
    why: 'RegisterCmd issues a new key pair and replaces the user\'s keys; the answer is where the new pair is handed out.',
    ifLost: 'call registerUserKeys again for new keys (the keys just issued are already in force), or read them with getUserKeys where allowed',
  },
  setupUserTwoFactorAuthentication: {
    fields: ['secretcode'],
    why: 'The TOTP secret for the authenticator app is generated and shown when two-factor authentication is set up.',
    ifLost: 'set up two-factor authentication again (setupUserTwoFactorAuthentication with enable=false, then enable=true)',
  },
  issueCertificate: {
    fields: ['privatekey'],
    unlessParam: 'csr',
    why: 'Without a CSR, IssueCertificateCmd generates the key pair and returns its private key with the certificate; it is not stored.',
    ifLost: 'issue the certificate again (and revoke this one with revokeCertificate)',
  },
};
