// Helm's `lookup` in the helm controller, answered from the release's cluster: a chart copies a
// value of a Secret made before the install into a ConfigMap, lists Secrets, and looks up a kind
// the cluster does not serve (an empty map); an upgrade after the Secret changes copies the new
// value.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { eventually, testWorkloadClient } from '../support/cluster.ts';
import {
  chartRelease,
  hrRef,
  type Obj,
  waitReady,
  withChartRepository,
} from '../support/helm-release-harness.ts';
import { createSecret } from '../support/source-controller.ts';

const TEMPLATE = `{{- $secret := lookup "v1" "Secret" .Release.Namespace "db-credentials" }}
{{- $all := lookup "v1" "Secret" .Release.Namespace "" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: copied
data:
  password: {{ dig "data" "password" "" $secret | b64dec | quote }}
  {{- range (dig "items" (list) $all) }}
  {{- if eq .metadata.name "db-credentials" }}
  listed: "yes"
  {{- end }}
  {{- end }}
  missingKind: {{ len (lookup "example.invalid/v1" "Nothing" "" "x") | quote }}
`;

// a chart directory holding TEMPLATE, removed when the test ends
function lookupChart(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'lookup-chart-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: lookup-demo\nversion: 1.0.0\n');
  writeFileSync(join(dir, 'templates/configmap.yaml'), TEMPLATE);
  return dir;
}

test('lookup answers from the cluster at install, and an upgrade sees the changed Secret', async (t) => {
  const { kube, ns } = await withChartRepository(t, 'helm-lookup', {
    charts: [lookupChart(t)],
    kube: testWorkloadClient(t),
  });
  const secretRef = { version: 'v1', resource: 'secrets', namespace: ns, name: 'db-credentials' };
  const copiedRef = { version: 'v1', resource: 'configmaps', namespace: ns, name: 'copied' };
  await createSecret(kube, ns, 'db-credentials', { password: 'first-s3cret' });
  await kube.create(
    hrRef(ns),
    chartRelease(ns, 'copier', { chart: 'lookup-demo', version: '1.0.0' }, { values: { rev: 1 } }),
  );
  await waitReady(kube, ns, 'copier', 'True', 'InstallSucceeded');
  const copied = await kube.get<Obj>(copiedRef);
  assert.deepEqual(copied.data, { password: 'first-s3cret', listed: 'yes', missingKind: '0' });

  await kube.mergePatch(secretRef, { stringData: { password: 'second-s3cret' } });
  // an upgrade (values changed) renders again, and its lookup reads the Secret as it is now
  await kube.mergePatch(hrRef(ns, 'copier'), { spec: { values: { rev: 2 } } });
  await waitReady(kube, ns, 'copier', 'True', 'UpgradeSucceeded');
  await eventually(
    async () => assert.equal((await kube.get<Obj>(copiedRef)).data?.password, 'second-s3cret'),
    { what: 'the upgraded ConfigMap holds the new password' },
  );
});
