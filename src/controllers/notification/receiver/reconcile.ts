/**
 * One reconcile of a Receiver (notification.toolkit.fluxcd.io/v1) on the one reconcile shape:
 * guards, then one step that checks the spec's CEL expressions, reads the token from
 * `spec.secretRef` and sets `status.webhookPath`;
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
import { compileFilter } from './filter.ts';
import { compileOidcProviders } from './oidc.ts';
import type { ReceiverSecret } from './verify.ts';
import { webhookPath } from './webhook-path.ts';

/** A Receiver as this controller handles it. */
export type ReceiverObject = Omit<Receiver, 'spec'> & FluxObject & { spec: ReceiverSpec };

/** Flux's reason when the Receiver's token cannot be read. */
export const TokenNotFoundReason = 'TokenNotFound';

/** The API reference of a Receiver. */
export function receiverRef(namespace: string, name?: string): ResourceRef {
  return { group: 'notification.toolkit.fluxcd.io', version: 'v1', resource: 'receivers', namespace, name };
}

/**
 * The Secret of a Receiver: its `token` (and, for GCR, `email` and `audience`), every value
 * registered with the redactor as it is read. A generic-oidc Receiver has none: its callers
 * prove themselves with a token of their own, and its path is computed with an empty token.
 */
export async function receiverSecret(env: NotificationEnv, obj: ReceiverObject): Promise<ReceiverSecret> {
  if (obj.spec.type === 'generic-oidc') return { token: '' };
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
  return { token: data.token, email: data.email, audience: data.audience };
}

/** Flux's reason for a filter or OIDC expression that does not compile. */
export const InvalidCELExpressionReason = 'InvalidCELExpression';

/** Compiles every CEL expression of the spec, so that a bad one stalls the Receiver at once. */
function checkExpressions(spec: ReceiverSpec): void {
  try {
    if (spec.resourceFilter) compileFilter(spec.resourceFilter);
    for (const r of spec.resources) if (r.filter) compileFilter(r.filter, 'filter');
    compileOidcProviders(spec.oidcProviders ?? []);
  } catch (e: unknown) {
    throw new StallingError(InvalidCELExpressionReason, toError(e).message);
  }
}

interface Run {
  env: NotificationEnv;
  path?: string;
}

async function resolvePath(obj: ReceiverObject, run: Run): Promise<void> {
  checkExpressions(obj.spec);
  const { token } = await receiverSecret(run.env, obj);
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
