// `tsflux build/diff helmrelease` render what the helm controller applies: a HelmRelease with a
// post-renderer patch, commonMetadata and a chart CRD (upgrade.crds CreateReplace) is installed by
// the controller; `build` prints the patched, labelled objects and the CRD; `diff` finds nothing
// to change against the installed release (it would, were the post-render or the CRD left out),
// then a drifted ConfigMap and a drifted CRD after edits made as `kubectl edit` makes them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.ts';
import { testWorkloadClient, testWorkloadKubeconfig } from '../support/cluster.ts';
import { chartRelease, hrRef, waitReady, withChartRepository } from '../support/helm-release-harness.ts';

const cli = (...args: string[]) => runCli(testWorkloadKubeconfig(), ...args);

// a chart with a CRD (group `group`) and a ConfigMap, in a directory removed when the test ends
function gadgetsChart(t: { after: (fn: () => void) => void }, group: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gadgets-chart-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'templates'));
  mkdirSync(join(dir, 'crds'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: gadgets\nversion: 1.0.0\n');
  writeFileSync(
    join(dir, 'crds/gadget.yaml'),
    `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.${group}
  labels: {tier: crds}
spec:
  group: ${group}
  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`,
  );
  writeFileSync(
    join(dir, 'templates/settings.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: base\n',
  );
  return dir;
}

test('build and diff helmrelease apply post-renderers, commonMetadata and the CRD policy', {
  timeout: 300_000,
}, async (t) => {
  const kube = testWorkloadClient(t);
  const ns0 = `pr${Date.now().toString(36)}`;
  const group = `${ns0}.tsflux.test`;
  const crdRef = {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    name: `gadgets.${group}`,
  };
  t.after(() => kube.delete(crdRef).catch(() => undefined));
  const chart = gadgetsChart(t, group);
  const { ns } = await withChartRepository(t, 'cli-hr-postrender', { charts: [chart], kube });
  const settingsRef = { version: 'v1', resource: 'configmaps', namespace: ns, name: 'settings' };
  await kube.create(
    hrRef(ns),
    chartRelease(
      ns,
      'gadgets',
      { chart: 'gadgets', version: '1.0.0' },
      {
        upgrade: { crds: 'CreateReplace' },
        commonMetadata: { labels: { team: 'platform' } },
        postRenderers: [
          {
            kustomize: {
              patches: [
                {
                  target: { kind: 'ConfigMap', name: 'settings' },
                  patch: '[{"op": "add", "path": "/data/patched", "value": "by-post-renderer"}]',
                },
              ],
            },
          },
        ],
      },
    ),
  );
  await waitReady(kube, ns, 'gadgets', 'True', 'InstallSucceeded');
  const installed = await kube.get<{ data?: Record<string, string>; metadata: any }>(settingsRef);
  assert.equal(installed.data?.patched, 'by-post-renderer');
  assert.equal(installed.metadata.labels?.team, 'platform');

  // build: the CRD (install.crds defaults to Create), the patched and labelled ConfigMap
  let out = await cli('build', 'hr', 'gadgets', '-n', ns, '--chart', chart);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /# Source: gadgets\/crds\/gadget\.yaml\n/);
  assert.match(out.stdout, /# Source: gadgets\/templates\/settings\.yaml\n/);
  assert.match(out.stdout, /\n {2}patched: by-post-renderer\n/);
  assert.match(out.stdout, /\n {4}team: platform\n/);

  // diff: nothing to change against what the controller installed
  out = await cli('diff', 'hr', 'gadgets', '-n', ns, '--chart', chart);
  assert.equal(out.status, 0, `${out.stdout}${out.stderr}`);
  assert.equal(out.stdout, '');

  // edits by hand: the post-rendered value and the CRD's label drift
  await kube.mergePatch(settingsRef, { data: { patched: 'edited' } }, { fieldManager: 'kubectl-edit' });
  await kube.mergePatch(
    crdRef,
    { metadata: { labels: { tier: 'edited' } } },
    { fieldManager: 'kubectl-edit' },
  );
  out = await cli('diff', 'hr', 'gadgets', '-n', ns, '--chart', chart);
  assert.equal(out.status, 1, `${out.stdout}${out.stderr}`);
  assert.match(out.stdout, new RegExp(`► ConfigMap/${ns}/settings drifted\\n`));
  assert.match(out.stdout, /\n- {2}patched: edited\n\+ {2}patched: by-post-renderer\n/);
  assert.match(
    out.stdout,
    new RegExp(`► CustomResourceDefinition/gadgets\\.${ns0}\\.tsflux\\.test drifted\\n`),
  );
});
