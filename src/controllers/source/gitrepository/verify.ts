import { ConditionReason } from '../../../api/meta/index.ts';
import { SourceCondition } from '../../../api/source/v1/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import * as conditions from '../../../runtime/conditions/index.ts';
import { type ResolvedRef, type TrustedKeys, verifySignature } from '../../../runtime/git/index.ts';
import { StallingError, TransientError } from '../../../runtime/reconcile/index.ts';
import { readSecret } from '../common/secrets.ts';
import type { SourceRun } from '../common/source-kind.ts';
import { verificationMode } from './content-config.ts';
import type { GitRepositoryObject } from './types.ts';

const message = (e: unknown) => toError(e).message;

function failed(obj: GitRepositoryObject, err: StallingError | TransientError): Error {
  conditions.markFalse(obj, SourceCondition.SourceVerified, err.reason, err.message);
  return err;
}

/** The trusted keys of `spec.verify.secretRef`: `.sshpub` values are SSH keys, the rest OpenPGP. */
async function trustedKeys(obj: GitRepositoryObject, run: SourceRun): Promise<TrustedKeys> {
  const name = obj.spec.verify?.secretRef.name ?? '';
  let secret: Awaited<ReturnType<typeof readSecret>>;
  try {
    secret = await readSecret(run.env.kube, obj.metadata?.namespace ?? '', name);
  } catch (e: unknown) {
    const why = message(e).replace(/^failed to get secret '[^']*': /, '');
    throw failed(obj, new TransientError('VerificationError', `PGP public keys secret error: ${why}`));
  }
  const keys: TrustedKeys = { pgp: [], ssh: [] };
  for (const [key, value] of Object.entries(secret.data)) {
    if (key.endsWith('.sshpub'))
      keys.ssh.push(
        ...value
          .toString('utf8')
          .split('\n')
          .filter((l) => l.trim()),
      );
    else keys.pgp.push(value.toString('utf8'));
  }
  return keys;
}

/**
 * Flux's `verifySignature`: with `spec.verify`, checks the tag object's signature (modes Tag and
 * TagAndHEAD) and the commit's (HEAD and TagAndHEAD) against the keys of `verify.secretRef`, and
 * records SourceVerified with Flux's reasons and messages and `status.sourceVerificationMode`.
 * Without it, clears what a previous verification recorded.
 */
export async function verifySource(
  obj: GitRepositoryObject,
  run: SourceRun,
  dir: string,
  resolved: ResolvedRef,
): Promise<void> {
  if (!obj.spec.verify) {
    conditions.remove(obj, SourceCondition.SourceVerified);
    if (obj.status) delete obj.status.sourceVerificationMode;
    return;
  }
  const mode = verificationMode(obj);
  const keys = await trustedKeys(obj, run);
  const lines: string[] = [];
  if (mode === 'Tag' || mode === 'TagAndHEAD') {
    const tag = resolved.tag;
    if (!tag)
      throw failed(
        obj,
        new StallingError(
          'InvalidVerificationMode',
          "cannot verify tag object's signature if a tag reference is not specified",
        ),
      );
    const tagString = tag.object ? `${tag.name}@sha1:${tag.object}` : tag.name;
    if (!tag.object)
      throw failed(
        obj,
        new TransientError(
          'InvalidGitObject',
          `cannot verify signature of tag '${tagString}' since it is not signed`,
        ),
      );
    try {
      const entity = await verifySignature(dir, 'tag', tag.object, keys);
      lines.push(`tag '${tagString}' with key '${entity}'`);
    } catch (e: unknown) {
      throw failed(
        obj,
        new TransientError(
          'InvalidTagSignature',
          `signature verification of tag '${tagString}' failed: ${message(e)}`,
        ),
      );
    }
  }
  if (mode === 'HEAD' || mode === 'TagAndHEAD') {
    try {
      const entity = await verifySignature(dir, 'commit', resolved.commit, keys);
      lines.push(`commit '${resolved.commit}' with key '${entity}'`);
    } catch (e: unknown) {
      throw failed(
        obj,
        new TransientError(
          'InvalidCommitSignature',
          `signature verification of commit '${resolved.commit}' failed: ${message(e)}`,
        ),
      );
    }
  }
  obj.status ??= {};
  obj.status.sourceVerificationMode = mode;
  conditions.markTrue(
    obj,
    SourceCondition.SourceVerified,
    ConditionReason.Succeeded,
    `verified signature of${lines.map((l) => `\n\t- ${l}`).join('')}`,
  );
}
