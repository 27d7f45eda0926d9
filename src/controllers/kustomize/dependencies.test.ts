import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WaitingError } from '../../runtime/reconcile/index.ts';
import { checkDependencies } from './dependencies.ts';
import type { KustomizationObject, KustomizeEnv } from './env.ts';

const ks = (name: string, extra: Record<string, unknown> = {}, status?: Record<string, unknown>) =>
  ({
    metadata: { name, namespace: 'flux', generation: 2 },
    spec: { interval: '1m', prune: true, sourceRef: { kind: 'GitRepository', name: 'repo' }, ...extra },
    status,
  }) as unknown as KustomizationObject;

const readyStatus = (revision: string, generation = 2) => ({
  observedGeneration: generation,
  lastAppliedRevision: revision,
  conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: '' }],
});

function envWith(objects: KustomizationObject[]): KustomizeEnv {
  return {
    requeueDependencyMs: 5000,
    noCrossNamespaceRefs: false,
    informerOf: () => ({
      get: (ns: string, name: string) =>
        objects.find((o) => o.metadata?.namespace === ns && o.metadata?.name === name),
    }),
  } as unknown as KustomizeEnv;
}

const artifact = { url: 'http://x', revision: 'main@sha1:2' };
const message = (f: () => void) => {
  try {
    f();
  } catch (e: unknown) {
    assert.ok(e instanceof WaitingError);
    assert.equal(e.reason, 'DependencyNotReady');
    assert.equal(e.requeueAfterMs, 5000);
    return e.message;
  }
  return 'ready';
};

test('dependsOn: missing, not ready, stale generation, stale revision of the same source, ready', () => {
  const app = ks('app', { dependsOn: [{ name: 'infra' }] });
  assert.match(
    message(() => checkDependencies(envWith([]), app, artifact)),
    /^unable to get 'flux\/infra' dependency/,
  );
  const notReady = ks(
    'infra',
    {},
    { observedGeneration: 2, conditions: [{ type: 'Ready', status: 'False' }] },
  );
  assert.equal(
    message(() => checkDependencies(envWith([notReady]), app, artifact)),
    "dependency 'flux/infra' is not ready",
  );
  const staleGeneration = ks('infra', {}, readyStatus('main@sha1:2', 1));
  assert.equal(
    message(() => checkDependencies(envWith([staleGeneration]), app, artifact)),
    "dependency 'flux/infra' is not ready",
  );
  const staleRevision = ks('infra', {}, readyStatus('main@sha1:1'));
  assert.equal(
    message(() => checkDependencies(envWith([staleRevision]), app, artifact)),
    "dependency 'flux/infra' revision is not up to date",
  );
  // another source's revision is not compared
  const otherSource = ks('infra', { sourceRef: { kind: 'GitRepository', name: 'other' } }, readyStatus('x'));
  assert.equal(
    message(() => checkDependencies(envWith([otherSource]), app, artifact)),
    'ready',
  );
  assert.equal(
    message(() => checkDependencies(envWith([ks('infra', {}, readyStatus('main@sha1:2'))]), app, artifact)),
    'ready',
  );
});
