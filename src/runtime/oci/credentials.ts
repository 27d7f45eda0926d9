/** Registry credentials: basic (username/password) or an identity token. */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** A registry identity token, exchanged for access tokens (refresh_token grant). */
  identityToken?: string;
}

type AuthEntry = { auth?: string; username?: string; password?: string; identitytoken?: string };

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** A config key (`host[:port][/path]`, scheme optional, host may hold `*` globs) in its parts. */
function parseKey(key: string): { host: string; port: string; path: string } | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(key) ? key : `https://${key}`);
  } catch {
    return undefined;
  }
  let host = url.hostname.toLowerCase();
  if (DOCKER_HUB.has(host)) host = 'index.docker.io';
  // `https://index.docker.io/v1/` is the Docker Hub's historical key, not a path
  const path = url.pathname === '/v1/' || url.pathname === '/' ? '' : url.pathname.replace(/^\/|\/$/g, '');
  return { host, port: url.port, path };
}

/** `*` in a host part matches any run of characters inside that part, as filepath.Match. */
function hostPartMatches(pattern: string, part: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^.]*')}$`,
  );
  return re.test(part);
}

/**
 * Reads the credentials for `host` (and `repository`) from a `.dockerconfigjson` document (a
 * Secret of type kubernetes.io/dockerconfigjson): `auths.<key>.auth` (base64 `user:password`),
 * `username`/`password` or `identitytoken`. Keys match as the kubelet's keyring matches them: the
 * scheme is optional, host parts may be `*` globs, the port must be equal, and a key with a path
 * applies only to repositories under it; the most specific key wins.
 */
export function credentialsFromDockerConfig(
  json: string,
  host: string,
  repository = '',
): RegistryCredentials | undefined {
  let doc: { auths?: Record<string, AuthEntry> };
  try {
    doc = JSON.parse(json);
  } catch {
    throw new Error('invalid .dockerconfigjson: not JSON');
  }
  const target = parseKey(host);
  if (!target) return undefined;
  const matches: { key: string; path: string; entry: AuthEntry }[] = [];
  for (const [key, entry] of Object.entries(doc.auths ?? {})) {
    const k = parseKey(key);
    if (!k || k.port !== target.port) continue;
    const kParts = k.host.split('.');
    const tParts = target.host.split('.');
    if (kParts.length !== tParts.length || !kParts.every((p, i) => hostPartMatches(p, tParts[i]))) continue;
    if (k.path && repository !== k.path && !repository.startsWith(`${k.path}/`)) continue;
    matches.push({ key, path: k.path, entry });
  }
  // longer paths first, then exact hosts before globs
  matches.sort(
    (a, b) => b.path.length - a.path.length || Number(a.key.includes('*')) - Number(b.key.includes('*')),
  );
  for (const { key, entry } of matches) {
    if (entry.identitytoken) return { identityToken: entry.identitytoken };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i < 0) throw new Error(`invalid .dockerconfigjson: auth of '${key}' is not 'user:password'`);
      return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    }
    if (entry.username !== undefined) return { username: entry.username, password: entry.password };
  }
  return undefined;
}
