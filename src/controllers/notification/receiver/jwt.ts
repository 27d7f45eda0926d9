import { constants, createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import { SignatureError } from './signature-error.ts';

/** A JWT split into its parts; nothing in it is trusted until {@link verifyJwt} says so. */
export interface Jwt {
  header: { alg?: string; kid?: string };
  claims: Record<string, unknown>;
  signedPart: Buffer;
  signature: Buffer;
}

function decodePart(part: string, what: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below: a token is refused the same way whatever is wrong with it
  }
  throw new SignatureError(`token ${what} is not a JSON object`);
}

/** Splits a compact JWT; a token that is not three base64url parts is refused. */
export function parseJwt(token: string): Jwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new SignatureError('token is not a JWT');
  return {
    header: decodePart(parts[0], 'header') as Jwt['header'],
    claims: decodePart(parts[1], 'payload'),
    signedPart: Buffer.from(`${parts[0]}.${parts[1]}`),
    signature: Buffer.from(parts[2], 'base64url'),
  };
}

/** The JWS algorithms accepted (never `none`, never a symmetric one keyed with a public key). */
const algorithms: Record<string, { hash: string; pss?: number; ec?: boolean }> = {
  RS256: { hash: 'sha256' },
  RS384: { hash: 'sha384' },
  RS512: { hash: 'sha512' },
  // RSASSA-PSS salts as long as the hash
  PS256: { hash: 'sha256', pss: 32 },
  PS384: { hash: 'sha384', pss: 48 },
  PS512: { hash: 'sha512', pss: 64 },
  ES256: { hash: 'sha256', ec: true },
  ES384: { hash: 'sha384', ec: true },
  ES512: { hash: 'sha512', ec: true },
};

/** A JSON Web Key Set as an issuer publishes it. */
export interface Jwks {
  keys: (JsonWebKey & { kid?: string; alg?: string; use?: string })[];
}

function keyOf(jwks: Jwks, kid: string | undefined): KeyObject {
  const candidates = jwks.keys.filter((k) => (k.use ?? 'sig') === 'sig' && (!kid || k.kid === kid));
  if (!candidates.length) throw new SignatureError(`no signing key${kid ? ` with kid '${kid}'` : ''}`);
  return createPublicKey({ key: candidates[0], format: 'jwk' });
}

/** Whether the signature of a parsed token is one of the set's keys' over its first two parts. */
export function signatureValid(jwt: Jwt, jwks: Jwks): boolean {
  const alg = algorithms[jwt.header.alg ?? ''];
  if (!alg) throw new SignatureError(`unsupported token algorithm '${jwt.header.alg}'`);
  const key = keyOf(jwks, jwt.header.kid);
  return verify(
    alg.hash,
    jwt.signedPart,
    alg.ec
      ? { key, dsaEncoding: 'ieee-p1363' }
      : alg.pss
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.pss }
        : key,
    jwt.signature,
  );
}

/** What a token must say besides being signed: its issuer(s) and audience. */
export interface JwtExpectations {
  issuers: string[];
  /** Unset: any audience (Flux's GCR receiver when its Secret names none). */
  audience?: string;
  /** Seconds since the epoch; the clock of the checks. */
  now?: number;
}

/** Leeway on `exp` and `nbf`, for clocks a little apart. */
const LeewaySeconds = 60;

/**
 * Verifies a token against a key set and the expectations: a supported asymmetric signature by
 * one of the keys, an accepted issuer, the audience among `aud`, and a time within `nbf`/`exp`.
 * Returns the claims; throws {@link SignatureError} otherwise (never naming the token itself).
 */
export function verifyJwt(token: string, jwks: Jwks, expect: JwtExpectations): Record<string, unknown> {
  const jwt = parseJwt(token);
  if (!signatureValid(jwt, jwks)) throw new SignatureError('token signature is invalid');
  const c = jwt.claims;
  if (typeof c.iss !== 'string' || !expect.issuers.includes(c.iss))
    throw new SignatureError(`token issuer is '${String(c.iss)}', want '${expect.issuers.join("' or '")}'`);
  const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
  if (expect.audience !== undefined && !aud.includes(expect.audience))
    throw new SignatureError(`token audience is '${aud.join(',')}', want '${expect.audience}'`);
  const now = expect.now ?? Math.floor(Date.now() / 1000);
  if (typeof c.exp !== 'number' || c.exp + LeewaySeconds < now) throw new SignatureError('token is expired');
  if (typeof c.nbf === 'number' && c.nbf - LeewaySeconds > now)
    throw new SignatureError('token is not valid yet');
  return c;
}
