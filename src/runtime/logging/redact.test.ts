import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor } from './redact.ts';

test('key=value pairs of credentials are masked, in plain, query and JSON forms', () => {
  const r = new Redactor();
  assert.equal(r.redact('password=hunter2 user=me'), 'password=*** user=me');
  assert.equal(r.redact('url?token=abc123&x=1'), 'url?token=***&x=1');
  assert.equal(r.redact('{"secret": "xyz"}'), '{"secret": "***"}');
  assert.equal(r.redact('api_key: k-1'), 'api_key: ***');
});

test('a name that ends like a key is not a pair: its message stays readable', () => {
  const r = new Redactor();
  const message = "decryption failed for '~G_v1_Secret/app-secret': failed to decrypt";
  assert.equal(r.redact(message), message);
  assert.equal(r.redact('my.token: visible'), 'my.token: visible');
});

test('registered values, URL credentials and private keys are masked', () => {
  const r = new Redactor();
  r.addSecret('s3cr3t-value');
  r.addSecret('abc'); // too short to be told from ordinary text
  assert.equal(r.redact('got s3cr3t-value and abc'), 'got *** and abc');
  assert.equal(r.redact('https://u:p@host/x'), 'https://***:***@host/x');
  assert.equal(
    r.redact('-----BEGIN PGP PRIVATE KEY BLOCK-----\nxx\n-----END PGP PRIVATE KEY BLOCK-----'),
    '***',
  );
  assert.equal(r.redact('-----BEGIN RSA PRIVATE KEY-----\nxx\n-----END RSA PRIVATE KEY-----'), '***');
});
