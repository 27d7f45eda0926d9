const UNREADABLE =
  /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first string (key or value) in a JSON-like value that go-yaml's reader refuses when
 * sigs.k8s.io/yaml reads its JSON text back (DEL and C1 control characters, which JSON leaves raw,
 * and unpaired surrogates), or undefined when everything can be printed.
 */
export function findUnprintable(v: unknown): string | undefined {
  if (typeof v === 'string') return UNREADABLE.test(v) ? v : undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const bad = findUnprintable(x);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const bad = findUnprintable(k) ?? findUnprintable(x);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}
