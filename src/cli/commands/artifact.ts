import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createTarGz, readTarGz } from '../../engines/artifact/index.ts';
import { IgnoreMatcher } from '../../engines/ignore/index.ts';
import {
  credentialsFromDockerConfig,
  type ImageManifest,
  isLocalRegistryHost,
  OciAnnotation,
  parseOciReference,
  pullArtifact,
  pushArtifact,
  RegistryClient,
  type RegistryCredentials,
} from '../../runtime/oci/index.ts';
import { CliError, type Command, type FlagSpec } from '../command.ts';
import { renderTable } from '../table.ts';
import { progress } from '../wait.ts';

const registryFlags: FlagSpec = {
  creds: { type: 'string', help: "credentials as 'user:password' (default: ~/.docker/config.json)" },
  'insecure-registry': { type: 'boolean', help: 'use plain HTTP' },
};

function clientFor(host: string, flags: Record<string, unknown>, repository = ''): RegistryClient {
  let credentials: RegistryCredentials | undefined;
  if (typeof flags.creds === 'string') {
    const i = flags.creds.indexOf(':');
    credentials =
      i < 0
        ? { username: flags.creds, password: '' }
        : { username: flags.creds.slice(0, i), password: flags.creds.slice(i + 1) };
  } else {
    const cfg = join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
    if (existsSync(cfg))
      credentials = credentialsFromDockerConfig(readFileSync(cfg, 'utf8'), host, repository);
  }
  return new RegistryClient(host, {
    insecure: flags['insecure-registry'] === true,
    // as Flux's CLI: a loopback or private registry is tried over plain HTTP when HTTPS fails
    httpFallback: isLocalRegistryHost(host),
    credentials,
    userAgent: 'tsflux-cli',
  });
}

/**
 * Every regular file under `path` (or `path` itself when it is a file), paths relative to it,
 * leaving out `.git` and what the `--ignore-paths` patterns (gitignore syntax, as Flux's) match.
 */
function collectFiles(path: string, ignore: string[]): { path: string; data: Buffer; executable: boolean }[] {
  const st = statSync(path);
  if (st.isFile())
    return [{ path: path.split(sep).pop()!, data: readFileSync(path), executable: (st.mode & 0o111) !== 0 }];
  const matcher = new IgnoreMatcher().add(ignore.join('\n'));
  const out: { path: string; data: Buffer; executable: boolean }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      const rel = relative(path, full).split(sep).join('/');
      if (e.name === '.git' || matcher.ignores(rel, e.isDirectory())) continue;
      if (e.isDirectory()) walk(full);
      else if (e.isFile())
        out.push({ path: rel, data: readFileSync(full), executable: (statSync(full).mode & 0o111) !== 0 });
    }
  };
  walk(path);
  return out;
}

const pushArtifactCommand: Command = {
  name: 'artifact',
  summary: 'package a directory or file as a Flux OCI artifact and push it',
  usage: 'oci://<host>/<repo>:<tag> --path DIR --source URL --revision REV [flags]',
  flags: {
    path: { type: 'string', help: 'directory or file to package' },
    source: { type: 'string', help: 'where the content comes from (org.opencontainers.image.source)' },
    revision: {
      type: 'string',
      help: 'its revision, e.g. main@sha1:<commit> (org.opencontainers.image.revision)',
    },
    annotations: { type: 'string', short: 'a', multiple: true, help: 'extra manifest annotation key=value' },
    'ignore-paths': {
      type: 'string',
      multiple: true,
      help: 'paths to leave out, in .gitignore format (comma-separated)',
    },
    output: { type: 'string', short: 'o', help: "'json' prints the pushed reference as JSON" },
    ...registryFlags,
  },
  async run({ flags, args }) {
    if (!args[0]) throw new CliError('an artifact URL is required', 2);
    const ref = parseOciReference(args[0]);
    if (!ref.tag) throw new CliError(`the URL must name a tag: ${args[0]}`, 2);
    if (typeof flags.path !== 'string') throw new CliError('--path is required', 2);
    if (!existsSync(flags.path)) throw new CliError(`no such file or directory: ${flags.path}`);
    const annotations: Record<string, string> = {};
    for (const a of (flags.annotations as string[] | undefined) ?? []) {
      const i = a.indexOf('=');
      if (i <= 0) throw new CliError(`invalid annotation '${a}', want key=value`, 2);
      annotations[a.slice(0, i)] = a.slice(i + 1);
    }
    const content = await createTarGz(
      collectFiles(
        resolve(flags.path),
        // a comma-separated list, possibly repeated, as Flux's string-slice flag
        ((flags['ignore-paths'] as string[] | undefined) ?? []).flatMap((p) => p.split(',')),
      ),
    );
    const client = clientFor(ref.host, flags, ref.repository);
    try {
      if (flags.output !== 'json')
        progress.action(`pushing artifact to ${ref.host}/${ref.repository}:${ref.tag}`);
      const { digest } = await pushArtifact(client, ref.repository, ref.tag, content, {
        source: typeof flags.source === 'string' ? flags.source : undefined,
        revision: typeof flags.revision === 'string' ? flags.revision : undefined,
        annotations,
      });
      if (flags.output === 'json') {
        process.stdout.write(
          `${JSON.stringify({ repository: `${ref.host}/${ref.repository}`, tag: ref.tag, digest, url: `oci://${ref.host}/${ref.repository}:${ref.tag}` }, null, 2)}\n`,
        );
      } else progress.success(`artifact successfully pushed to ${ref.host}/${ref.repository}@${digest}`);
      return 0;
    } finally {
      client.close();
    }
  },
};

const pullArtifactCommand: Command = {
  name: 'artifact',
  summary: 'pull a Flux OCI artifact and extract its content into a directory',
  usage: 'oci://<host>/<repo>:<tag> --output DIR [flags]',
  flags: { output: { type: 'string', short: 'o', help: 'directory to extract into' }, ...registryFlags },
  async run({ flags, args }) {
    if (!args[0]) throw new CliError('an artifact URL is required', 2);
    if (typeof flags.output !== 'string') throw new CliError('--output is required', 2);
    const ref = parseOciReference(args[0]);
    const client = clientFor(ref.host, flags, ref.repository);
    try {
      progress.action(`pulling artifact from ${args[0]}`);
      const pulled = await pullArtifact(client, ref.repository, ref.digest ?? ref.tag ?? 'latest');
      const revision = pulled.manifest.annotations?.[OciAnnotation.Revision];
      if (revision)
        progress.success(
          `source ${pulled.manifest.annotations?.[OciAnnotation.Source] ?? ''}, revision ${revision}`,
        );
      const root = resolve(flags.output);
      for (const e of await readTarGz(pulled.content)) {
        const target = join(root, e.path);
        if (e.type === 'dir') mkdirSync(target, { recursive: true });
        else if (e.type === 'file') {
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, e.data, { mode: e.executable ? 0o755 : 0o644 });
        }
      }
      progress.success(`extracted ${pulled.layer.size} bytes of ${pulled.digest} to ${root}`);
      return 0;
    } finally {
      client.close();
    }
  },
};

const listArtifactsCommand: Command = {
  name: 'artifacts',
  summary: 'list the tags of an OCI repository with their digests and Flux metadata',
  usage: 'oci://<host>/<repo> [flags]',
  flags: registryFlags,
  async run({ flags, args }) {
    if (!args[0]) throw new CliError('a repository URL is required', 2);
    const ref = parseOciReference(args[0]);
    const client = clientFor(ref.host, flags, ref.repository);
    try {
      const rows: string[][] = [];
      for (const tag of await client.listTags(ref.repository)) {
        const m = await client.getManifest(ref.repository, tag);
        const ann = (m.manifest as ImageManifest).annotations ?? {};
        rows.push([
          `${ref.host}/${ref.repository}:${tag}`,
          m.digest,
          ann[OciAnnotation.Source] ?? '',
          ann[OciAnnotation.Revision] ?? '',
        ]);
      }
      process.stdout.write(renderTable(['ARTIFACT', 'DIGEST', 'SOURCE', 'REVISION'], rows));
      return 0;
    } finally {
      client.close();
    }
  },
};

const tagArtifactCommand: Command = {
  name: 'artifact',
  summary: 'add tags to an existing OCI artifact',
  usage: 'oci://<host>/<repo>:<tag> --tag NEW [--tag NEW]... [flags]',
  flags: { tag: { type: 'string', multiple: true, help: 'a tag to add' }, ...registryFlags },
  async run({ flags, args }) {
    if (!args[0]) throw new CliError('an artifact URL is required', 2);
    const tags = (flags.tag as string[] | undefined) ?? [];
    if (tags.length === 0) throw new CliError('at least one --tag is required', 2);
    const ref = parseOciReference(args[0]);
    const client = clientFor(ref.host, flags, ref.repository);
    try {
      const m = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest');
      for (const t of tags) {
        // the raw bytes keep the digest: a new tag points at the very same manifest
        await client.putManifest(ref.repository, t, m.raw, m.mediaType);
        progress.success(`artifact tagged as ${ref.host}/${ref.repository}:${t}`);
      }
      return 0;
    } finally {
      client.close();
    }
  },
};

/** `tsflux push artifact`. */
export const pushCommand: Command = {
  name: 'push',
  summary: 'push Flux OCI artifacts',
  subcommands: [pushArtifactCommand],
};
/** `tsflux pull artifact`. */
export const pullCommand: Command = {
  name: 'pull',
  summary: 'pull Flux OCI artifacts',
  subcommands: [pullArtifactCommand],
};
/** `tsflux list artifacts`. */
export const listCommand: Command = {
  name: 'list',
  summary: 'list Flux OCI artifacts',
  subcommands: [listArtifactsCommand],
};
/** `tsflux tag artifact`. */
export const tagCommand: Command = {
  name: 'tag',
  summary: 'tag Flux OCI artifacts',
  subcommands: [tagArtifactCommand],
};
