/**
 * Sprig's urlParse and urlJoin, with the parts Go's net/url gives: scheme (lower-cased), userinfo,
 * host and hostname, path (unescaped), raw query, opaque part and fragment. Covers URLs of the
 * forms charts use; Go's rarer parse errors are reported with its wording where known.
 */
import { goKind } from '../gotemplate/index.ts';
import { DICT, type FuncMap, goFunc } from './signature.ts';

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
  } catch {
    return s;
  }
}

/** Go's check that every `%` starts a valid escape; returns the bad escape text, if any. */
function badEscape(s: string): string | undefined {
  const m = /%(?![0-9a-fA-F]{2})/.exec(s);
  return m ? s.slice(m.index, m.index + 3) : undefined;
}

/** Go's parseHost checks: ASCII characters that must be escaped, and a numeric port. */
function hostProblem(host: string): string | undefined {
  const invalidEscape = badEscape(host);
  if (invalidEscape) return `invalid URL escape ${JSON.stringify(invalidEscape)}`;
  const bad = /[\x00-\x20{}|\\^`/?@#]/.exec(host.replace(/%[0-9a-fA-F]{2}/g, ''));
  if (bad) return `invalid character ${JSON.stringify(bad[0])} in host name`;
  const port = host.startsWith('[') ? host.slice(host.indexOf(']') + 1) : host.slice(host.lastIndexOf(':'));
  if (host.includes(':') && port !== '' && !/^:\d*$/.test(port))
    return `invalid port ${JSON.stringify(port)} after host`;
  return undefined;
}

/** url.Parse, reduced to the parts sprig returns. */
function parseUrl(raw: string): Record<string, string> {
  const fail = (why: string): never => {
    throw new Error(`unable to parse url: parse ${JSON.stringify(raw)}: ${why}`);
  };
  if (/[\x00-\x1f\x7f]/.test(raw)) {
    throw new Error(`unable to parse url: parse "${raw}": net/url: invalid control character in URL`);
  }
  let rest = raw;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    const bad = badEscape(rest.slice(hash + 1));
    if (bad) fail(`invalid URL escape ${JSON.stringify(bad)}`);
    fragment = percentDecode(rest.slice(hash + 1));
    rest = rest.slice(0, hash);
  }
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (/^[^/?]*:/.test(rest) && /^[0-9+.-]/.test(rest)) {
    throw new Error(`unable to parse url: parse "${raw}": first path segment in URL cannot contain colon`);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const out = { scheme, host: '', hostname: '', path: '', query, opaque: '', fragment, userinfo: '' };
  if (scheme !== '' && !rest.startsWith('/')) return { ...out, opaque: rest };
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    const at = authority.lastIndexOf('@');
    if (at >= 0) out.userinfo = authority.slice(0, at);
    out.host = at >= 0 ? authority.slice(at + 1) : authority;
    const problem = hostProblem(out.host);
    if (problem) fail(problem);
    out.hostname = hostname(out.host);
  }
  const bad = badEscape(rest);
  if (bad) fail(`invalid URL escape ${JSON.stringify(bad)}`);
  out.path = percentDecode(rest);
  return out;
}

/** URL.Hostname: the host without port and IPv6 brackets. */
function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') >= 0 ? host.indexOf(']') : undefined);
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

const escapePath = (p: string) =>
  p.replace(/[^A-Za-z0-9\-_.~$&+,/:;=@]/gu, (ch) =>
    Array.from(Buffer.from(ch, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
const escapeFragment = (p: string) =>
  p.replace(/[^A-Za-z0-9\-_.~$&+,/:;=@?!()*]/gu, (ch) =>
    Array.from(Buffer.from(ch, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );

/** sprig's dictGetOrEmpty: a missing key is "", a non-string value panics. */
function field(d: Record<string, unknown> | null, key: string): string {
  if (!d || !Object.hasOwn(d, key)) return '';
  const v = d[key];
  if (typeof v !== 'string') {
    throw new Error(`unable to parse ${key} key, must be of type string, but ${goKind(v)} found`);
  }
  return v;
}

/** URL.String of the parts in the dict. */
function joinUrl(d: Record<string, unknown> | null): string {
  const [scheme, host, path, query, opaque, fragment, userinfo] = [
    'scheme',
    'host',
    'path',
    'query',
    'opaque',
    'fragment',
    'userinfo',
  ].map((k) => field(d, k));
  let out = '';
  if (opaque !== '') out = `${scheme}:${opaque}`;
  else {
    if (scheme !== '') out += `${scheme}:`;
    if (host !== '' || path !== '' || userinfo !== '') {
      if (scheme !== '' || host !== '' || userinfo !== '') out += '//';
    }
    if (userinfo !== '') out += `${userinfo}@`;
    out += host;
    const p = escapePath(path);
    if (p !== '' && !p.startsWith('/') && host !== '') out += '/';
    out += p;
  }
  if (query !== '') out += `?${query}`;
  if (fragment !== '') out += `#${escapeFragment(fragment)}`;
  return out;
}

/** The URL family of the sprig FuncMap. */
export function urlFuncs(): FuncMap {
  return {
    urlParse: goFunc(['string'], parseUrl),
    urlJoin: goFunc([DICT], joinUrl),
  };
}
