/**
 * Real-world kustomize trees as conformance cases: every kustomization directory of the
 * kubebuilder-generated operator layouts and of kube-prometheus (`shared/fixtures/repos/`) is
 * built by `kubectl kustomize` and by the engine; outputs must be byte-identical, or both must
 * fail. Cases in real-world-known-failing.txt (each with its reason) are run but do not fail.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  assertSameOutcome,
  engineKustomize,
  kubectlKustomize,
  kustomizationDirs,
  readKnownFailing,
  sameOutcome,
  withoutKubectl,
} from '../../support/kustomize-compare.ts';
import { sharedPath, withoutShared } from '../../support/shared.ts';

const repos = ['kubebuilder-testdata', 'kube-prometheus'];
const known = readKnownFailing(join(import.meta.dirname, 'real-world-known-failing.txt'));
const skip = withoutShared || withoutKubectl;
let identical = 0;
let total = 0;

if (skip) test('real-world kustomize trees build as kubectl builds them', { skip }, () => {});
else {
  const cases = repos.flatMap((repo) => {
    const root = sharedPath('fixtures', 'repos', repo);
    return kustomizationDirs(root).map((dir) => ({ name: `${repo}/${dir}`, root, dir }));
  });

  test('every known-failing entry names a case and says why', () => {
    for (const [name, reason] of known) {
      assert.ok(
        cases.some((c) => c.name === name),
        `real-world-known-failing.txt: ${name} is no case`,
      );
      assert.ok(reason !== '', `real-world-known-failing.txt: ${name} has no reason`);
    }
  });

  for (const c of cases) {
    test(c.name, () => {
      total++;
      const expected = kubectlKustomize(join(c.root, c.dir));
      const actual = engineKustomize(c.root, c.dir);
      if (sameOutcome(expected, actual)) {
        identical++;
        assert.ok(
          !known.has(c.name),
          `${c.name} now agrees with kubectl: remove it from the known-failing list`,
        );
        return;
      }
      if (known.has(c.name)) return;
      assertSameOutcome(expected, actual);
    });
  }

  after(() =>
    console.log(`test/conformance/krusty real-world trees: ${total} cases, ${identical} agree with kubectl`),
  );
}
