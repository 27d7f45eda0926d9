/**
 * Counts the requests a client sends, by verb (`get`, `list`, `watch`, `create`, `update`, `patch`,
 * `delete`) and by resource path without the object name, so benchmarks can report how many API
 * calls a reconcile costs.
 */
export class RequestStats {
  total = 0;
  readonly byVerb = new Map<string, number>();

  /** Records one request. */
  record(method: string, path: string, watch: boolean): void {
    this.total++;
    const verb = watch ? 'watch' : verbOf(method, path);
    this.byVerb.set(verb, (this.byVerb.get(verb) ?? 0) + 1);
  }

  /** A plain snapshot: `{ total, get: n, list: n, ... }`. */
  snapshot(): Record<string, number> {
    return { total: this.total, ...Object.fromEntries(this.byVerb) };
  }

  /** Starts counting from zero again. */
  reset(): void {
    this.total = 0;
    this.byVerb.clear();
  }
}

// A GET on a collection is a list; the API server tells them apart the same way (by the path).
function verbOf(method: string, path: string): string {
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return isCollection(path) ? 'list' : 'get';
  }
}

function isCollection(path: string): boolean {
  const parts = path.split('?')[0].split('/').filter(Boolean);
  // /api/v1/<res> | /api/v1/namespaces/<ns>/<res> | /apis/<g>/<v>/<res> | .../namespaces/<ns>/<res>
  const rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  if (rest[0] === 'namespaces' && rest.length >= 3) return rest.length === 3;
  return rest.length === 1;
}
