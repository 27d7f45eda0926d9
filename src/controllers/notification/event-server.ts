import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FluxEvent } from '../../runtime/events/index.ts';
import type { Logger } from '../../runtime/logging/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import {
  compilePatterns,
  type LabelsOf,
  messagePasses,
  severityMatches,
  sourceMatches,
} from './alert-match.ts';
import { BodyTooLargeError, readBody } from './body.ts';
import { type AlertObject, deliver } from './dispatch.ts';
import type { NotificationEnv } from './env.ts';
import { cleanMetadata } from './event-metadata.ts';
import { EventGrouper } from './grouping.ts';
import { eventKey } from './rate-limit.ts';
import { listenOn } from './serve.ts';

/** The running event server: its port, and a stop that waits for deliveries in flight. */
export interface RunningEventServer {
  port: number;
  /** `http://<host>:<port>/`: where this process's recorders post when `--events-addr` is unset. */
  url: string;
  stop(): Promise<void>;
}

function isFluxEvent(v: unknown): v is FluxEvent {
  const e = v as FluxEvent;
  return (
    !!e &&
    typeof e === 'object' &&
    !!e.involvedObject &&
    typeof e.involvedObject === 'object' &&
    typeof e.message === 'string' &&
    typeof e.reason === 'string' &&
    typeof e.severity === 'string'
  );
}

/** The Alerts (not suspended, message passing their lists) whose sources name the event. */
export function matchingAlerts(env: NotificationEnv, event: FluxEvent): AlertObject[] {
  const labelsOf: LabelsOf = (kind, namespace, name) => {
    try {
      return env.informerOf(kind).get(namespace, name)?.metadata?.labels;
    } catch {
      return undefined;
    }
  };
  const out: AlertObject[] = [];
  for (const alert of env.informerOf<AlertObject>('Alert').list()) {
    const namespace = alert.metadata?.namespace ?? '';
    if (alert.spec.suspend || !severityMatches(alert.spec.eventSeverity, event)) continue;
    if (!alert.spec.eventSources.some((s) => sourceMatches(s, namespace, event, labelsOf))) continue;
    const bad = (p: string, e: unknown) =>
      env.logger.error(toError(e), `failed to compile regex: ${p}`, {
        alert: `${namespace}/${alert.metadata?.name}`,
      });
    const include = compilePatterns(alert.spec.inclusionList, bad);
    const exclude = compilePatterns(alert.spec.exclusionList, bad);
    if (!messagePasses(event.message, include, exclude, (alert.spec.inclusionList?.length ?? 0) > 0))
      continue;
    if (env.noCrossNamespaceRefs && event.involvedObject.namespace !== namespace) {
      env.logger.error(
        new Error(
          `alert '${namespace}/${alert.metadata?.name}' can't process event from '${event.involvedObject.kind}/${event.involvedObject.namespace}/${event.involvedObject.name}', cross-namespace references have been blocked`,
        ),
        'discarding event, access denied to cross-namespace sources',
      );
      continue;
    }
    out.push(alert);
  }
  return out;
}

/**
 * Flux's event endpoint: `POST` of one event in Flux's JSON format (any path, as Flux's mux on
 * `/`), bodies size-limited. Duplicates within `--rate-limit-interval` are answered 429 as in
 * Flux, but not dropped: they are counted and sent once, with their count, when the window ends
 * (`grouping.ts`). An accepted event is answered 202 at once and delivered to every matching
 * Alert's Provider in the background, each delivery on its own so a slow or failing Provider
 * never holds another back.
 */
export async function startEventServer(
  env: NotificationEnv,
  addr: string,
  rateLimitIntervalMs: number,
): Promise<RunningEventServer> {
  const inFlight = new Set<Promise<void>>();
  /** Delivers an event to every Alert that takes it; false when none does. */
  const dispatch = (event: FluxEvent, log: Logger): boolean => {
    const alerts = matchingAlerts(env, event);
    if (!alerts.length) return false;
    log.info(`dispatching event: ${event.message}`);
    for (const alert of alerts) {
      const p = deliver(env, alert, event);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    return true;
  };
  const logFor = (event: FluxEvent) => {
    const o = event.involvedObject;
    return env.logger.withValues({ eventInvolvedObject: `${o.kind}/${o.namespace}/${o.name}` });
  };
  const grouper = new EventGrouper(rateLimitIntervalMs, (event, count) => {
    const log = logFor(event);
    log.debug(`sending ${count} grouped duplicate event(s)`);
    dispatch(event, log);
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
    let event: unknown;
    try {
      event = JSON.parse((await readBody(req)).toString('utf8'));
    } catch (e: unknown) {
      if (e instanceof BodyTooLargeError) return void res.writeHead(413).end();
      env.logger.error(toError(e), 'decoding the request body failed');
      return void res.writeHead(400).end();
    }
    if (!isFluxEvent(event)) return void res.writeHead(400).end();
    event.metadata = cleanMetadata(event);
    const log = logFor(event);
    if (!grouper.take(eventKey(event), event)) {
      log.debug('rate limiting duplicate event: grouped, sent with a count when the window ends');
      return void res.writeHead(429).end();
    }
    if (!dispatch(event, log)) log.debug('discarding event, no alerts found for the involved object');
    res.writeHead(202).end();
  };
  const listening = await listenOn(addr, env.logger, handle);
  return {
    port: listening.port,
    url: listening.url,
    async stop() {
      grouper.stop();
      await listening.close();
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
