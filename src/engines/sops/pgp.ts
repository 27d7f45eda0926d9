import { decrypt, type PrivateKey, readMessage, readPrivateKeys } from 'openpgp';

/** Unlocked OpenPGP private keys. */
export interface PgpKeyring {
  keys: PrivateKey[];
}

/** Reads armored OpenPGP private keys (one or more blocks); passphrase-protected keys are refused. */
export async function readPgpKeys(armored: string): Promise<PgpKeyring> {
  const keys: PrivateKey[] = [];
  const blocks =
    armored.match(/-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]*?-----END PGP PRIVATE KEY BLOCK-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no armored PGP private key found');
  for (const block of blocks) {
    let read: PrivateKey[];
    try {
      read = await readPrivateKeys({ armoredKeys: block });
    } catch {
      throw new Error('malformed PGP private key');
    }
    for (const k of read) {
      if (!k.isDecrypted()) throw new Error('passphrase-protected PGP keys are not supported');
      keys.push(k);
    }
  }
  return { keys };
}

/** Decrypts sops' armored PGP `enc` (the data key) with the keyring. */
export async function decryptPgp(armoredMessage: string, keyring: PgpKeyring): Promise<Uint8Array> {
  if (keyring.keys.length === 0) throw new Error('no PGP private keys');
  let message: Awaited<ReturnType<typeof readMessage>>;
  try {
    message = await readMessage({ armoredMessage });
  } catch {
    throw new Error('malformed PGP message');
  }
  try {
    const { data } = await decrypt({ message, decryptionKeys: keyring.keys, format: 'binary' });
    return data as Uint8Array;
  } catch {
    throw new Error('no PGP private key could decrypt the data key');
  }
}
