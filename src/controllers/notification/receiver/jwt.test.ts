import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { type Jwks, verifyJwt } from './jwt.ts';
import { SignatureError } from './signature-error.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks: Jwks = {
  keys: [
    { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'r1' },
    { ...ec.publicKey.export({ format: 'jwk' }), kid: 'e1' },
  ],
};
const now = 1_800_000_000;
const claims = { iss: 'https://issuer.example', aud: 'notification-controller', exp: now + 600, sub: 'x' };
const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function token(header: Record<string, unknown>, payload: Record<string, unknown>, key = rsa.privateKey) {
  const signed = `${part(header)}.${part(payload)}`;
  const ecdsa = header.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  return `${signed}.${sign('sha256', Buffer.from(signed), ecdsa).toString('base64url')}`;
}
const expect = { issuers: ['https://issuer.example'], audience: 'notification-controller', now };

test('a token signed by a key of the set, from the issuer, for the audience, in its lifetime passes', () => {
  assert.equal(verifyJwt(token({ alg: 'RS256', kid: 'r1' }, claims), jwks, expect).sub, 'x');
  assert.equal(verifyJwt(token({ alg: 'ES256', kid: 'e1' }, claims, ec.privateKey), jwks, expect).sub, 'x');
  assert.equal(
    verifyJwt(
      token({ alg: 'RS256', kid: 'r1' }, { ...claims, aud: ['a', 'notification-controller'] }),
      jwks,
      expect,
    ).sub,
    'x',
  );
});

test('forged, foreign, expired, early, mis-addressed and unsigned tokens are refused', () => {
  const refused = (t: string, why: RegExp) =>
    assert.throws(
      () => verifyJwt(t, jwks, expect),
      (e: unknown) => e instanceof SignatureError && why.test(e.message),
    );
  refused(token({ alg: 'RS256', kid: 'r1' }, claims, forger.privateKey), /signature is invalid/);
  refused(token({ alg: 'RS256', kid: 'nope' }, claims), /no signing key with kid 'nope'/);
  refused(token({ alg: 'RS256', kid: 'r1' }, { ...claims, iss: 'https://evil.example' }), /token issuer/);
  refused(token({ alg: 'RS256', kid: 'r1' }, { ...claims, aud: 'someone-else' }), /token audience/);
  refused(token({ alg: 'RS256', kid: 'r1' }, { ...claims, exp: now - 3600 }), /expired/);
  refused(token({ alg: 'RS256', kid: 'r1' }, { ...claims, nbf: now + 3600 }), /not valid yet/);
  refused(`${part({ alg: 'none' })}.${part(claims)}.`, /unsupported token algorithm 'none'/);
  refused('not-a-token', /not a JWT/);
});
