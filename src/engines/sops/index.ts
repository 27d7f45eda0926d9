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
