// Events against a real API server and a local notification endpoint: core v1 Events aggregated
// like client-go's recorder, and Flux notification events POSTed in Flux's JSON format.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import {
  EventPoster,
  EventRecorder,
  KubeEventRecorder,
  revisionKey,
} from '../../src/runtime/events/index.ts';
import type { KubeList, KubeObject } from '../../src/runtime/kube/index.ts';
import { testClient, testNamespace } from '../support/cluster.ts';

type CoreEvent = KubeObject & {
  reason: string;
  message: string;
  count: number;
  type: string;
  source: { component: string };
};

test('events reach the API server aggregated and the notification endpoint in Flux format', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'events');
  const received: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ path: req.url, contentType: req.headers['content-type'], ...JSON.parse(body) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as { port: number }).port;

  const obj = await kube.create<KubeObject>(
    { version: 'v1', resource: 'configmaps', namespace: ns },
    { metadata: { name: 'app', annotations: { 'event.toolkit.fluxcd.io/team': 'blue', other: 'x' } } },
  );
  const subject = { ...obj, apiVersion: 'v1', kind: 'ConfigMap' };
  const errors: unknown[] = [];
  const recorder = new EventRecorder({
    controller: 'kustomize-controller',
    kube: new KubeEventRecorder(kube, 'kustomize-controller', { onError: (e) => errors.push(e) }),
    poster: new EventPoster(`http://127.0.0.1:${port}/`),
    onError: (e) => errors.push(e),
  });
  const failure = 'kustomize build failed: password=hunter2 rejected';
  recorder.event(subject, 'Warning', 'BuildFailed', failure);
  await recorder.flush();
  recorder.event(subject, 'Warning', 'BuildFailed', failure);
  recorder.event(subject, 'Normal', 'ReconciliationSucceeded', 'applied revision main@sha1:abc', {
    [revisionKey('kustomize.toolkit.fluxcd.io')]: 'main@sha1:abc',
  });
  recorder.event(subject, 'Trace', 'Progressing', 'applying');
  await recorder.flush();
  assert.deepEqual(errors, []);

  const list = await kube.list<CoreEvent>({ version: 'v1', resource: 'events', namespace: ns });
  const byReason = (r: string) => (list as KubeList<CoreEvent>).items.filter((e) => e.reason === r);
  assert.equal(byReason('BuildFailed').length, 1, 'identical events are aggregated into one');
  assert.equal(byReason('BuildFailed')[0].count, 2);
  assert.equal(byReason('BuildFailed')[0].type, 'Warning');
  assert.equal(byReason('BuildFailed')[0].source.component, 'kustomize-controller');
  assert.equal(byReason('BuildFailed')[0].message, 'kustomize build failed: password=*** rejected');
  assert.equal(byReason('Progressing').length, 1, 'trace events are Kubernetes events (Normal)');
  assert.equal(byReason('Progressing')[0].type, 'Normal');
  assert.equal(
    byReason('ReconciliationSucceeded')[0].metadata?.annotations?.['kustomize.toolkit.fluxcd.io/revision'],
    'main@sha1:abc',
  );

  assert.equal(received.length, 3, 'trace events are not posted');
  const success = received.find((e) => e.reason === 'ReconciliationSucceeded')!;
  assert.equal(success.contentType, 'application/json');
  assert.deepEqual(success.involvedObject, {
    kind: 'ConfigMap',
    namespace: ns,
    name: 'app',
    uid: obj.metadata?.uid,
    apiVersion: 'v1',
    resourceVersion: obj.metadata?.resourceVersion,
  });
  assert.equal(success.severity, 'info');
  assert.equal(success.message, 'applied revision main@sha1:abc');
  assert.deepEqual(success.metadata, {
    'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:abc',
    'event.toolkit.fluxcd.io/team': 'blue',
  });
  assert.equal(success.reportingController, 'kustomize-controller');
  assert.ok(typeof success.reportingInstance === 'string' && success.reportingInstance);
  assert.match(String(success.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const failed = received.filter((e) => e.reason === 'BuildFailed');
  assert.equal(failed.length, 2);
  assert.equal(failed[0].severity, 'error');
});
