/** Registry credentials: basic (username/password) or an identity token. */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** A registry identity token, exchanged for access tokens (refresh_token grant). */
  identityToken?: string;
}

/**
 * Reads the credentials for `host` from a `.dockerconfigjson` document (a Secret of type
 * kubernetes.io/dockerconfigjson): `auths.<host>.auth` (base64 `user:password`) or
 * `username`/`password`, matching the host with or without a scheme.
 */
export function credentialsFromDockerConfig(json: string, host: string): RegistryCredentials | undefined {
  let doc: {
    auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  };
  try {
    doc = JSON.parse(json);
  } catch {
    throw new Error('invalid .dockerconfigjson: not JSON');
  }
  for (const [key, entry] of Object.entries(doc.auths ?? {})) {
    const keyHost = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (keyHost !== host) continue;
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
