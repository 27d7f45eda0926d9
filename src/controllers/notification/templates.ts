import { AlertTemplateAnnotation } from '../../api/notification/v1beta3/index.ts';
import { Template } from '../../engines/gotemplate/index.ts';
import { sprigFuncs } from '../../engines/sprig/index.ts';
import type { FluxEvent } from '../../runtime/events/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import type { NotificationEnv } from './env.ts';
import { alertNotification } from './event-metadata.ts';

/** A message template that does not parse or run: the Alert's fault, reported on it. */
export class AlertTemplateError extends Error {}

/** Parsed templates by text: Alerts are few and their templates change rarely. */
const parsed = new Map<string, Template>();
const MaxParsed = 256;

function parse(name: string, text: string): Template {
  const hit = parsed.get(text);
  if (hit) return hit;
  const t = new Template(name).funcs(sprigFuncs()).parse(text);
  if (parsed.size >= MaxParsed) parsed.clear();
  parsed.set(text, t);
  return t;
}

/** The event as a template sees it: Go's field names of Flux's event type. */
function templateData(event: FluxEvent) {
  const o = event.involvedObject;
  return {
    InvolvedObject: {
      Kind: o.kind ?? '',
      Name: o.name ?? '',
      Namespace: o.namespace ?? '',
      APIVersion: o.apiVersion ?? '',
      UID: o.uid ?? '',
    },
    Severity: event.severity,
    Timestamp: event.timestamp,
    Message: event.message,
    Reason: event.reason,
    Metadata: { ...event.metadata },
    ReportingController: event.reportingController,
    ReportingInstance: event.reportingInstance ?? '',
  };
}

function render(what: string, text: string, event: FluxEvent): string {
  try {
    return parse(what, text).execute(templateData(event));
  } catch (e: unknown) {
    throw new AlertTemplateError(`failed to render ${what} template: ${toError(e).message}`);
  }
}

/**
 * The event as an Alert with message templates forwards it (annotations
 * {@link AlertTemplateAnnotation}): the summary template's output becomes the `summary`
 * metadata, the message template's the message; both read the event as it would otherwise be
 * sent (the Alert's `summary` and `eventMetadata` included). Throws {@link AlertTemplateError}
 * when a template does not parse or run.
 */
export function applyAlertTemplates(
  annotations: Record<string, string> | undefined,
  event: FluxEvent,
): FluxEvent {
  const summary = annotations?.[AlertTemplateAnnotation.Summary];
  const message = annotations?.[AlertTemplateAnnotation.Message];
  if (!summary && !message) return event;
  const out: FluxEvent = { ...event, metadata: { ...event.metadata } };
  if (summary) out.metadata = { ...out.metadata, summary: render('summary', summary, event) };
  if (message) out.message = render('message', message, event);
  return out;
}

/** The reason of the Warning event an Alert gets when one of its templates fails. */
export const TemplateFailedReason = 'TemplateFailed';

/**
 * The event as one Alert forwards it: its `eventMetadata` and `summary` (`alertNotification`),
 * then its message templates. A template that fails is reported on the Alert (a Warning event
 * `TemplateFailed` and an error log: Alerts have no status in Flux's API to hold a condition) and
 * the event goes out without the templates, so an alert is never lost to a typo.
 */
export function notificationOf(
  env: Pick<NotificationEnv, 'recorder' | 'logger'>,
  alert: KubeObject & { spec: { eventMetadata?: Record<string, string>; summary?: string } },
  event: FluxEvent,
): FluxEvent {
  const plain = alertNotification(event, alert.spec);
  try {
    return applyAlertTemplates(alert.metadata?.annotations, plain);
  } catch (e: unknown) {
    const err = toError(e);
    env.logger.error(err, 'alert template failed, sending the event without it', {
      alert: `${alert.metadata?.namespace}/${alert.metadata?.name}`,
    });
    env.recorder.event(alert, 'Warning', TemplateFailedReason, err.message);
    return plain;
  }
}
