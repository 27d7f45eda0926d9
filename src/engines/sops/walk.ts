import { createHash } from 'node:crypto';
import { toError } from '../errors/index.ts';
import { compileRegex } from '../regex/index.ts';
import { decryptValue } from './cipher.ts';
import type { SopsMetadata } from './metadata.ts';
import { type Branch, isBranch, isComment, leafBytes, type Value } from './tree.ts';

/** Bytes sops mixes into the MAC first when `mac_only_encrypted` is set. */
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from(
  '8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69',
  'hex',
);

/** Go regexp.MatchString for the selection rules (unanchored search; the file's patterns are RE2). */
const matches = (pattern: string, s: string) => compileRegex(pattern).test(s);

/** sops' rule for whether the leaf at `path` (under the given comment context) is encrypted. */
function shouldBeEncrypted(
  md: SopsMetadata,
  path: string[],
  comments: string[][],
  isCommentLeaf: boolean,
): boolean {
  let encrypted = true;
  if (md.unencryptedSuffix !== '' && path.some((p) => p.endsWith(md.unencryptedSuffix))) encrypted = false;
  if (md.encryptedSuffix !== '') encrypted = path.some((p) => p.endsWith(md.encryptedSuffix));
  if (md.unencryptedRegex !== '' && path.some((p) => matches(md.unencryptedRegex, p))) encrypted = false;
  if (md.encryptedRegex !== '') encrypted = path.some((p) => matches(md.encryptedRegex, p));
  if (
    md.unencryptedCommentRegex !== '' &&
    comments.some((cs) => cs.some((c) => matches(md.unencryptedCommentRegex, c)))
  ) {
    encrypted = false;
  }
  if (md.encryptedCommentRegex !== '') {
    encrypted = false;
    const lastStack = comments.length - 1;
    const lastIndex = (comments[lastStack]?.length ?? 0) - 1;
    outer: for (const [i, cs] of comments.entries()) {
      for (const [j, c] of cs.entries()) {
        // the comment line that carries the marker is itself left in clear
        if (isCommentLeaf && i === lastStack && j === lastIndex) continue;
        if (matches(md.encryptedCommentRegex, c)) {
          encrypted = true;
          break outer;
        }
      }
    }
  }
  return encrypted;
}

/**
 * Decrypts every leaf of the documents in place, in sops' walk order, and returns the MAC the
 * cleartext yields (uppercase hex SHA-512 over the leaves, comments excluded).
 */
export function decryptTree(docs: Branch[], md: SopsMetadata, key: Uint8Array): string {
  const hash = createHash('sha512');
  if (md.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);

  const leaf = (v: Value, path: string[], comments: string[][]): Value => {
    const commentLeaf = isComment(v);
    const encrypted = shouldBeEncrypted(md, path, comments, commentLeaf);
    let out: Value = v;
    if (encrypted) {
      const aad = `${path.join(':')}:`;
      if (commentLeaf) {
        try {
          out = decryptValue(v.comment, key, aad);
        } catch {
          // a comment that was never encrypted (older sops) stays as it is
          out = v;
        }
        // sops keeps the inline flag only for a comment that decrypts to a plain string; a
        // decrypted comment-typed value becomes a head comment
        if (typeof out === 'string') out = { comment: out, inline: v.inline };
      } else if (typeof v === 'string') {
        try {
          out = decryptValue(v, key, aad);
        } catch (e: unknown) {
          throw new Error(`Could not decrypt value: ${toError(e).message}`);
        }
      } else {
        throw new Error(`Expected encrypted value as string, but got ${goTypeName(v)}`);
      }
    }
    if ((!md.macOnlyEncrypted || encrypted) && !isComment(out)) hash.update(leafBytes(out));
    return out;
  };

  const walkValue = (v: Value, path: string[], comments: string[][]): Value => {
    if (v === null) return null;
    if (isBranch(v)) return walkBranch(v, path, comments);
    if (Array.isArray(v)) return walkSlice(v, path, comments);
    return leaf(v, path, comments);
  };

  const walkSlice = (list: Value[], path: string[], outer: string[][]): Value[] => {
    const comments = [...outer, []];
    const top = comments.length - 1;
    for (const [i, v] of list.entries()) {
      if (isComment(v)) comments[top] = [...(comments[top] as string[]), v.comment];
      list[i] = walkValue(v, path, comments);
      if (!isComment(v)) comments[top] = [];
    }
    return list;
  };

  const walkBranch = (branch: Branch, path: string[], outer: string[][]): Branch => {
    const comments = [...outer, []];
    const top = comments.length - 1;
    for (const item of branch.items) {
      if (isComment(item.key)) {
        comments[top] = [...(comments[top] as string[]), item.key.comment];
        const out = walkValue(item.key, path, comments);
        item.key = isComment(out) ? out : { comment: String(out), inline: item.key.inline };
        continue;
      }
      const valueIsComment = isComment(item.value);
      if (valueIsComment)
        comments[top] = [...(comments[top] as string[]), (item.value as { comment: string }).comment];
      item.value = walkValue(item.value, [...path, item.key], comments);
      if (!valueIsComment) comments[top] = [];
    }
    return branch;
  };

  for (const doc of docs) walkBranch(doc, [], []);
  return hash.digest('hex').toUpperCase();
}

function goTypeName(v: Value): string {
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'unknown';
}
