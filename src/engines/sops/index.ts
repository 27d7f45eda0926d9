/**
 * SOPS decryption for the kustomize controller (Flux 2.9 behaviour), pure and offline.
 *
 * Typical use by a Kustomization reconciler:
 *   const keys = await keysFromSecretData(decodedSecretData);   // `*.agekey`, `*.asc` entries
 *   for (const t of decryptionTargets(kustomizationYaml)) {      // before the kustomize build
 *     const out = await decryptFileIfEncrypted(bytes, t.format, keys); if (out) write it back;
 *   }
 *   const obj2 = (await decryptResource(obj, keys)) ?? obj;      // each built resource
 * `decrypt(content, { format, outputFormat, keys, checkMac })` is the general entry point.
 * Formats: YAML, JSON, dotenv, INI, binary. Keys: age (X25519 and post-quantum hybrid) identities,
 * unprotected OpenPGP private keys, Shamir key groups; cloud KMS and Vault keys are not supported.
 */
export { type AgeIdentity, ageDecrypt, parseAgeIdentities } from './age.ts';
export { type DecryptOptions, decrypt, SopsDecryptError } from './decrypt.ts';
export {
  detectSopsFormat,
  formatFromPath,
  isEncryptedSecret,
  isSopsEncrypted,
  SopsFormat,
} from './format.ts';
export { keysFromSecretData, type SopsKeys } from './keys.ts';
export { type PgpKeyring, readPgpKeys } from './pgp.ts';
export { decryptionDisabled, decryptResource } from './resource.ts';
export {
  type DecryptionTarget,
  decryptFileIfEncrypted,
  decryptionTargets,
  type KustomizationFileRefs,
  MaxEncryptedFileSize,
} from './sources.ts';
