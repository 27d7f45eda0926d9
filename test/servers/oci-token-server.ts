import { randomUUID, sign } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createCertificateAuthority, issueCertificate } from '../../src/engines/x509/index.ts';
import { type RunningHttpServer, startHttpServer } from './http-server.ts';

/** Options of {@link startOciTokenServer}. */
export interface OciTokenServerOptions {
  /** The `service` the registry names in its challenges (the token's audience). */
  service: string;
  /** The token issuer the registry is configured to accept. */
  issuer: string;
  /** Username to password of accounts granted every action they ask for. */
  users: Record<string, string>;
  /** Grant `pull` to requests without credentials (a public repository). */
  anonymousPull?: boolean;
  /** Token lifetime in seconds; default 300. */
  expiresIn?: number;
}

/** A running Docker/OCI token server (the `realm` of a registry's bearer challenges). */
export interface OciTokenServer extends RunningHttpServer {
  /** The realm URL the registry redirects clients to: `<url>/token`. */
  realm: string;
  /** PEM of the CA whose certificate the registry trusts (`auth.token.rootcertbundle`). */
  rootCertificate: string;
  /** Every token request, with what was asked and what was granted. */
  grants: { account?: string; scopes: string[]; granted: string[] }[];
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** `repository:name:pull,push` into its parts; the name may itself hold colons (a port). */
function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean),
  };
}

function basicCredentials(req: IncomingMessage): { username: string; password: string } | undefined {
  const header = req.headers.authorization ?? '';
  if (!header.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString();
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

/**
 * Starts a token server for the registry's `token` auth: it answers `GET /token?service=&scope=`
 * (credentials in basic auth, as Docker and go-containerregistry send them) and the OAuth2
 * password grant `POST /token`, with an RS256 JWT whose `x5c` header carries a certificate signed
 * by {@link OciTokenServer.rootCertificate}. Wrong credentials get 401; no credentials get a token
 * with pull access only when `anonymousPull` is set, and with no access otherwise.
 */
export async function startOciTokenServer(options: OciTokenServerOptions): Promise<OciTokenServer> {
  const ca = createCertificateAuthority('tsflux test token ca', 1);
  const signer = issueCertificate(ca, { commonName: 'tsflux test token signer', usage: 'client', years: 1 });
  const x5c = signer.cert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const grants: OciTokenServer['grants'] = [];
  const expiresIn = options.expiresIn ?? 300;

  const issue = (account: string | undefined, scopes: string[]) => {
    const access: Access[] = [];
    for (const s of scopes) {
      const parsed = parseScope(s);
      if (!parsed) continue;
      const actions = account
        ? parsed.actions
        : parsed.actions.filter((a) => options.anonymousPull && a === 'pull');
      if (actions.length) access.push({ ...parsed, actions });
    }
    grants.push({
      account,
      scopes,
      granted: access.map((a) => `${a.type}:${a.name}:${a.actions.join(',')}`),
    });
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [x5c] }));
    const claims = base64url(
      JSON.stringify({
        iss: options.issuer,
        sub: account ?? '',
        aud: options.service,
        exp: now + expiresIn,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), signer.key);
    const token = `${header}.${claims}.${base64url(signature)}`;
    return {
      token,
      access_token: token,
      expires_in: expiresIn,
      issued_at: new Date(now * 1000).toISOString(),
    };
  };

  const server = await startHttpServer('oci-token', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://placeholder');
      if (url.pathname !== '/token') {
        res.writeHead(404).end();
        return;
      }
      let scopes = url.searchParams.getAll('scope');
      let creds = basicCredentials(req);
      if (req.method === 'POST') {
        const form = await formBody(req);
        scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
        if (form.get('grant_type') === 'password') {
          creds = { username: form.get('username') ?? '', password: form.get('password') ?? '' };
        }
      }
      scopes = scopes.flatMap((s) => s.split(' ')).filter(Boolean);
      if (creds && options.users[creds.username] !== creds.password) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] }),
        );
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(issue(creds?.username, scopes)));
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  return { ...server, realm: `${server.url}/token`, rootCertificate: ca.cert, grants };
}
