import { join } from 'node:path';
import { runCgi } from './cgi.ts';
import {
  type CommitOptions,
  createBareRepository,
  createTag,
  git,
  isolatedGitEnv,
  type NewRepositoryOptions,
  pushCommit,
  type TagOptions,
} from './git-repositories.ts';
import {
  authorized,
  challenge,
  type HttpAuth,
  type HttpTlsOptions,
  type RunningHttpServer,
  startHttpServer,
} from './http-server.ts';
import { makeTempDir, removeTempDir } from './process.ts';

/** Options of {@link startGitHttpServer}. */
export interface GitHttpServerOptions extends HttpAuth {
  /**
   * Directory of bare repositories to serve; by default a new temp dir removed on stop. Pass the
   * same directory to the SSH server to serve one set of repositories over both protocols.
   */
  reposDir?: string;
  /** Serve HTTPS with generated certificates (and optionally require a client certificate). */
  tls?: HttpTlsOptions;
}

/** A running git smart-HTTP server and helpers to shape the repositories it serves. */
export interface GitHttpServer extends RunningHttpServer {
  reposDir: string;
  /** The clone URL of a repository: `<url>/<name>.git`. */
  repoUrl(name: string): string;
  /** Creates a bare repository with a first commit; returns the commit SHA. */
  createRepository(name: string, options?: NewRepositoryOptions): Promise<string>;
  /** Commits on a branch of a served repository; returns the commit SHA. */
  pushCommit(name: string, options?: CommitOptions): Promise<string>;
  /** Tags a revision of a served repository; returns the tagged commit's SHA. */
  createTag(name: string, tag: string, options?: TagOptions): Promise<string>;
  /** The SHA a ref (branch, tag, `HEAD`) of a served repository resolves to. */
  revParse(name: string, ref: string): Promise<string>;
}

/** The on-disk path of a served repository. */
export function repositoryPath(reposDir: string, name: string): string {
  return join(reposDir, name.endsWith('.git') ? name : `${name}.git`);
}

let execPath: Promise<string> | undefined;
function gitExecPath(): Promise<string> {
  execPath ??= git(['--exec-path']);
  return execPath;
}

/**
 * Starts the real `git http-backend` (CGI) behind a node:http(s) server on loopback: clones,
 * fetches and pushes over git's smart HTTP protocol (v0 and v2), with optional basic auth, bearer
 * token, TLS and mutual TLS. Repositories live in a temp dir and are created with the helpers.
 */
export async function startGitHttpServer(options: GitHttpServerOptions = {}): Promise<GitHttpServer> {
  const ownDir = options.reposDir === undefined;
  const reposDir = options.reposDir ?? makeTempDir('git-repos');
  const backend = join(await gitExecPath(), 'git-http-backend');
  const server = await startHttpServer(
    'git',
    (req, res) => {
      if (!authorized(req, options)) {
        challenge(res, options, 'git');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://placeholder');
      const env = isolatedGitEnv({
        GIT_PROJECT_ROOT: reposDir,
        GIT_HTTP_EXPORT_ALL: '1',
        GATEWAY_INTERFACE: 'CGI/1.1',
        SERVER_PROTOCOL: 'HTTP/1.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_ADDR: req.socket.remoteAddress ?? '',
        REMOTE_USER: options.basicAuth?.username ?? '',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      });
      if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
      runCgi(backend, [], env, req, res);
    },
    options.tls,
  );
  const path = (name: string) => repositoryPath(reposDir, name);
  return {
    ...server,
    reposDir,
    repoUrl: (name) => `${server.url}/${name.endsWith('.git') ? name : `${name}.git`}`,
    createRepository: async (name, opts) => (await createBareRepository(reposDir, name, opts)).commit,
    pushCommit: (name, opts) => pushCommit(path(name), opts),
    createTag: (name, tag, opts) => createTag(path(name), tag, opts),
    revParse: (name, ref) => git(['rev-parse', ref], { cwd: path(name) }),
    async stop() {
      await server.stop();
      if (ownDir) removeTempDir(reposDir);
    },
  };
}
