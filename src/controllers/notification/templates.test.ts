import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluxEvent } from '../../runtime/events/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { Logger } from '../../runtime/logging/index.ts';
import { AlertTemplateError, applyAlertTemplates, notificationOf } from './templates.ts';

const event: FluxEvent = {
  involvedObject: {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    name: 'apps',
    namespace: 'prod',
  },
  severity: 'error',
  timestamp: '2026-01-01T00:00:00Z',
  message: 'health check failed after 5m0s',
  reason: 'HealthCheckFailed',
  reportingController: 'kustomize-controller',
  metadata: { revision: 'main@sha1:abc', env: 'prod' },
};
const summary = 'notification.tsflux.io/summary-template';
const message = 'notification.tsflux.io/message-template';

test('the summary and message templates read the event with Go’s field names and Sprig', () => {
  const out = applyAlertTemplates(
    {
      [summary]:
        '{{ .InvolvedObject.Kind }} {{ .InvolvedObject.Namespace }}/{{ .InvolvedObject.Name }} ({{ .Metadata.env | upper }})',
      [message]:
        '{{ if eq .Severity "error" }}🔥 {{ end }}{{ .Reason }}: {{ .Message }} at {{ .Metadata.revision | trunc 13 }}',
    },
    event,
  );
  assert.equal(out.metadata?.summary, 'Kustomization prod/apps (PROD)');
  assert.equal(out.message, '🔥 HealthCheckFailed: health check failed after 5m0s at main@sha1:abc');
  assert.equal(event.message, 'health check failed after 5m0s', 'the event itself is not changed');
  assert.equal(applyAlertTemplates({}, event), event, 'no template: the event as it is');
});

test('a template that does not parse or run is an AlertTemplateError naming which', () => {
  assert.throws(
    () => applyAlertTemplates({ [message]: '{{ .Message' }, event),
    (e: unknown) => e instanceof AlertTemplateError && /^failed to render message template: /.test(e.message),
  );
  assert.throws(
    () => applyAlertTemplates({ [summary]: '{{ .Message.Nope }}' }, event),
    /failed to render summary template: .*can't evaluate field Nope/,
  );
});

test('notificationOf: a failing template is a Warning event on the Alert, and the event goes out plain', () => {
  const recorded: string[] = [];
  const logs: string[] = [];
  const env = {
    recorder: {
      event: (_o: KubeObject, type: string, reason: string, msg: string) =>
        recorded.push(`${type} ${reason}: ${msg}`),
    },
    logger: new Logger({ level: 'debug', write: (l) => logs.push(l) }),
  } as unknown as Parameters<typeof notificationOf>[0];
  const alert = {
    metadata: { name: 'a', namespace: 'prod', annotations: { [message]: '{{ nosuchfunc }}' } },
    spec: { summary: 'plain summary' },
  };
  const out = notificationOf(env, alert, event);
  assert.equal(out.message, event.message);
  assert.equal(out.metadata?.summary, 'plain summary', 'the Alert’s own summary still applies');
  assert.equal(recorded.length, 1);
  assert.match(recorded[0], /^Warning TemplateFailed: failed to render message template: /);
  assert.ok(logs.some((l) => l.includes('alert template failed')));
});
