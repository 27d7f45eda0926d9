// The drop-in contract: every CRD Flux 2.9 ships must be matched by tsflux's, path by path.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { generateCRD, kinds } from '../../src/api/index.ts';
import { sharedPath, withoutShared } from '../support/shared.ts';
import { type Comparison, compareCRD } from './crd-compare.ts';

const referenceDir = sharedPath('reference/flux-crds');

function ourCRDs() {
  return new Map(
    kinds.map((k) => [`${k.plural}.${k.group}`, generateCRD(k.versions) as Record<string, any>]),
  );
}

function loadReferences() {
  return readdirSync(referenceDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parse(readFileSync(join(referenceDir, f), 'utf8')));
}

test('tsflux CRDs are a superset of every Flux 2.9 CRD', { skip: withoutShared }, () => {
  const references = loadReferences();
  assert.equal(references.length, 14, 'expected the 14 reference CRDs');
  const ours = ourCRDs();
  const total: Comparison = { problems: [], pathsChecked: 0 };
  for (const reference of references) {
    const { problems, pathsChecked } = compareCRD(reference, ours.get(reference.metadata.name));
    total.problems.push(...problems);
    total.pathsChecked += pathsChecked;
  }
  console.log(`crd-superset: ${total.pathsChecked} schema paths checked across ${references.length} CRDs`);
  assert.deepEqual(total.problems, []);
  assert.ok(total.pathsChecked >= 900, `only ${total.pathsChecked} paths checked`);
});

test('the check catches a removed field, a changed default and a lost short name', {
  skip: withoutShared,
}, () => {
  const reference = loadReferences().find((r) => r.spec.names.kind === 'Kustomization');
  const ours = structuredClone(ourCRDs().get('kustomizations.kustomize.toolkit.fluxcd.io'))!;
  const v1 = ours.spec.versions.find((v: any) => v.name === 'v1');
  delete v1.schema.openAPIV3Schema.properties.spec.properties.prune;
  v1.schema.openAPIV3Schema.properties.spec.properties.deletionPolicy.default = 'Delete';
  ours.spec.names.shortNames = [];
  const { problems } = compareCRD(reference, ours);
  assert.ok(
    problems.some((p) => p.includes('.spec.prune missing')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.includes('.spec.deletionPolicy default')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.includes('names.shortNames')),
    problems.join('\n'),
  );
});

test('the check catches a field that became optional and a dropped printer column', {
  skip: withoutShared,
}, () => {
  const reference = loadReferences().find((r) => r.spec.names.kind === 'GitRepository');
  const ours = structuredClone(ourCRDs().get('gitrepositories.source.toolkit.fluxcd.io'))!;
  const v1 = ours.spec.versions.find((v: any) => v.name === 'v1');
  v1.schema.openAPIV3Schema.properties.spec.required = ['interval'];
  v1.additionalPrinterColumns.pop();
  const { problems } = compareCRD(reference, ours);
  assert.ok(
    problems.some((p) => p.includes('.spec required')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.includes('printer columns')),
    problems.join('\n'),
  );
});
