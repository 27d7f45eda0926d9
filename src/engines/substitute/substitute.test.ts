// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are envsubst templates
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  kustomizeGvk,
  mergeVariables,
  substituteObject,
  substituteObjects,
  varsFromConfigMapData,
  varsFromSecretData,
} from './index.ts';

const cm = (data: Record<string, string>, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', ...meta },
  data,
});

test('objects labelled or annotated substitute: disabled are left alone', () => {
  for (const meta of [
    { labels: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } },
    { annotations: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } },
  ]) {
    const obj = cm({ a: '${A}' }, meta);
    assert.equal(substituteObject(obj, { A: 'x' }, { strict: true }), obj);
  }
  assert.deepEqual(
    substituteObject(cm({ a: '${A}' }, { labels: { 'kustomize.toolkit.fluxcd.io/substitute': 'enabled' } }), {
      A: 'x',
    }).data,
    { a: 'x' },
  );
});

test('no variables: untouched unless the strategy is Always', () => {
  const obj = cm({ a: '${A:=dflt}', b: '${UNDEFINED}' });
  assert.equal(substituteObject(obj, {}, { strict: true }), obj);
  assert.deepEqual(substituteObject(cm({ a: '${A:=dflt}' }), {}, { always: true }).data, { a: 'dflt' });
});

test('invalid variable names are rejected with the pattern', () => {
  assert.throws(() => substituteObject(cm({}), { 'my-var': 'x' }), {
    message:
      "envsubst error: 'my-var' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'",
  });
  assert.throws(() => substituteObject(cm({}), { '1abc': 'x' }), /var name is invalid/);
});

test('errors name the object and never include values', () => {
  assert.throws(
    () =>
      substituteObjects(
        [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'web' },
            spec: { x: '${SECRET} ${NOPE}' },
          },
        ],
        { SECRET: 's3cr3t' },
        { strict: true },
      ),
    (e: Error) =>
      e.message ===
        `post build failed for 'apps_v1_Deployment/web': envsubst error: variable substitution failed: variable not set (strict mode): "NOPE"` &&
      !e.message.includes('s3cr3t'),
  );
  assert.equal(kustomizeGvk({ apiVersion: 'v1', kind: 'Secret' }), '~G_v1_Secret');
});

test('variable sources: newlines dropped, secrets decoded, inline wins', () => {
  assert.deepEqual(varsFromConfigMapData({ a: 'x\ny\n' }), { a: 'xy' });
  assert.deepEqual(varsFromSecretData({ p: Buffer.from('pa\nss\n').toString('base64') }), { p: 'pass' });
  assert.deepEqual(mergeVariables([{ a: '1', b: '1' }, { b: '2' }], { a: 'in\nline' }), {
    a: 'inline',
    b: '2',
  });
});
