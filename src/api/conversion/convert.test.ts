import assert from 'node:assert/strict';
import { test } from 'node:test';
import Value from 'typebox/value';
import { parseAllDocuments } from 'yaml';
import { HelmRelease } from '../helm/v2/index.ts';
import { Kustomization } from '../kustomize/v1/index.ts';
import { Alert } from '../notification/v1beta3/index.ts';
import { convert, convertObject } from './convert.ts';
import { PreservedFieldsAnnotation } from './preserve.ts';
import type { KubeJson } from './types.ts';

// The three manifests from the product brief, verbatim.
const [kustomization, helmRelease, alert] = parseAllDocuments(`
apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
kind: Kustomization
metadata: {name: game-app}
spec: {interval: 5m0s, sourceRef: {kind: GitRepository, name: game-repo}, path: "./overlays/production", prune: true, validation: client}
---
apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata: {name: game-chart}
spec:
  chart: {spec: {chart: ./charts/game, sourceRef: {kind: GitRepository, name: game-repo}, version: ">=1.2.0"}}
  interval: 10m
  values: {replicaCount: 3}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta1
kind: Alert
metadata: {name: slack-alert}
spec: {eventSources: [{kind: GitRepository, name: game-repo}], eventSeverity: info, receiverRefs: [{name: team-slack}]}
`).map((d) => d.toJS() as KubeJson);

function review(desiredAPIVersion: string, ...objects: KubeJson[]) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'ConversionReview' as const,
    request: { uid: 'u-1', desiredAPIVersion, objects },
  };
}

test('Kustomization v1beta2 -> v1 keeps the meaning and sets validation aside', () => {
  const out = convertObject(kustomization, 'kustomize.toolkit.fluxcd.io/v1');
  assert.equal(out.apiVersion, 'kustomize.toolkit.fluxcd.io/v1');
  assert.deepEqual(out.spec, {
    interval: '5m0s',
    sourceRef: { kind: 'GitRepository', name: 'game-repo' },
    path: './overlays/production',
    prune: true,
  });
  assert.deepEqual(JSON.parse(out.metadata!.annotations![PreservedFieldsAnnotation]), {
    version: 'v1beta2',
    data: { validation: 'client' },
  });
  assert.ok(Value.Check(Kustomization, out), 'converted object must be a valid v1 Kustomization');
  // and back: the old version reads exactly as it was written
  assert.deepEqual(convertObject(out, 'kustomize.toolkit.fluxcd.io/v1beta2'), kustomization);
});

test('Kustomization v1beta2 patch lists become patches', () => {
  const input: KubeJson = structuredClone(kustomization);
  input.spec!.patchesStrategicMerge = [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } },
  ];
  input.spec!.patchesJson6902 = [
    {
      target: { kind: 'Service', name: 'web' },
      patch: [{ op: 'replace', path: '/spec/type', value: 'NodePort' }],
    },
  ];
  const out = convertObject(input, 'kustomize.toolkit.fluxcd.io/v1');
  assert.equal(out.spec!.patchesStrategicMerge, undefined);
  assert.equal(out.spec!.patchesJson6902, undefined);
  assert.deepEqual(
    out.spec!.patches.map((p: { patch: string; target?: unknown }) => ({
      ...p,
      patch: parseAllDocuments(p.patch)[0].toJS(),
    })),
    [
      {
        patch: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: { replicas: 2 },
        },
      },
      {
        target: { kind: 'Service', name: 'web' },
        patch: [{ op: 'replace', path: '/spec/type', value: 'NodePort' }],
      },
    ],
  );
  assert.ok(Value.Check(Kustomization, out));
  // read back as v1beta2, the object is as written
  assert.deepEqual(convertObject(out, 'kustomize.toolkit.fluxcd.io/v1beta2'), input);
  // but when the patches were changed in v1, v1 wins and the old lists are not resurrected
  out.spec!.patches = [{ patch: 'kind: ConfigMap' }];
  const back = convertObject(out, 'kustomize.toolkit.fluxcd.io/v1beta2');
  assert.deepEqual(back.spec!.patches, [{ patch: 'kind: ConfigMap' }]);
  assert.equal(back.spec!.patchesStrategicMerge, undefined);
  assert.equal(back.spec!.validation, 'client');
});

test('HelmRelease v2beta1 -> v2 keeps chart, interval and values; valuesFile joins valuesFiles first', () => {
  const out = convertObject(helmRelease, 'helm.toolkit.fluxcd.io/v2');
  assert.equal(out.apiVersion, 'helm.toolkit.fluxcd.io/v2');
  assert.deepEqual(out.spec, helmRelease.spec);
  assert.ok(Value.Check(HelmRelease, out), 'converted object must be a valid v2 HelmRelease');

  const withFile: KubeJson = structuredClone(helmRelease);
  withFile.spec!.chart.spec.valuesFile = 'values-prod.yaml';
  withFile.spec!.chart.spec.valuesFiles = ['values-extra.yaml'];
  withFile.spec!.postRenderers = [
    { kustomize: { patchesStrategicMerge: [{ kind: 'Deployment', metadata: { name: 'x' } }] } },
  ];
  const converted = convertObject(withFile, 'helm.toolkit.fluxcd.io/v2');
  assert.deepEqual(converted.spec!.chart.spec.valuesFiles, ['values-prod.yaml', 'values-extra.yaml']);
  assert.equal(converted.spec!.chart.spec.valuesFile, undefined);
  assert.equal(converted.spec!.postRenderers[0].kustomize.patches.length, 1);
  assert.ok(Value.Check(HelmRelease, converted));
  assert.deepEqual(convertObject(converted, 'helm.toolkit.fluxcd.io/v2beta1'), withFile);
});

test('HelmRelease v2beta2 and v2 convert both ways through the hub', () => {
  const v2beta2 = convertObject(helmRelease, 'helm.toolkit.fluxcd.io/v2beta2');
  assert.equal(v2beta2.apiVersion, 'helm.toolkit.fluxcd.io/v2beta2');
  assert.deepEqual(v2beta2.spec, helmRelease.spec);
  const back = convertObject(
    convertObject(helmRelease, 'helm.toolkit.fluxcd.io/v2'),
    'helm.toolkit.fluxcd.io/v2beta1',
  );
  assert.deepEqual(back, helmRelease);
});

test('Alert v1beta1 with one receiverRef -> v1beta3 providerRef', () => {
  const response = convert(review('notification.toolkit.fluxcd.io/v1beta3', alert)).response!;
  assert.equal(response.uid, 'u-1');
  assert.deepEqual(response.result, { status: 'Success' });
  const [out] = response.convertedObjects!;
  assert.deepEqual(out.spec, {
    eventSources: [{ kind: 'GitRepository', name: 'game-repo' }],
    eventSeverity: 'info',
    providerRef: { name: 'team-slack' },
  });
  assert.ok(Value.Check(Alert, out), 'converted object must be a valid v1beta3 Alert');
  assert.deepEqual(convertObject(out, 'notification.toolkit.fluxcd.io/v1beta1'), alert);
  // read as v1beta2 (which never had receiverRefs), the Alert names its Provider directly
  const v1beta2 = convertObject(out, 'notification.toolkit.fluxcd.io/v1beta2');
  assert.deepEqual(v1beta2.spec!.providerRef, { name: 'team-slack' });
  assert.equal(v1beta2.spec!.receiverRefs, undefined);
  assert.equal(v1beta2.metadata!.annotations, undefined);
  // once the Provider is changed in v1beta3, the old list form is not restored
  out.spec!.providerRef = { name: 'team-mail' };
  const changed = convertObject(out, 'notification.toolkit.fluxcd.io/v1beta1');
  assert.deepEqual(changed.spec!.providerRef, { name: 'team-mail' });
  assert.equal(changed.spec!.receiverRefs, undefined);
});

test('Alert v1beta1 with several receiverRefs is refused: an Alert routes to one Provider', () => {
  const several: KubeJson = structuredClone(alert);
  several.spec!.receiverRefs = [{ name: 'team-slack' }, { name: 'team-mail' }];
  const response = convert(review('notification.toolkit.fluxcd.io/v1beta3', several)).response!;
  assert.equal(response.result.status, 'Failure');
  assert.match(response.result.message!, /an Alert routes to one Provider/);
  assert.match(response.result.message!, /team-slack, team-mail/);
  assert.equal(response.convertedObjects, undefined);
});

test('source v1beta2 -> v1 keeps accessFrom aside and folds HelmChart valuesFile', () => {
  const chart: KubeJson = {
    apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
    kind: 'HelmChart',
    metadata: { name: 'c', namespace: 'ns' },
    spec: {
      chart: 'podinfo',
      interval: '1m',
      sourceRef: { kind: 'HelmRepository', name: 'r' },
      valuesFile: 'a.yaml',
      accessFrom: { namespaceSelectors: [{ matchLabels: { team: 'a' } }] },
    },
    status: { url: 'http://x/y.tgz', observedGeneration: 1 },
  };
  const out = convertObject(chart, 'source.toolkit.fluxcd.io/v1');
  assert.deepEqual(out.spec!.valuesFiles, ['a.yaml']);
  assert.equal(out.spec!.accessFrom, undefined);
  assert.deepEqual(out.status, { observedGeneration: 1 });
  const back = convertObject(out, 'source.toolkit.fluxcd.io/v1beta2');
  assert.deepEqual(back.spec!.accessFrom, chart.spec!.accessFrom);
  assert.equal(back.metadata!.annotations, undefined);
});

test('every legacy version of every kind converts to storage and back', () => {
  const pairs: Array<[string, string, string]> = [
    ['source.toolkit.fluxcd.io', 'GitRepository', 'v1beta2'],
    ['source.toolkit.fluxcd.io', 'OCIRepository', 'v1beta2'],
    ['source.toolkit.fluxcd.io', 'HelmRepository', 'v1beta2'],
    ['source.toolkit.fluxcd.io', 'Bucket', 'v1beta2'],
    ['image.toolkit.fluxcd.io', 'ImageRepository', 'v1beta2'],
    ['image.toolkit.fluxcd.io', 'ImagePolicy', 'v1beta2'],
    ['image.toolkit.fluxcd.io', 'ImageUpdateAutomation', 'v1beta2'],
    ['notification.toolkit.fluxcd.io', 'Alert', 'v1beta2'],
    ['notification.toolkit.fluxcd.io', 'Provider', 'v1beta1'],
    ['notification.toolkit.fluxcd.io', 'Provider', 'v1beta2'],
    ['notification.toolkit.fluxcd.io', 'Receiver', 'v1beta1'],
    ['notification.toolkit.fluxcd.io', 'Receiver', 'v1beta2'],
  ];
  for (const [group, kind, version] of pairs) {
    const object: KubeJson = {
      apiVersion: `${group}/${version}`,
      kind,
      metadata: { name: 'x' },
      spec: { interval: '1m' },
    };
    const response = convert(review(`${group}/v1`, object)).response!;
    const stored = convertObject(
      object,
      group === 'notification.toolkit.fluxcd.io' && kind !== 'Receiver' ? `${group}/v1beta3` : `${group}/v1`,
    );
    assert.deepEqual(convertObject(stored, object.apiVersion), object, `${kind} ${version}`);
    if (kind !== 'Alert' && kind !== 'Provider')
      assert.equal(response.result.status, 'Success', `${kind} ${version}`);
  }
});

test('unknown versions and kinds are refused', () => {
  const bad = { ...kustomization, apiVersion: 'kustomize.toolkit.fluxcd.io/v1alpha9' };
  assert.equal(convert(review('kustomize.toolkit.fluxcd.io/v1', bad)).response!.result.status, 'Failure');
  assert.equal(
    convert({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview' }).response!.result.status,
    'Failure',
  );
});
