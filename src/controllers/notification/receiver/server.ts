import type { IncomingMessage, ServerResponse } from 'node:http';
import { isReady } from '../../../runtime/conditions/index.ts';
import { toError } from '../../../runtime/reconcile/index.ts';
import { BodyTooLargeError, readBody } from '../body.ts';
import type { NotificationEnv } from '../env.ts';
import { listenOn } from '../serve.ts';
import { annotateResources } from './annotate.ts';
import { type ReceiverObject, receiverToken } from './reconcile.ts';
import { SignatureError, verifyCall } from './verify.ts';

/** The running receiver server. */
export interface RunningReceiverServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * Flux's webhook receiver endpoint (`--receiver-addr`): `POST /hook/<digest>` finds the Ready
 * Receiver whose `status.webhookPath` is that path, verifies the call for its type (401 and
 * nothing annotated on a missing or bad signature), applies its `events` filter, and requests a
 * reconcile of its `resources`. Bodies are size-limited; unknown paths are 404.
 */
export async function startReceiverServer(
  env: NotificationEnv,
  addr: string,
): Promise<RunningReceiverServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith('/hook/')) return void res.writeHead(404).end();
    if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
    const receiver = env
      .informerOf<ReceiverObject>('Receiver')
      .list()
      .find((r) => r.status?.webhookPath === path);
    if (!receiver) return void res.writeHead(404).end();
    const name = `${receiver.metadata?.namespace}/${receiver.metadata?.name}`;
    const log = env.logger.withValues({ receiver: name });
    if (receiver.spec.suspend || !isReady(receiver)) {
      log.info('receiver is suspended or not ready: call ignored');
      return void res.writeHead(503).end();
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e: unknown) {
      return void res.writeHead(e instanceof BodyTooLargeError ? 413 : 400).end();
    }
    const token = await receiverToken(env, receiver);
    let call: ReturnType<typeof verifyCall>;
    try {
      call = verifyCall(receiver.spec.type, req.headers, body, token);
    } catch (e: unknown) {
      log.error(toError(e), 'unable to validate payload');
      return void res.writeHead(e instanceof SignatureError ? 401 : 400).end();
    }
    if (call.ping) return void res.writeHead(200).end();
    const events = receiver.spec.events ?? [];
    if (events.length && call.event && !events.some((e) => e.toLowerCase() === call.event?.toLowerCase())) {
      log.info(`event '${call.event}' is not in the receiver's events: call ignored`);
      return void res.writeHead(200).end();
    }
    const annotated = await annotateResources(
      env.kube,
      receiver.metadata?.namespace ?? '',
      receiver.spec.resources,
    );
    for (const o of annotated) log.info(`resource '${o}' annotated`);
    res.writeHead(200).end();
  };
  const listening = await listenOn(addr, env.logger, handle);
  return { port: listening.port, stop: () => listening.close() };
}
