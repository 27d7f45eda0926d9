import { toError } from '../../../runtime/reconcile/index.ts';
import { type Jwks, type JwtExpectations, verifyJwt } from './jwt.ts';
import { SignatureError } from './signature-error.ts';

/** How long a fetched key set is trusted before it is fetched again. */
const KeySetTtlMs = 10 * 60_000;
/** The time a key-set or discovery request may take. */
const FetchTimeoutMs = 10_000;

async function getJson(url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FetchTimeoutMs) });
  } catch (e: unknown) {
    throw new Error(`failed to fetch '${url}': ${toError(e).message}`);
  }
  if (!res.ok) {
    await res.arrayBuffer();
    throw new Error(`failed to fetch '${url}': ${res.status} ${res.statusText}`.trim());
  }
  return res.json();
}

/**
 * The public key sets of token issuers, fetched over HTTP and kept for a while: an issuer's keys
 * rotate rarely, and a webhook must not wait on the issuer every time. A key set is fetched again
 * when it is old, or when `refresh` is asked for (a token names a key the cached set lacks).
 */
export class KeySets {
  private readonly cache = new Map<string, { jwks: Jwks; at: number }>();
  private readonly discovered = new Map<string, { uri: string; at: number }>();

  /** The key set at `url` (a `jwks_uri`). */
  async get(url: string, refresh = false): Promise<Jwks> {
    const hit = this.cache.get(url);
    if (hit && !refresh && Date.now() - hit.at < KeySetTtlMs) return hit.jwks;
    const body = (await getJson(url)) as Partial<Jwks>;
    if (!Array.isArray(body?.keys)) throw new Error(`'${url}' is not a JSON Web Key Set`);
    const jwks = { keys: body.keys };
    this.cache.set(url, { jwks, at: Date.now() });
    return jwks;
  }

  /** The `jwks_uri` an OIDC issuer announces in its discovery document. */
  async jwksUriOf(issuer: string): Promise<string> {
    const hit = this.discovered.get(issuer);
    if (hit && Date.now() - hit.at < KeySetTtlMs) return hit.uri;
    const doc = (await getJson(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)) as {
      issuer?: string;
      jwks_uri?: string;
    };
    // the discovery document must be the issuer's own (OIDC Discovery 1.0, section 4.3)
    if (doc?.issuer !== issuer)
      throw new Error(`issuer in discovery document is '${doc?.issuer}', want '${issuer}'`);
    if (typeof doc.jwks_uri !== 'string')
      throw new Error(`no jwks_uri in the discovery document of '${issuer}'`);
    this.discovered.set(issuer, { uri: doc.jwks_uri, at: Date.now() });
    return doc.jwks_uri;
  }

  /**
   * Verifies a token with the key set at `url`, fetching the set again once when the token names
   * a key the cached set lacks (the issuer rotated its keys).
   */
  async verify(url: string, token: string, expect: JwtExpectations): Promise<Record<string, unknown>> {
    try {
      return verifyJwt(token, await this.get(url), expect);
    } catch (e: unknown) {
      if (!(e instanceof SignatureError) || !e.message.startsWith('no signing key')) throw e;
      return verifyJwt(token, await this.get(url, true), expect);
    }
  }
}
