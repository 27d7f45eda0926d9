import type { BucketSpec } from '../../../api/source/v1/index.ts';
import { SourceReason } from '../../../api/source/v1/index.ts';

/** Why a Bucket's spec can never work: the condition reason and message. */
export interface SpecProblem {
  reason: string;
  message: string;
}

const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9.\-_:]{1,61}[A-Za-z0-9]$/;

/**
 * Checks what no retry can fix for an S3 endpoint: `spec.endpoint` must be `host[:port]` with no
 * scheme or path, and `spec.bucketName` must be an S3 bucket name (the S3 client's lenient rules,
 * which allow legacy names). Flux finds these only when its client refuses them and retries
 * forever; tsflux stalls with the reason instead. Other providers' endpoints are URLs, so only
 * `generic` and `aws` are checked.
 */
export function validateBucketSpec(spec: BucketSpec): SpecProblem | undefined {
  const provider = spec.provider ?? 'generic';
  if (provider !== 'generic' && provider !== 'aws') return undefined;
  const endpoint = spec.endpoint ?? '';
  if (!endpoint || /[/\\?#@\s]/.test(endpoint) || !/^(\[[0-9a-fA-F:.]+\]|[^:]+)(:\d{1,5})?$/.test(endpoint))
    return {
      reason: SourceReason.URLInvalid,
      message: `invalid endpoint '${endpoint}': it must be host[:port], without a scheme or a path`,
    };
  const port = /:(\d+)$/.exec(endpoint)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return {
      reason: SourceReason.URLInvalid,
      message: `invalid endpoint '${endpoint}': invalid port ${port}`,
    };
  const name = spec.bucketName ?? '';
  const why =
    name.length < 3
      ? 'bucket name cannot be shorter than 3 characters'
      : name.length > 63
        ? 'bucket name cannot be longer than 63 characters'
        : /^\d+\.\d+\.\d+\.\d+$/.test(name)
          ? 'bucket name cannot be an ip address'
          : /\.\.|\.-|-\./.test(name) || !BUCKET_NAME.test(name)
            ? 'bucket name contains invalid characters'
            : undefined;
  if (why)
    return { reason: SourceReason.BucketOperationFailed, message: `invalid bucket name '${name}': ${why}` };
  return undefined;
}
