import type { ListedObject } from './s3-client.ts';

/** One page of a ListObjectsV2 answer. */
export interface ListPage {
  objects: ListedObject[];
  truncated: boolean;
  nextToken?: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character data to text: the five named entities and numeric references. */
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? unescapeXml(m[1]) : undefined;
}

/**
 * Parses a ListObjectsV2 result requested with `encoding-type=url`: keys stay strings exactly as
 * stored (form-decoded: S3 writes a space as `+` and a plus as `%2B`), ETags lose their quotes.
 * Anything that is not a ListBucketResult is an error.
 */
export function parseListObjectsV2(xml: string): ListPage {
  if (!/<ListBucketResult[\s>]/.test(xml))
    throw new Error('invalid ListObjectsV2 response: missing ListBucketResult');
  const urlEncoded = tag(xml, 'EncodingType') === 'url';
  const objects: ListedObject[] = [];
  for (const m of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
    const raw = tag(m[1], 'Key') ?? '';
    objects.push({
      key: urlEncoded ? decodeURIComponent(raw.replace(/\+/g, ' ')) : raw,
      etag: (tag(m[1], 'ETag') ?? '').replace(/^"|"$/g, ''),
    });
  }
  const token = tag(xml, 'NextContinuationToken');
  return { objects, truncated: tag(xml, 'IsTruncated') === 'true', nextToken: token || undefined };
}
