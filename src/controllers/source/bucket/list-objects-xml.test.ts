import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseListObjectsV2 } from './list-objects-xml.ts';

// The body MinIO answered for `c+d e%f&<.yaml` and `ü/ä.txt` with encoding-type=url.
const page =
  '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bkt</Name><Prefix></Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>c%2Bd+e%25f%26%3C.yaml</Key><LastModified>2026-11-24T18:01:50.596Z</LastModified><ETag>&#34;e1671797c52e15f763380b45e841ec32&#34;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents><Contents><Key>%C3%BC/%C3%A4.txt</Key><LastModified>2026-11-24T18:01:50.598Z</LastModified><ETag>&#34;9dd4e461268c8034f5c8564e155c67a6&#34;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents><EncodingType>url</EncodingType></ListBucketResult>';

test('url-encoded keys are decoded exactly and etags lose their quotes', () => {
  assert.deepEqual(parseListObjectsV2(page), {
    objects: [
      { key: 'c+d e%f&<.yaml', etag: 'e1671797c52e15f763380b45e841ec32' },
      { key: 'ü/ä.txt', etag: '9dd4e461268c8034f5c8564e155c67a6' },
    ],
    truncated: false,
    nextToken: undefined,
  });
});

test('numeric-looking keys stay strings and the continuation token is returned', () => {
  const xml =
    '<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>tok/en=</NextContinuationToken><Contents><Key>007</Key><ETag>"1"</ETag></Contents><Contents><Key>1.10</Key><ETag>"2"</ETag></Contents></ListBucketResult>';
  assert.deepEqual(parseListObjectsV2(xml), {
    objects: [
      { key: '007', etag: '1' },
      { key: '1.10', etag: '2' },
    ],
    truncated: true,
    nextToken: 'tok/en=',
  });
});

test('an answer that is not a listing is an error', () => {
  assert.throws(
    () => parseListObjectsV2('<Error><Code>AccessDenied</Code></Error>'),
    /missing ListBucketResult/,
  );
});
