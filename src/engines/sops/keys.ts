import { toError } from '../errors/index.ts';
import { type AgeIdentity, ageDecrypt, parseAgeIdentities } from './age.ts';
import type { KeyGroup, SopsMetadata } from './metadata.ts';
import { decryptPgp, type PgpKeyring, readPgpKeys } from './pgp.ts';
import { combineShares } from './shamir.ts';

/**
 * Private keys to decrypt with, as the kustomize-controller imports them from the decryption
 * Secret: age identities (from `*.agekey` entries) and armored OpenPGP private keys (`*.asc`).
 */
export interface SopsKeys {
  age: AgeIdentity[];
  pgp: PgpKeyring;
}

/**
 * Reads the keys of a decryption Secret's decoded `data`: entries whose name ends `.agekey` hold
 * age identities, `.asc` armored PGP private keys; other entries are ignored. An error names the
 * entry, never its content, like Flux's `failed to import '<name>' data`.
 */
export async function keysFromSecretData(data: Record<string, Uint8Array | string>): Promise<SopsKeys> {
  const keys: SopsKeys = { age: [], pgp: { keys: [] } };
  for (const [name, raw] of Object.entries(data)) {
    const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
    const ext = name.slice(name.lastIndexOf('.'));
    try {
      if (ext === '.agekey') keys.age.push(...parseAgeIdentities(text));
      else if (ext === '.asc') keys.pgp.keys.push(...(await readPgpKeys(text)).keys);
    } catch (e: unknown) {
      throw new Error(`failed to import '${name}' data: ${toError(e).message}`);
    }
  }
  return keys;
}

async function groupKey(group: KeyGroup, keys: SopsKeys): Promise<Uint8Array> {
  const failures: string[] = [];
  for (const entry of group.age) {
    if (keys.age.length === 0) {
      failures.push(`age key ${entry.recipient}: no age identities`);
      continue;
    }
    try {
      return ageDecrypt(Buffer.from(entry.enc, 'utf8'), keys.age);
    } catch (e: unknown) {
      failures.push(`age key ${entry.recipient}: ${toError(e).message}`);
    }
  }
  for (const entry of group.pgp) {
    try {
      return await decryptPgp(entry.enc, keys.pgp);
    } catch (e: unknown) {
      failures.push(`pgp key ${entry.fp}: ${toError(e).message}`);
    }
  }
  for (const kind of group.other) failures.push(`${kind}: key type not supported by tsflux`);
  throw new Error(failures.length > 0 ? failures.join('; ') : 'no master keys in group');
}

/**
 * Recovers the data key from the metadata's key groups. With one group, any of its keys gives the
 * key; with several, each group that opens yields a Shamir share and at least `shamir_threshold`
 * shares are combined, as sops does.
 */
export async function dataKey(md: SopsMetadata, keys: SopsKeys): Promise<Uint8Array> {
  if (md.keyGroups.length === 0) throw new Error('cannot get sops data key: no key groups');
  const parts: Uint8Array[] = [];
  const failures: string[] = [];
  for (const [i, group] of md.keyGroups.entries()) {
    try {
      parts.push(await groupKey(group, keys));
    } catch (e: unknown) {
      failures.push(md.keyGroups.length > 1 ? `group ${i}: ${toError(e).message}` : toError(e).message);
    }
  }
  let key: Uint8Array;
  if (md.keyGroups.length > 1) {
    if (parts.length < md.shamirThreshold || parts.length === 0) {
      throw new Error(
        `cannot get sops data key: only ${parts.length} of the ${md.shamirThreshold} key groups needed could be decrypted: ${failures.join('; ')}`,
      );
    }
    try {
      key = combineShares(parts);
    } catch (e: unknown) {
      throw new Error(
        `cannot get sops data key: could not get data key from shamir parts: ${toError(e).message}`,
      );
    }
  } else {
    if (parts.length !== 1) {
      throw new Error(
        `cannot get sops data key: failed to decrypt sops data key with any of the master keys: ${failures.join('; ')}`,
      );
    }
    key = parts[0] as Uint8Array;
  }
  if (key.length !== 32) throw new Error('cannot get sops data key: the data key has the wrong length');
  return key;
}
