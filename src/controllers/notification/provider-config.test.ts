import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FluxEvent } from '../../runtime/events/index.ts';
import type { AlertObject, ProviderObject } from './dispatch.ts';
import { commitStatusOf, defaultCommitStatus } from './provider-config.ts';

const event = {
  involvedObject: { kind: 'Kustomization', name: 'Apps', namespace: 'flux-system' },
  severity: 'info',
  message: 'applied',
  reason: 'ReconciliationSucceeded',
  reportingController: 'kustomize-controller',
  timestamp: '2026-01-01T00:00:00Z',
  metadata: { env: 'prod' },
} as FluxEvent;

const provider = (commitStatusExpr?: string) =>
  ({
    metadata: { name: 'github', namespace: 'flux-system', uid: '7c1d9e0a-1111-2222-3333-444455556666' },
    spec: { type: 'github', commitStatusExpr },
  }) as ProviderObject;
const alert = { metadata: { name: 'on-apps', namespace: 'flux-system' }, spec: {} } as AlertObject;

test("the default commit status key is Flux's: kind/name/first UID group, in lower case", () => {
  assert.equal(defaultCommitStatus('7c1d9e0a-1111-2222', event), 'kustomization/apps/7c1d9e0a');
  assert.equal(commitStatusOf(provider(), alert, event), 'kustomization/apps/7c1d9e0a');
});

test('commitStatusExpr is CEL over the event, the alert and the provider, and must give a string', () => {
  assert.equal(
    commitStatusOf(
      provider(
        "event.involvedObject.kind + '/' + event.metadata.env + '/' + alert.metadata.name + '/' + provider.spec.type",
      ),
      alert,
      event,
    ),
    'Kustomization/prod/on-apps/github',
  );
  assert.throws(
    () => commitStatusOf(provider('size(event.message)'), alert, event),
    /did not evaluate to a string, got/,
  );
  assert.throws(
    () => commitStatusOf(provider('event.('), alert, event),
    /failed to evaluate commitStatusExpr/,
  );
});
