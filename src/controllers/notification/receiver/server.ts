import type { IncomingMessage, ServerResponse } from 'node:http';
import { isReady } from '../../../runtime/conditions/index.ts';
import { toError } from '../../../runtime/reconcile/index.ts';
import { BodyTooLargeError, readBody } from '../body.ts';
import type { NotificationEnv } from '../env.ts';
import { listenOn } from '../serve.ts';
import { annotateResources } from './annotate.ts';
import { callFilter, type ResourceFilter } from './filter.ts';
import { GoogleCertsUrl } from './gcr.ts';
import { KeySets } from './key-sets.ts';
import { type ReceiverObject, receiverSecret } from './reconcile.ts';
import { SignatureError, type VerifiedCall, verifyCall } from './verify.ts';

/** The running receiver server. */
export interface RunningReceiverServer {
  port: number;
  stop(): Promise<void>;
}

/** Settings of the receiver server beyond its address. */
export interface ReceiverServerOptions {
  /** Where Google's ID-token keys are read for `gcr` Receivers (Google's own URL by default). */
  googleCertsUrl?: string;
}

/** The event names a Receiver's `events` lets through (all when it lists none), case-insensitively. */
function eventAllowed(events: string[] | undefined, event: string | undefined): boolean {
  if (!events?.length || event === undefined) return true;
  return events.some((e) => e.toLowerCase() === event.toLowerCase());
}

/**
 * Flux's webhook receiver endpoint (`--receiver-addr`): `POST /hook/<digest>` finds the Ready
 * Receiver whose `status.webhookPath` is that path, verifies the call for its type (401 and
 * nothing annotated on a missing or bad credential, 400 on a payload that does not decode),
 * applies its `events` filter, and requests a reconcile of its `resources` that pass its CEL
 * filters (500 when one of them could not be handled). Bodies are size-limited (413); unknown
 * paths are 404. The path is never logged: it is derived from the token and lets anyone call.
 */
export async function startReceiverServer(
  env: NotificationEnv,
  addr: string,
  options: ReceiverServerOptions = {},
): Promise<RunningReceiverServer> {
  const deps = { keySets: new KeySets(), googleCertsUrl: options.googleCertsUrl ?? GoogleCertsUrl };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith('/hook/')) return void res.writeHead(404).end();
    if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
    const receiver = env
      .informerOf<ReceiverObject>('Receiver')
      .list()
      .find((r) => r.status?.webhookPath === path);
    if (!receiver) return void res.writeHead(404).end();
    const namespace = receiver.metadata?.namespace ?? '';
    const log = env.logger.withValues({ receiver: `${namespace}/${receiver.metadata?.name}` });
    if (receiver.spec.suspend || !isReady(receiver)) {
      log.error(
        new Error('unable to process request'),
        `receiver is ${receiver.spec.suspend ? 'suspended' : 'not ready'}`,
      );
      return void res.writeHead(503).end();
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e: unknown) {
      return void res.writeHead(e instanceof BodyTooLargeError ? 413 : 400).end();
    }
    let call: VerifiedCall;
    try {
      call = await verifyCall(receiver.spec, req.headers, body, await receiverSecret(env, receiver), deps);
    } catch (e: unknown) {
      log.error(toError(e), 'unable to validate payload');
      return void res.writeHead(e instanceof SignatureError ? 401 : 400).end();
    }
    if (call.ping) return void res.writeHead(200).end();
    if (!eventAllowed(receiver.spec.events, call.event)) {
      log.info(`event '${call.event}' is not in the receiver's events: call ignored`);
      return void res.writeHead(200).end();
    }
    if (call.event !== undefined) log.info(`handling ${receiver.spec.type} event: ${call.event}`);
    let filter: ResourceFilter;
    try {
      filter = callFilter(receiver.spec.resourceFilter, req.headers, call.payload ?? body, call.claims);
    } catch (e: unknown) {
      log.error(toError(e), 'unable to create resource filter');
      return void res.writeHead(400).end();
    }
    const result = await annotateResources(env.kube, namespace, receiver.spec.resources, {
      filter,
      noCrossNamespaceRefs: env.noCrossNamespaceRefs,
    });
    for (const o of result.annotated) log.info(`resource '${o}' annotated`);
    for (const o of result.filtered)
      log.debug(`resource '${o}' NOT annotated because CEL expression returned false`);
    for (const e of result.errors) log.error(e, 'unable to request reconciliation');
    res.writeHead(result.errors.length ? 500 : 200).end();
  };
  const listening = await listenOn(addr, env.logger, handle);
  return { port: listening.port, stop: () => listening.close() };
}
