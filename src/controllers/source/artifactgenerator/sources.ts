/**
 * The inputs of a generator: the observed artifact of each referenced source (read from the
 * manager's informers), their combined digest (what tells a generator its sources changed), and
 * the download of each artifact into an in-memory tree.
 */
import { createHash } from 'node:crypto';
import type { Artifact } from '../../../api/index.ts';
import { kindTable } from '../../../api/kind-table.ts';
import {
  type ArtifactGenerator,
  ArtifactOriginRevisionAnnotation,
} from '../../../api/source-extensions/v1beta1/index.ts';
import { type DigestAlgorithm, digestHex, readChunks, readTarGz } from '../../../engines/artifact/index.ts';
import { toError } from '../../../engines/errors/index.ts';
import type { KubeObject } from '../../../runtime/kube/index.ts';
import type { SourceEnv } from '../common/source-env.ts';
import { FileTree } from './tree.ts';

/** What a generator saw of one source: its artifact's digest, revision, URL and origin revision. */
export interface ObservedSource {
  digest: string;
  revision: string;
  url: string;
  originRevision?: string;
}

type SourceObject = KubeObject & { status?: { artifact?: Artifact } };

/** The namespace a source reference resolves in: its own, else the generator's. */
export function sourceNamespace(gen: ArtifactGenerator, ref: { namespace?: string }): string {
  return ref.namespace || gen.metadata?.namespace || '';
}

/**
 * Reads every source of the generator from the cache; throws (the message Flux shows after
 * `get sources failed: `) when one is missing or has no artifact yet.
 */
export function observeSources(env: SourceEnv, gen: ArtifactGenerator): Map<string, ObservedSource> {
  const observed = new Map<string, ObservedSource>();
  for (const src of gen.spec?.sources ?? []) {
    const namespace = sourceNamespace(gen, src);
    const known = kindTable.find((k) => k.group === 'source.toolkit.fluxcd.io' && k.kind === src.kind);
    if (!known) throw new Error(`source \`${src.name}\` kind '${src.kind}' not supported`);
    const obj = env.informerOf<SourceObject>(src.kind).get(namespace, src.name);
    if (!obj) throw new Error(`${known.plural}.${known.group} "${src.name}" not found`);
    const artifact = obj.status?.artifact;
    if (!artifact) throw new Error(`source '${src.kind}/${namespace}/${src.name}' is not ready`);
    const o: ObservedSource = { digest: artifact.digest, revision: artifact.revision, url: artifact.url };
    const origin = artifact.metadata?.[ArtifactOriginRevisionAnnotation];
    if (origin) o.originRevision = origin;
    observed.set(src.alias, o);
  }
  return observed;
}

/**
 * The digest of all observed sources (`sha256:<hex>`): each `alias=[digest=...,revision=...,url=...]`,
 * sorted, joined with `|`, as source-watcher records in `status.observedSourcesDigest`.
 */
export function observedSourcesDigest(sources: ReadonlyMap<string, ObservedSource>): string {
  const parts = [...sources].map(
    ([alias, s]) => `${alias}=[digest=${s.digest},revision=${s.revision},url=${s.url}]`,
  );
  parts.sort();
  return `sha256:${createHash('sha256').update(parts.join('|')).digest('hex')}`;
}

/** source-controller's address as seen from here (`SOURCE_CONTROLLER_LOCALHOST`), as Flux allows. */
function rewriteHost(url: string): string {
  const host = process.env.SOURCE_CONTROLLER_LOCALHOST;
  if (!host) return url;
  const u = new URL(url);
  u.host = host;
  return u.toString();
}

/** Downloads one artifact, checks its digest and reads the archive into a tree. */
export async function fetchSource(source: ObservedSource, signal: AbortSignal): Promise<FileTree> {
  const url = rewriteHost(source.url);
  let data: Uint8Array;
  try {
    const res = await fetch(url, { signal });
    if (!res.ok) throw new Error(`status: ${res.status} ${res.statusText}`.trim());
    data = await readChunks(res.body);
  } catch (e: unknown) {
    throw new Error(`failed to download archive from ${source.url}: ${toError(e).message}`);
  }
  if (source.digest) {
    const [algo, expected] = source.digest.split(':');
    if (!['sha256', 'sha384', 'sha512'].includes(algo))
      throw new Error(`unsupported digest algorithm '${algo}'`);
    if ((await digestHex(algo as DigestAlgorithm, data)) !== expected)
      throw new Error(`failed to verify artifact: computed digest doesn't match '${source.digest}'`);
  }
  try {
    return FileTree.fromArchive(await readTarGz(data, { maxBytes: 1024 * 1024 * 1024 }));
  } catch (e: unknown) {
    throw new Error(`failed to extract archive from ${source.url}: ${toError(e).message}`);
  }
}

/** Fetches every observed source, keyed by alias. */
export async function fetchSources(
  sources: ReadonlyMap<string, ObservedSource>,
  signal: AbortSignal,
): Promise<Map<string, FileTree>> {
  const trees = new Map<string, FileTree>();
  for (const [alias, s] of sources) trees.set(alias, await fetchSource(s, signal));
  return trees;
}
