import type { ReceiverSpec } from '../../../api/notification/v1/index.ts';
import { compileBool, compileValue } from '../../../engines/cel/index.ts';
import { toError } from '../../../runtime/reconcile/index.ts';
import { parseJwt } from './jwt.ts';
import type { KeySets } from './key-sets.ts';
import { SignatureError } from './signature-error.ts';

type OidcProvider = NonNullable<ReceiverSpec['oidcProviders']>[number];

/** The audience a generic-oidc token must carry when the provider names none (Flux's default). */
export const DefaultOidcAudience = 'notification-controller';

/** The bearer token of a call, or a {@link SignatureError} when there is none. */
export function bearerToken(authorization: string | undefined): string {
  if (!authorization?.startsWith('Bearer '))
    throw new SignatureError('the Authorization header is missing or malformed');
  const token = authorization.slice('Bearer '.length).trim();
  if (!token) throw new SignatureError('the Authorization header is missing a bearer token');
  return token;
}

/** A provider's CEL variables and validations, compiled; a bad expression is a spec error. */
function compileProvider(p: OidcProvider) {
  const variables = (p.variables ?? []).map((v) => {
    try {
      return { name: v.name, eval: compileValue(v.expression) };
    } catch (e: unknown) {
      throw new Error(`invalid expression for variable '${v.name}': ${toError(e).message}`);
    }
  });
  const validations = p.validations.map((v) => {
    try {
      return { message: v.message, test: compileBool(v.expression) };
    } catch (e: unknown) {
      throw new Error(`invalid expression for validation '${v.message}': ${toError(e).message}`);
    }
  });
  return { variables, validations };
}

/**
 * Checks every CEL expression of a Receiver's OIDC providers, so that the reconcile marks a bad
 * one as a spec error rather than the first webhook finding it.
 */
export function compileOidcProviders(providers: OidcProvider[]): void {
  providers.forEach((p, i) => {
    try {
      compileProvider(p);
    } catch (e: unknown) {
      throw new Error(`oidcProviders[${i}] (issuerURL='${p.issuerURL}'): ${toError(e).message}`);
    }
  });
}

/**
 * Authenticates a generic-oidc call: the bearer token's issuer picks the provider, whose
 * discovery document gives the key set that must have signed it; issuer, audience (the
 * provider's, `notification-controller` by default) and lifetime are checked, then the
 * provider's variables are evaluated in order (`vars.<name>`) and every validation must hold over
 * `claims` and `vars`. Returns the verified claims (the resource filters read them as `claims`).
 */
export async function verifyOidcCall(
  providers: OidcProvider[],
  authorization: string | undefined,
  keySets: KeySets,
): Promise<Record<string, unknown>> {
  if (!providers.length) throw new SignatureError('generic-oidc receiver has no oidcProviders configured');
  const token = bearerToken(authorization);
  const iss = parseJwt(token).claims.iss;
  if (typeof iss !== 'string' || !iss) throw new SignatureError("token is missing the 'iss' claim");
  const provider = providers.find((p) => p.issuerURL === iss);
  if (!provider) throw new SignatureError(`no oidcProvider configured for issuer '${iss}'`);
  const jwksUri = await keySets.jwksUriOf(provider.issuerURL);
  const claims = await keySets.verify(jwksUri, token, {
    issuers: [provider.issuerURL],
    audience: provider.audience || DefaultOidcAudience,
  });
  const { variables, validations } = compileProvider(provider);
  const vars: Record<string, unknown> = {};
  const data = { claims, vars };
  for (const v of variables) {
    try {
      vars[v.name] = v.eval(data);
    } catch (e: unknown) {
      throw new SignatureError(`failed to evaluate variable '${v.name}': ${toError(e).message}`);
    }
  }
  const failures: string[] = [];
  for (const v of validations) {
    let ok: boolean;
    try {
      ok = v.test(data);
    } catch (e: unknown) {
      throw new SignatureError(`failed to evaluate validation: ${toError(e).message}`);
    }
    if (!ok) failures.push(v.message);
  }
  if (failures.length) throw new SignatureError(`token validation failed: ${failures.join('; ')}`);
  return claims;
}
