/**
 * One reconcile of a Receiver (notification.toolkit.fluxcd.io/v1) on the one reconcile shape:
 * guards, then one step that reads the token from `spec.secretRef` and sets `status.webhookPath`;
 * the exit marks Ready True `Succeeded` "Receiver initialized for path: /hook/..." as Flux words it,
 * or Ready False `TokenNotFound` while the Secret or its `token` is missing (retried with backoff).
 */

import { parseDuration } from '../../../api/meta/index.ts';
import type { Receiver, ReceiverSpec } from '../../../api/notification/v1/index.ts';
import type { ReconcileContext, Request } from '../../../runtime/controller/index.ts';
import type { ResourceRef } from '../../../runtime/kube/index.ts';
import {
  type FluxObject,
  loadObject,
  type ReconcileResult,
  reconcileObject,
  reportersOf,
  StallingError,
  TransientError,
  toError,
} from '../../../runtime/reconcile/index.ts';
import { readSecret } from '../../../runtime/secrets/index.ts';
import type { NotificationEnv } from '../env.ts';
import { supportedReceiverTypes } from './verify.ts';
import { webhookPath } from './webhook-path.ts';

/** A Receiver as this controller handles it. */
export type ReceiverObject = Omit<Receiver, 'spec'> & FluxObject & { spec: ReceiverSpec };

/** Flux's reason when the Receiver's token cannot be read. */
export const TokenNotFoundReason = 'TokenNotFound';

/** The API reference of a Receiver. */
export function receiverRef(namespace: string, name?: string): ResourceRef {
  return { group: 'notification.toolkit.fluxcd.io', version: 'v1', resource: 'receivers', namespace, name };
}

/** The token of a Receiver: the `token` key of the Secret it names (registered with the redactor). */
export async function receiverToken(env: NotificationEnv, obj: ReceiverObject): Promise<string> {
  const namespace = obj.metadata?.namespace ?? '';
  const name = obj.spec.secretRef?.name ?? '';
  let data: Record<string, string>;
  try {
    data = (await readSecret(env.kube, namespace, name)).texts();
  } catch (e: unknown) {
    throw new TransientError(TokenNotFoundReason, `unable to read token: ${toError(e).message}`, {
      cause: e,
    });
  }
  if (!data.token)
    throw new TransientError(TokenNotFoundReason, `invalid '${name}' secret data: required field 'token'`);
  return data.token;
}

interface Run {
  env: NotificationEnv;
  path?: string;
}

async function resolvePath(obj: ReceiverObject, run: Run): Promise<void> {
  if (!(supportedReceiverTypes as readonly string[]).includes(obj.spec.type))
    throw new StallingError(
      'InvalidConfig',
      `receiver type '${obj.spec.type}' is not supported yet by tsflux`,
    );
  const token = await receiverToken(run.env, obj);
  run.path = webhookPath(token, obj.metadata?.name ?? '', obj.metadata?.namespace ?? '');
  obj.status = { ...obj.status, webhookPath: run.path };
}

/** Reconciles one Receiver: its webhook path and Ready. */
export async function reconcileReceiver(
  env: NotificationEnv,
  req: Request,
  _ctx: ReconcileContext,
): Promise<ReconcileResult | undefined> {
  const obj = loadObject(env.informerOf<ReceiverObject>('Receiver'), req, {
    apiVersion: 'notification.toolkit.fluxcd.io/v1',
    kind: 'Receiver',
  });
  if (!obj) return undefined;
  return reconcileObject<ReceiverObject, Run>({
    kube: env.kube,
    ref: receiverRef(req.namespace ?? '', req.name),
    obj,
    start: () => ({ env }),
    steps: [resolvePath],
    exit: (o, run) => ({
      intervalMs: parseDuration(o.spec.interval ?? '10m'),
      successMessage: `Receiver initialized for path: ${run.path}`,
      reporters: reportersOf(env),
    }),
  });
}
