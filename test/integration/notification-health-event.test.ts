// Event parity: the kustomize controller emits "Health check passed in <duration>" (info, Ready's
// reason at that moment, Progressing) when its health checks pass for a new revision's changes,
// as Flux's does, so an info-level Alert forwards it: the controller posts to a real notification
// controller, whose `generic` Provider delivers to a local listener.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluxEvent } from '../../src/runtime/events/index.ts';
import { startRecordingService } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  artifactServer,
  configMap,
  ksRef,
  kustomization,
  startController,
  waitReady,
} from '../support/kustomize-harness.ts';
import {
  alert,
  alerts,
  provider,
  providers,
  startTestNotificationController,
} from '../support/notification.ts';
import { eventsOf } from '../support/source-controller.ts';

test('an info Alert forwards the kustomize controller’s "Health check passed in …" event', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'ks-health-event');
  const listener = await startRecordingService();
  const received = () => listener.at('POST', '/alerts').map((r) => r.json as FluxEvent);
  t.after(() => listener.stop());
  const nc = await startTestNotificationController(t, kube, ns);
  await kube.create(providers(ns), provider('hook', { type: 'generic', address: `${listener.url}/alerts` }));
  await kube.create(
    alerts(ns),
    alert('info', 'hook', { eventSeverity: 'info', eventSources: [{ kind: 'Kustomization', name: '*' }] }),
  );
  await nc.cached('Provider', 1);
  await nc.cached('Alert', 1);

  const server = await artifactServer(t, kube);
  await startController(t, kube, ns, { eventsAddr: nc.eventsUrl });
  const revision = await server.publish(ns, 'repo', { 'apps/a.yaml': configMap('a') });
  await kube.create(
    ksRef(ns),
    kustomization(ns, 'apps', { path: './apps', targetNamespace: ns, wait: true, timeout: '1m' }),
  );
  await waitReady(kube, ns, 'apps');

  const passed = await eventually(
    async () => {
      const e = received().find((x) => x.message.startsWith('Health check passed in '));
      if (!e)
        throw new Error(
          `not delivered yet: ${received()
            .map((x) => x.message)
            .join(' | ')}`,
        );
      return e;
    },
    { what: 'the health check event delivered' },
  );
  assert.match(passed.message, /^Health check passed in \d+(\.\d+)?(ms|s)$/);
  assert.equal(passed.severity, 'info');
  assert.equal(passed.reason, 'Progressing');
  assert.equal(passed.reportingController, 'kustomize-controller');
  assert.deepEqual(
    {
      kind: passed.involvedObject.kind,
      name: passed.involvedObject.name,
      namespace: passed.involvedObject.namespace,
    },
    { kind: 'Kustomization', name: 'apps', namespace: ns },
  );
  assert.equal(passed.metadata?.revision, revision, 'the revision, as Flux’s event metadata carries it');
  // the same event is a Kubernetes Event of the Kustomization
  assert.ok(
    (await eventsOf(kube, ns, 'apps')).some((e) => /^Normal Progressing: Health check passed in /.test(e)),
  );
});
