/**
 * Pull (merge) requests, beyond Flux (image-automation#938, #524): when an automation pushes to
 * a branch other than its checkout branch, it can open a request to merge that branch into the
 * checkout branch through the GitHub, Gitea or GitLab API. Off unless the automation is annotated
 * (the CRD stays Flux's); docs/image-pull-requests.md is the spec.
 */
import { ImageAutomationReason, PullRequestAnnotation } from '../../../api/image/v1/index.ts';
import { StallingError, TransientError, toError } from '../../../runtime/reconcile/index.ts';
import { readSecret } from '../../../runtime/secrets/index.ts';
import type { ImageEnv, ImageUpdateAutomationObject } from '../env.ts';

/** The Git hosting APIs a request can be opened through. */
export type PullRequestProvider = 'github' | 'gitea' | 'gitlab';

/** Where and how to open requests, read from the automation's annotations. */
export interface PullRequestConfig {
  provider: PullRequestProvider;
  /** API base URL, e.g. `https://api.github.com`. */
  api: string;
  /** `owner/repo` (GitHub, Gitea) or the project's full path (GitLab). */
  repository: string;
  token: string;
}

/** One request to open: from the push branch into the checkout branch. */
export interface PullRequestInput {
  head: string;
  base: string;
  /** The commit message: its first line is the title, the rest the description. */
  message: string;
}

/** A request found or opened; `created` is false when one was open already. */
export interface PullRequestResult {
  url: string;
  created: boolean;
}

const PROVIDERS: readonly PullRequestProvider[] = ['github', 'gitea', 'gitlab'];

// the repository path of a Git URL: `https://host/owner/repo.git`, `ssh://git@host/owner/repo`,
// `git@host:owner/repo.git`
function repositoryOf(url: string): { host: string; path: string } {
  const scp = /^[^/@]+@([^:/]+):(.+)$/.exec(url);
  const { host, path } = scp
    ? { host: scp[1], path: scp[2] }
    : (() => {
        const u = new URL(url);
        return { host: u.hostname, path: u.pathname };
      })();
  return { host, path: path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '') };
}

function defaultApi(provider: PullRequestProvider, host: string): string {
  if (provider === 'github')
    return host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
  return `https://${host}/api/${provider === 'gitea' ? 'v1' : 'v4'}`;
}

/**
 * The request configuration of an automation, or undefined when it opens none: the provider
 * annotation names the API, the secret annotation a Secret of the automation's namespace holding
 * `token`, and the optional API annotation a base URL other than the provider's default for the
 * GitRepository's host. A provider tsflux does not know stalls.
 */
export async function pullRequestConfig(
  env: ImageEnv,
  obj: ImageUpdateAutomationObject,
  gitUrl: string,
): Promise<PullRequestConfig | undefined> {
  const annotations = obj.metadata?.annotations ?? {};
  const provider = annotations[PullRequestAnnotation.Provider];
  if (!provider) return undefined;
  const invalid = (why: string) => new StallingError(ImageAutomationReason.InvalidSourceConfiguration, why);
  if (!PROVIDERS.includes(provider as PullRequestProvider))
    throw invalid(`pull request provider '${provider}' not supported: use one of ${PROVIDERS.join(', ')}`);
  const secret = annotations[PullRequestAnnotation.Secret];
  if (!secret) throw invalid(`pull requests need the annotation '${PullRequestAnnotation.Secret}'`);
  let token: string | undefined;
  try {
    token = (await readSecret(env.kube, obj.metadata?.namespace ?? '', secret)).texts().token;
  } catch (e: unknown) {
    throw new TransientError(
      ImageAutomationReason.PullRequestFailed,
      `failed to open pull request: ${toError(e).message}`,
      { cause: e },
    );
  }
  if (!token) throw invalid(`secret '${secret}' has no 'token' for pull requests`);
  const repo = repositoryOf(gitUrl);
  const p = provider as PullRequestProvider;
  return {
    provider: p,
    api: (annotations[PullRequestAnnotation.Api] || defaultApi(p, repo.host)).replace(/\/+$/, ''),
    repository: repo.path,
    token,
  };
}

// one API call; a status other than 2xx is an error with the answer's start
async function call(
  config: PullRequestConfig,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const auth: Record<PullRequestProvider, [string, string]> = {
    github: ['Authorization', `Bearer ${config.token}`],
    gitea: ['Authorization', `token ${config.token}`],
    gitlab: ['PRIVATE-TOKEN', config.token],
  };
  const [header, value] = auth[config.provider];
  const res = await fetch(`${config.api}${path}`, {
    method,
    headers: {
      [header]: value,
      Accept: config.provider === 'github' ? 'application/vnd.github+json' : 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      'User-Agent': 'tsflux/image-automation-controller',
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

type Hit = { html_url?: string; web_url?: string; head?: { ref?: string }; base?: { ref?: string } };

/**
 * Opens a request from `head` into `base`, unless one is open already (then its URL is
 * returned). GitHub and Gitea: `POST /repos/{owner}/{repo}/pulls`; GitLab:
 * `POST /projects/{path}/merge_requests`.
 */
export async function ensurePullRequest(
  config: PullRequestConfig,
  input: PullRequestInput,
): Promise<PullRequestResult> {
  const [title, ...rest] = input.message.split('\n');
  const body = rest.join('\n').trim();
  try {
    if (config.provider === 'gitlab') {
      const project = `/projects/${encodeURIComponent(config.repository)}/merge_requests`;
      const query = `?state=opened&source_branch=${encodeURIComponent(input.head)}&target_branch=${encodeURIComponent(input.base)}`;
      const open = (await call(config, 'GET', project + query)) as Hit[];
      if (open.length > 0) return { url: open[0].web_url ?? '', created: false };
      const made = (await call(config, 'POST', project, {
        source_branch: input.head,
        target_branch: input.base,
        title,
        description: body,
      })) as Hit;
      return { url: made.web_url ?? '', created: true };
    }
    const pulls = `/repos/${config.repository}/pulls`;
    const owner = config.repository.split('/')[0];
    const query =
      config.provider === 'github'
        ? `?state=open&head=${encodeURIComponent(`${owner}:${input.head}`)}&base=${encodeURIComponent(input.base)}`
        : '?state=open';
    const open = ((await call(config, 'GET', pulls + query)) as Hit[]).filter(
      (p) => p.head?.ref === input.head && p.base?.ref === input.base,
    );
    if (open.length > 0) return { url: open[0].html_url ?? '', created: false };
    const made = (await call(config, 'POST', pulls, {
      title,
      head: input.head,
      base: input.base,
      body,
    })) as Hit;
    return { url: made.html_url ?? '', created: true };
  } catch (e: unknown) {
    throw new TransientError(
      ImageAutomationReason.PullRequestFailed,
      `failed to open pull request from '${input.head}' to '${input.base}': ${toError(e).message}`,
      { cause: e },
    );
  }
}
