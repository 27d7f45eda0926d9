import { createSign } from 'node:crypto';
import type { ProviderConfig } from './notifier.ts';
import { callJson } from './post.ts';

/** A GitHub App's credentials, from a Provider Secret's `githubApp*` keys (Flux's names). */
export interface GitHubApp {
  appId: string;
  installationId: string;
  privateKey: string;
  /** The API the app's tokens come from (`githubAppBaseURL`; GitHub Enterprise's `<host>/api/v3`). */
  baseUrl: string;
}

/** The GitHub App of a Provider Secret's values, when it names one (`githubAppID`). */
export function gitHubAppOf(secret: Record<string, string>): GitHubApp | undefined {
  if (!secret.githubAppID) return undefined;
  const missing = ['githubAppInstallationID', 'githubAppPrivateKey'].filter((k) => !secret[k]);
  if (missing.length)
    throw new Error(`github app secret is missing ${missing.map((k) => `'${k}'`).join(', ')}`);
  return {
    appId: secret.githubAppID.trim(),
    installationId: secret.githubAppInstallationID.trim(),
    privateKey: secret.githubAppPrivateKey,
    baseUrl: (secret.githubAppBaseURL || 'https://api.github.com').trim().replace(/\/+$/, ''),
  };
}

/** The app's own JWT (RS256, issued a minute in the past against clock drift, valid ten minutes). */
export function gitHubAppJwt(app: GitHubApp, now = Date.now()): string {
  const b64url = (s: string) => Buffer.from(s).toString('base64url');
  const iat = Math.floor(now / 1000) - 60;
  const unsigned = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ iat, exp: iat + 600, iss: app.appId }))}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(app.privateKey).toString('base64url')}`;
}

/** A call to the app API with the app's JWT (the installation token and the app's slug come from there). */
function appCall<T>(
  app: GitHubApp,
  config: ProviderConfig,
  method: 'GET' | 'POST',
  path: string,
  signal: AbortSignal,
) {
  return callJson<T>(`${app.baseUrl}${path}`, method === 'POST' ? {} : undefined, {
    signal,
    method,
    transport: config.transport,
    headers: { Authorization: `Bearer ${gitHubAppJwt(app)}`, Accept: 'application/vnd.github.v3+json' },
  });
}

/** An installation access token of the app (`POST /app/installations/<id>/access_tokens`). */
export async function gitHubAppToken(
  app: GitHubApp,
  config: ProviderConfig,
  signal: AbortSignal,
): Promise<string> {
  const answer = await appCall<{ token?: string }>(
    app,
    config,
    'POST',
    `/app/installations/${encodeURIComponent(app.installationId)}/access_tokens`,
    signal,
  );
  if (!answer?.token) throw new Error('github app: the installation token answer has no token');
  return answer.token;
}

/** The login the app comments as: `<app slug>[bot]` (`GET /app`). */
export async function gitHubAppLogin(
  app: GitHubApp,
  config: ProviderConfig,
  signal: AbortSignal,
): Promise<string> {
  const answer = await appCall<{ slug?: string }>(app, config, 'GET', '/app', signal);
  if (!answer?.slug) throw new Error('github app: the app answer has no slug');
  return `${answer.slug}[bot]`;
}
