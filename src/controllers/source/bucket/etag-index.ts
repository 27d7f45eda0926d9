import { createHash } from 'node:crypto';

/**
 * A Bucket's index: object key to ETag. Its revision is Flux's: the SHA-256 of one
 * `<key> <etag>\n` line per entry, keys sorted by their bytes (Go's `sort.Strings` order, which
 * differs from JavaScript's UTF-16 order for characters beyond the BMP), written `sha256:<hex>`.
 */
export class EtagIndex {
  private readonly entries = new Map<string, string>();

  /** Adds or replaces a key's ETag. */
  set(key: string, etag: string): void {
    this.entries.set(key, etag);
  }

  /** Removes a key (an object that disappeared between listing and download). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The keys in Go's byte order. */
  sortedKeys(): string[] {
    return [...this.entries.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  /** The text the revision digests: `<key> <etag>\n` per entry, sorted. */
  toString(): string {
    return this.sortedKeys()
      .map((k) => `${k} ${this.entries.get(k)}\n`)
      .join('');
  }

  /** `sha256:<hex>` of {@link toString}: the Bucket's artifact revision. */
  revision(): string {
    return `sha256:${createHash('sha256').update(this.toString()).digest('hex')}`;
  }
}
