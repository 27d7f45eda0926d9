import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { startHttpServer } from './http-server.ts';

/** A running OIDC issuer: its URL, its key set's URL, and tokens it signs. */
export interface OidcIssuer {
  /** The issuer URL (`iss` of its tokens), also the base of its discovery document. */
  url: string;
  /** `<url>/jwks`: the issuer's public keys. */
  jwksUrl: string;
  /**
   * A signed RS256 token: `iss` (this issuer unless given), `iat` and `exp` (an hour) are filled
   * in; `key: 'other'` signs with a key the issuer does not publish (a forged token).
   */
  sign(claims: Record<string, unknown>, options?: { key?: 'own' | 'other' }): string;
  stop(): Promise<void>;
}

/**
 * Starts a minimal OIDC issuer on loopback: `/.well-known/openid-configuration` and `/jwks`, with
 * one RSA key generated for the test, so that the code that verifies ID tokens (generic-oidc and
 * GCR Receivers) is checked against real signatures and a real discovery round trip.
 */
export async function startOidcIssuer(): Promise<OidcIssuer> {
  const own = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  let url = '';
  const server = await startHttpServer('oidc', (req, res) => {
    const json = (v: unknown) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(v));
    if (req.url === '/.well-known/openid-configuration')
      return json({ issuer: url, jwks_uri: `${url}/jwks` });
    if (req.url === '/jwks')
      return json({ keys: [{ ...own.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
    res.writeHead(404).end();
  });
  url = server.url;
  return {
    url,
    jwksUrl: `${url}/jwks`,
    sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const signed = `${part({ alg: 'RS256', typ: 'JWT', kid })}.${part({ iss: url, iat: now, exp: now + 3600, ...claims })}`;
      const key = options.key === 'other' ? other.privateKey : own.privateKey;
      return `${signed}.${sign('sha256', Buffer.from(signed), key).toString('base64url')}`;
    },
    stop: () => server.stop(),
  };
}
