// The digests Flux records of the spec fields that change a HelmRelease's objects after its chart's
// templates (`status.observedPostRenderersDigest`, `observedCommonMetadataDigest`).
import { createHash } from 'node:crypto';
import type { PostRenderSpec } from './flux-post-render.ts';
import { goJsonMarshal } from './go-json.ts';

type Spec = PostRenderSpec;

// a Go struct for the encoder: its fields in declaration order (Go's JSON keeps it; only maps
// are sorted), `omitempty` fields left out when empty
class GoFields {
  private readonly fields: [string, unknown, boolean][];
  constructor(fields: [name: string, value: unknown, omitEmpty: boolean][]) {
    this.fields = fields;
  }
  MarshalJSON(): string {
    const kept = this.fields.filter(([, v, omit]) => !(omit && isEmpty(v)));
    return `{${kept.map(([k, v]) => `${goJsonMarshal(k)}:${goJsonMarshal(v)}`).join(',')}}`;
  }
}

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !(v instanceof GoFields) && Object.keys(v as object).length === 0);

// sha256 of what Go's json.Encoder writes (the value, then a newline), as Flux digests its specs
const encoderDigest = (v: unknown) =>
  `sha256:${createHash('sha256')
    .update(`${goJsonMarshal(v)}\n`)
    .digest('hex')}`;

/**
 * The digest of `spec.postRenderers` as Flux writes `status.observedPostRenderersDigest`: SHA-256
 * of the Go JSON encoding of the list (fields in the API types' order), with the encoder's
 * trailing newline. Undefined when the spec has no post-renderers, as Flux leaves it empty.
 */
export function postRenderersDigest(spec: Spec): string | undefined {
  if (!spec.postRenderers) return undefined;
  const list = spec.postRenderers.map(
    (r) =>
      new GoFields([
        [
          'kustomize',
          r.kustomize &&
            new GoFields([
              [
                'patches',
                r.kustomize.patches?.map(
                  (p) =>
                    new GoFields([
                      ['patch', p.patch, false],
                      [
                        'target',
                        p.target &&
                          new GoFields([
                            ['group', p.target.group, true],
                            ['version', p.target.version, true],
                            ['kind', p.target.kind, true],
                            ['namespace', p.target.namespace, true],
                            ['name', p.target.name, true],
                            ['annotationSelector', p.target.annotationSelector, true],
                            ['labelSelector', p.target.labelSelector, true],
                          ]),
                        true,
                      ],
                    ]),
                ),
                true,
              ],
              [
                'images',
                r.kustomize.images?.map(
                  (i) =>
                    new GoFields([
                      ['name', i.name, false],
                      ['newName', i.newName, true],
                      ['newTag', i.newTag, true],
                      ['digest', i.digest, true],
                    ]),
                ),
                true,
              ],
            ]),
          true,
        ],
      ]),
  );
  return encoderDigest(list);
}

/**
 * The digest of `spec.commonMetadata` as `status.observedCommonMetadataDigest` records it (the
 * same encoding as {@link postRenderersDigest}); undefined when the spec has none.
 */
export function commonMetadataDigest(spec: Spec): string | undefined {
  const md = spec.commonMetadata;
  if (!md) return undefined;
  return encoderDigest(
    new GoFields([
      ['annotations', md.annotations, true],
      ['labels', md.labels, true],
    ]),
  );
}
