// config/crds is committed output: it must be exactly what scripts/gen-crds.ts writes today.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { crdFileName, generateAllCRDs } from '../../src/api/index.ts';

const crdDir = join(import.meta.dirname, '../../config/crds');

test('config/crds matches the schemas (run node scripts/gen-crds.ts after changing src/api)', () => {
  const generated = generateAllCRDs({
    conversion: { service: { namespace: 'flux-system', name: 'tsflux-webhook' } },
  });
  const files = readdirSync(crdDir).filter((f) => f.endsWith('.yaml'));
  assert.deepEqual(files.sort(), generated.map(crdFileName).sort());
  for (const crd of generated) {
    const onDisk = parse(readFileSync(join(crdDir, crdFileName(crd)), 'utf8'));
    assert.deepEqual(onDisk, JSON.parse(JSON.stringify(crd)), crdFileName(crd));
  }
});
