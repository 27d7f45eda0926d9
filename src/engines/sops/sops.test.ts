import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { decryptValue } from './cipher.ts';
import {
  detectSopsFormat,
  formatFromPath,
  isEncryptedSecret,
  isSopsEncrypted,
  keysFromSecretData,
  parseAgeIdentities,
} from './index.ts';
import { unflatten } from './metadata.ts';
import { formatFloatJson, formatFloatPlain } from './tree.ts';

test('formatFromPath follows sops and the kustomize-controller', () => {
  assert.equal(formatFromPath('a/secret.yaml'), 'yaml');
  assert.equal(formatFromPath('x.yml'), 'yaml');
  assert.equal(formatFromPath('x.json'), 'json');
  assert.equal(formatFromPath('.dockerconfigjson'), 'json');
  assert.equal(formatFromPath('app.env'), 'dotenv');
  assert.equal(formatFromPath('app.ini'), 'ini');
  assert.equal(formatFromPath('key.pem'), 'binary');
});

test('sops documents are recognised by their encrypted mac marker', () => {
  assert.equal(detectSopsFormat('a: b\nsops:\n    mac: ENC[AES256_GCM,data:x]'), 'yaml');
  assert.equal(detectSopsFormat('A=b\nsops_mac=ENC[AES256_GCM'), 'dotenv');
  assert.equal(detectSopsFormat('{"sops": {"mac": "ENC[AES'), 'json');
  assert.equal(detectSopsFormat('[sops]\nmac = ENC[x'), 'ini');
  assert.equal(detectSopsFormat('mac: plain'), undefined);
  assert.equal(isSopsEncrypted('{"mac": "ENC[x', 'binary'), true);
  assert.equal(isSopsEncrypted('mac: ENC[x', 'json'), false);
  assert.equal(isEncryptedSecret({ apiVersion: 'v1', kind: 'Secret', sops: {} }), true);
  assert.equal(isEncryptedSecret({ apiVersion: 'v1', kind: 'ConfigMap', sops: {} }), false);
});

test('age identities: comments and blank lines skipped, bad keys rejected without echoing them', () => {
  // the identity from the age specification's test vectors
  const key = 'AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX';
  const ids = parseAgeIdentities(`# created: today\n\n${key}\n`);
  assert.equal(ids.length, 1);
  const bad = `${key.slice(0, -1)}Y`;
  assert.throws(
    () => parseAgeIdentities(bad),
    (e: Error) => e.message === 'error at line 1: malformed secret key',
  );
  assert.throws(() => parseAgeIdentities('# only a comment\n'), /no secret keys found/);
  assert.throws(() => parseAgeIdentities('AGE-SECRET-KEY-PQ-1ABC'), /malformed secret key/);
});

test('keysFromSecretData names the failing entry only', async () => {
  await assert.rejects(
    keysFromSecretData({ 'x.agekey': 'AGE-SECRET-KEY-1NOTAKEY' }),
    (e: Error) =>
      e.message.startsWith("failed to import 'x.agekey' data: ") && !e.message.includes('NOTAKEY'),
  );
  const keys = await keysFromSecretData({ 'README.md': 'ignored' });
  assert.equal(keys.age.length + keys.pgp.keys.length, 0);
});

test('values decrypt with the path as additional data and keep their type', () => {
  const key = randomBytes(32);
  const enc = (plain: string, aad: string, type: string) => {
    const iv = randomBytes(32);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(aad));
    const data = Buffer.concat([c.update(plain), c.final()]);
    return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${c.getAuthTag().toString('base64')},type:${type}]`;
  };
  assert.equal(decryptValue(enc('hello', 'a:b:', 'str'), key, 'a:b:'), 'hello');
  assert.equal(decryptValue(enc('42', 'n:', 'int'), key, 'n:'), 42n);
  assert.equal(decryptValue(enc('True', 'b:', 'bool'), key, 'b:'), true);
  assert.equal(decryptValue(enc('0.5', 'f:', 'float'), key, 'f:'), 0.5);
  assert.deepEqual(decryptValue(enc(' note', 'c:', 'comment'), key, 'c:'), { comment: ' note' });
  assert.throws(
    () => decryptValue(enc('hello', 'a:b:', 'str'), key, 'a:c:'),
    (e: Error) => !e.message.includes('hello'),
  );
});

test('flattened dotenv metadata unflattens to nested lists and maps', () => {
  assert.deepEqual(
    unflatten([
      ['age__list_0__map_recipient', 'r'],
      ['age__list_0__map_enc', 'e'],
      ['mac', 'm'],
    ]),
    {
      age: [{ recipient: 'r', enc: 'e' }],
      mac: 'm',
    },
  );
});

test('floats are printed as Go prints them', () => {
  assert.equal(formatFloatPlain(1e21), '1000000000000000000000');
  assert.equal(formatFloatPlain(1.5e-7), '0.00000015');
  assert.equal(formatFloatJson(1e21), '1e+21');
  assert.equal(formatFloatJson(0.25), '0.25');
});

test('decryptionTargets lists generator files, env files and local patches like the kustomize-controller', async () => {
  const { decryptionTargets } = await import('./index.ts');
  assert.deepEqual(
    decryptionTargets({
      secretGenerator: [
        {
          files: ['tls.crt=certs/tls.pem', 'config.yaml', 'creds=secret.json'],
          envs: ['app.env', 'vars.txt', 'more.yaml'],
        },
      ],
      patches: [{ path: 'patch.yaml' }, { path: 'https://example.invalid/p.yaml' }, {}],
    }),
    [
      { path: 'certs/tls.pem', format: 'binary' },
      { path: 'config.yaml', format: 'yaml' },
      { path: 'secret.json', format: 'binary' },
      { path: 'app.env', format: 'dotenv' },
      { path: 'vars.txt', format: 'dotenv' },
      { path: 'more.yaml', format: 'yaml' },
      { path: 'patch.yaml', format: 'yaml' },
    ],
  );
});
