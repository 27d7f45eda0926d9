/** An `Authorization` value for HTTP basic auth (RFC 7617): `Basic base64(user:password)`. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
