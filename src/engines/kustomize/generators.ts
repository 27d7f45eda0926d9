import { baseName, joinPath, type VirtualFS } from '../fs/index.ts';
import type { Resource } from './resource.ts';
import { Fail } from './types.ts';
import { resolvePlain } from './yaml-parse.ts';

/** kustomization-level generatorOptions, merged under each generator's own options. */
export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

/** One configMapGenerator or secretGenerator entry. */
export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: 'create' | 'merge' | 'replace';
  files?: string[];
  literals?: string[];
  envs?: string[];
  env?: string;
  type?: string;
  options?: GeneratorOptions;
}

function stripQuotes(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'"))))
    return v.slice(1, -1);
  return v;
}

function splitPair(src: string, file: string, what: string): [string, string] {
  const i = src.indexOf('=');
  if (i < 0) throw new Fail('InvalidGenerator', `invalid ${what} source ${src}, expected key=value`, file);
  return [src.slice(0, i), src.slice(i + 1)];
}

function parseEnvFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[\s\uFEFF]+/, '').replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf('=');
    if (i < 0) continue;
    out.push([line.slice(0, i), line.slice(i + 1)]);
  }
  return out;
}

/** kustomize breaks base64 (Secret data, binaryData) into 70-character lines once it exceeds one line. */
function wrapBase64(b64: string): string {
  if (b64.length < 70) return b64;
  let out = '';
  for (let i = 0; i < b64.length; i += 70) out += `${b64.slice(i, i + 70)}\n`;
  return out;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds one ConfigMap or Secret from a generator entry: files (`key=path` or `path`), literals
 * (`key=value`, surrounding quotes dropped), env files; labels, annotations and immutability from
 * the merged options. The content hash is appended later, after every transformer ran.
 */
export function generate(
  fs: VirtualFS,
  dir: string,
  kustFile: string,
  kind: 'ConfigMap' | 'Secret',
  args: GeneratorArgs,
  globalOptions: GeneratorOptions | undefined,
  checkFile: (path: string) => void = () => {},
): Resource {
  const entries: [string, Uint8Array | string][] = [];
  for (const env of [...(args.envs ?? []), ...(args.env ? [args.env] : [])]) {
    const path = joinPath(dir, env);
    if (!fs.exists(path))
      throw new Fail('MissingFile', `env source file: ${env}: no such file or directory`, kustFile);
    checkFile(path);
    for (const [k, v] of parseEnvFile(fs.readFile(path))) entries.push([k, v]);
  }
  for (const lit of args.literals ?? []) {
    const [k, v] = splitPair(lit, kustFile, 'literal');
    entries.push([k, stripQuotes(v)]);
  }
  for (const f of args.files ?? []) {
    const i = f.indexOf('=');
    const key = i < 0 ? baseName(f) : f.slice(0, i);
    const rel = i < 0 ? f : f.slice(i + 1);
    const path = joinPath(dir, rel);
    if (!fs.exists(path) || fs.isDir(path))
      throw new Fail('MissingFile', `evalsymlink failure on '${rel}' : no such file or directory`, kustFile);
    checkFile(path);
    entries.push([key, fs.readBytes(path)]);
  }
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const [k, v] of entries) {
    // kustomize builds the key as a YAML node, and a key that reads as a number or boolean then
    // fails its JSON conversion: reproduce the failure rather than print what it cannot
    if (typeof resolvePlain(k) !== 'string' && resolvePlain(k) !== null)
      throw new Fail(
        'InvalidGenerator',
        `${kind.toLowerCase()} ${args.name}: key '${k}' is not a string in yaml`,
        kustFile,
      );
    if (k in data || k in binaryData)
      throw new Fail(
        'InvalidGenerator',
        `configmap ${args.name}: cannot add key ${k}, another key by that name already exists`,
        kustFile,
      );
    if (kind === 'Secret')
      data[k] = wrapBase64(Buffer.from(typeof v === 'string' ? v : v).toString('base64'));
    else if (typeof v === 'string') data[k] = v;
    else if (isUtf8(v)) data[k] = new TextDecoder().decode(v);
    else binaryData[k] = wrapBase64(Buffer.from(v).toString('base64'));
  }
  const opts: GeneratorOptions = {
    ...globalOptions,
    ...args.options,
    labels: { ...globalOptions?.labels, ...args.options?.labels },
    annotations: { ...globalOptions?.annotations, ...args.options?.annotations },
  };
  const metadata: Record<string, unknown> = { name: args.name ?? '' };
  if (args.namespace) metadata.namespace = args.namespace;
  if (Object.keys(opts.labels ?? {}).length) metadata.labels = { ...opts.labels };
  if (Object.keys(opts.annotations ?? {}).length) metadata.annotations = { ...opts.annotations };
  const obj: Record<string, unknown> = { apiVersion: 'v1', kind, metadata };
  if (kind === 'Secret') obj.type = args.type ?? 'Opaque';
  if (Object.keys(data).length) obj.data = data;
  if (Object.keys(binaryData).length) obj.binaryData = binaryData;
  if (opts.immutable) obj.immutable = true;
  return {
    obj,
    previous: [],
    file: kustFile,
    needsHash: !(args.options?.disableNameSuffixHash ?? globalOptions?.disableNameSuffixHash ?? false),
    behavior: args.behavior ?? 'create',
    generatedBy: { file: kustFile, kind: kind === 'Secret' ? 'SecretGenerator' : 'ConfigMapGenerator' },
  };
}
