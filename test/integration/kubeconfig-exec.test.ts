// Kubeconfigs whose user is an exec credential plugin (as on EKS, GKE and AKS): the client runs the
// plugin and sends the token it prints. The token here is a real service-account token of the test
// control plane, so the API server itself says who the request came from.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KubeClient, loadKubeconfig } from '../../src/runtime/kube/index.ts';
import { testClient, testNamespace } from '../support/cluster.ts';

test('an exec credential plugin supplies the bearer token', async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'exec');
  await kube.create(
    { version: 'v1', resource: 'serviceaccounts', namespace: ns },
    { metadata: { name: 'robot' } },
  );
  const tr = await kube.create<{ status: { token: string } }>(
    { version: 'v1', resource: 'serviceaccounts', namespace: ns, name: 'robot', subresource: 'token' },
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } },
  );
  const dir = mkdtempSync(join(tmpdir(), 'exec-plugin-'));
  const plugin = join(dir, 'plugin.sh');
  // the plugin proves it ran with kubectl's contract: KUBERNETES_EXEC_INFO set, its env passed
  writeFileSync(
    plugin,
    `#!/bin/sh\ncase "$KUBERNETES_EXEC_INFO" in *ExecCredential*) ;; *) echo "no exec info" >&2; exit 1;; esac\n[ "$PLUGIN_MODE" = ok ] || { echo "bad env" >&2; exit 1; }\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$TOKEN_VALUE"\n`,
  );
  chmodSync(plugin, 0o755);
  const base = kube.access;
  const kubeconfig = join(dir, 'kubeconfig');
  const write = (mode: string) =>
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'c',
        clusters: [
          {
            name: 'c',
            cluster: {
              server: base.server,
              'certificate-authority-data': Buffer.from(base.ca ?? '').toString('base64'),
            },
          },
        ],
        users: [
          {
            name: 'u',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: './plugin.sh',
                env: [
                  { name: 'PLUGIN_MODE', value: mode },
                  { name: 'TOKEN_VALUE', value: tr.status.token },
                ],
              },
            },
          },
        ],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
      }),
    );
  write('ok');
  const client = new KubeClient(loadKubeconfig(kubeconfig));
  t.after(() => client.close());
  const review = await client.create<{ status: { userInfo: { username: string } } }>(
    { group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews' },
    { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  );
  assert.equal(review.status.userInfo.username, `system:serviceaccount:${ns}:robot`);

  write('broken');
  const failing = new KubeClient(loadKubeconfig(kubeconfig));
  t.after(() => failing.close());
  await assert.rejects(
    failing.request({ path: '/version' }),
    /exec credential plugin '.\/plugin.sh' failed: bad env/,
  );
});
