import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluxEvent } from '../../runtime/events/index.ts';
import type { KubeObject } from '../../runtime/kube/index.ts';
import { Logger } from '../../runtime/logging/index.ts';
import type { NotificationEnv } from './env.ts';
import { matchingAlerts } from './event-server.ts';

const ev = (over: Partial<FluxEvent['involvedObject']> = {}, extra: Partial<FluxEvent> = {}): FluxEvent => ({
  involvedObject: { kind: 'Kustomization', name: 'apps', namespace: 'flux-system', ...over },
  severity: 'info',
  timestamp: '2026-01-01T00:00:00Z',
  message: 'Reconciliation finished in 2s, next run in 10m',
  reason: 'ReconciliationSucceeded',
  reportingController: 'kustomize-controller',
  ...extra,
});

function alert(name: string, spec: Record<string, unknown>, namespace = 'flux-system'): KubeObject {
  return {
    metadata: { name, namespace },
    spec: { providerRef: { name: 'p' }, eventSources: [{ kind: 'Kustomization', name: '*' }], ...spec },
  } as KubeObject;
}

/** An env whose informers hold `objects` by kind; the logger keeps its lines. */
function envOf(objects: Record<string, KubeObject[]>, noCrossNamespaceRefs = false) {
  const logs: string[] = [];
  const env = {
    informerOf: (kind: string) => ({
      list: () => objects[kind] ?? [],
      get: (ns: string, name: string) =>
        (objects[kind] ?? []).find((o) => o.metadata?.namespace === ns && o.metadata?.name === name),
    }),
    logger: new Logger({ level: 'debug', write: (l) => logs.push(l) }),
    noCrossNamespaceRefs,
  } as unknown as NotificationEnv;
  return { env, logs };
}

const names = (env: NotificationEnv, e: FluxEvent) => matchingAlerts(env, e).map((a) => a.metadata?.name);

test('sources match by kind, namespace (the alert’s by default) and name or *', () => {
  const { env } = envOf({
    Alert: [
      alert('any', {}),
      alert('named', { eventSources: [{ kind: 'Kustomization', name: 'apps' }] }),
      alert('other-name', { eventSources: [{ kind: 'Kustomization', name: 'infra' }] }),
      alert('other-kind', { eventSources: [{ kind: 'GitRepository', name: '*' }] }),
      alert('elsewhere', {}, 'team-a'),
      alert(
        'cross',
        { eventSources: [{ kind: 'Kustomization', name: 'apps', namespace: 'flux-system' }] },
        'team-a',
      ),
    ],
  });
  assert.deepEqual(names(env, ev()), ['any', 'named', 'cross']);
});

test('severity: info alerts take errors too, error alerts only errors; suspended alerts none', () => {
  const { env } = envOf({
    Alert: [alert('info', {}), alert('error', { eventSeverity: 'error' }), alert('off', { suspend: true })],
  });
  assert.deepEqual(names(env, ev()), ['info']);
  assert.deepEqual(names(env, ev({}, { severity: 'error' })), ['info', 'error']);
});

test('inclusion and exclusion lists are RE2 patterns; a bad one is reported and ignored', () => {
  const { env, logs } = envOf({
    Alert: [
      alert('include', { inclusionList: ['^Reconciliation finished'] }),
      alert('include-miss', { inclusionList: ['^Health check'] }),
      alert('exclude', { exclusionList: ['next run in \\d+m'] }),
      alert('bad', { exclusionList: ['(unclosed'] }),
    ],
  });
  assert.deepEqual(names(env, ev()), ['include', 'bad']);
  assert.ok(logs.some((l) => l.includes('failed to compile regex: (unclosed')));
});

test('a wildcard source with matchLabels reads the object’s labels from the cache', () => {
  const labelled = (name: string, labels: Record<string, string>) =>
    ({ metadata: { name, namespace: 'flux-system', labels } }) as KubeObject;
  const { env } = envOf({
    Alert: [
      alert('team-a', { eventSources: [{ kind: 'Kustomization', name: '*', matchLabels: { team: 'a' } }] }),
    ],
    Kustomization: [labelled('apps', { team: 'a' }), labelled('infra', { team: 'b' })],
  });
  assert.deepEqual(names(env, ev()), ['team-a']);
  assert.deepEqual(names(env, ev({ name: 'infra' })), []);
  assert.deepEqual(names(env, ev({ name: 'gone' })), [], 'an object not in the cache has no labels');
});

test('--no-cross-namespace-refs: an alert takes only its own namespace’s events', () => {
  const cross = alert(
    'cross',
    { eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'flux-system' }] },
    'team-a',
  );
  assert.deepEqual(names(envOf({ Alert: [cross] }).env, ev()), ['cross']);
  const { env, logs } = envOf({ Alert: [cross] }, true);
  assert.deepEqual(names(env, ev()), []);
  assert.ok(logs.some((l) => l.includes('cross-namespace references have been blocked')));
});
