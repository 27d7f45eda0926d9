// The git-forge providers against per-service fakes: each commit-status type checks method, path,
// auth header and payload, and that an identical status already on the forge is not written
// again; the change-request comment types update their own marked comment or add one; the
// dispatch type sends the event as a repository_dispatch.
import assert from 'node:assert/strict';
import { createHash, createVerify, generateKeyPairSync } from 'node:crypto';
import { type TestContext, test } from 'node:test';
import {
  bitbucketNotifier,
  bitbucketServerCommits,
  commentMarker,
  commitHash,
  gitHubAppOf,
  notifierFor,
  parseGitAddress,
} from '../../src/controllers/notification/providers/index.ts';
import type { FluxEvent } from '../../src/runtime/events/index.ts';
import { type ServiceAnswer, type ServiceRequest, startRecordingService } from '../servers/index.ts';

const sha = '0123456789abcdef0123456789abcdef01234567';
const key = 'kustomization/apps/8f0c';

function event(extra: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: { kind: 'Kustomization', name: 'apps', namespace: 'flux-system', uid: 'u1' },
    severity: 'info',
    message: 'applied revision main',
    reason: 'ReconciliationSucceeded',
    reportingController: 'kustomize-controller',
    timestamp: '2026-01-01T00:00:00Z',
    metadata: { revision: `main@sha1:${sha}` },
    ...extra,
  };
}

async function service(t: TestContext, route?: (r: ServiceRequest) => ServiceAnswer | undefined) {
  const s = await startRecordingService(route);
  t.after(() => s.stop());
  return s;
}

const post = (type: string, config: Record<string, unknown>, e: FluxEvent = event()) =>
  notifierFor(type, { headers: {}, commitStatus: key, providerUid: 'p-uid', address: '', ...config }).post(
    e,
    AbortSignal.timeout(10_000),
  );

test('git addresses and revisions are read as Flux reads them', () => {
  assert.deepEqual(parseGitAddress('https://github.com/org/app.git'), {
    host: 'https://github.com',
    id: 'org/app',
  });
  assert.deepEqual(parseGitAddress('ssh://git@gitlab.example:2222/group/sub/app'), {
    host: 'https://gitlab.example:2222',
    id: 'group/sub/app',
  });
  assert.deepEqual(parseGitAddress('git@github.com:org/app.git'), {
    host: 'https://github.com',
    id: 'org/app',
  });
  assert.equal(commitHash(`main@sha1:${sha}`), sha);
  assert.equal(commitHash(`main/${sha}`), sha);
  assert.equal(commitHash(sha), sha);
  assert.throws(() => commitHash('v1.0.0'), /failed to extract commit hash from 'v1.0.0' revision/);
  assert.equal(
    bitbucketServerCommits('https://bb.example/context/scm/PRJ/app.git'),
    'https://bb.example/context/rest/api/latest/projects/PRJ/repos/app/commits',
  );
  assert.throws(
    () => bitbucketServerCommits('https://bb.example/PRJ/app.git'),
    /not http\(s\) git clone url/,
  );
});

test('github writes a commit status once, and skips a progressing event', async (t) => {
  let existing: unknown[] = [];
  const gh = await service(t, (r) => (r.method === 'GET' ? { json: existing } : { status: 201, json: {} }));
  const config = { address: `${gh.url}/org/app.git`, token: 'gh-token' };
  await post('github', config);
  const list = gh.at('GET', `/api/v3/repos/org/app/commits/${sha}/statuses?per_page=50`);
  assert.equal(list.length, 1);
  const [created] = gh.at('POST', `/api/v3/repos/org/app/statuses/${sha}`);
  assert.equal(created.headers.authorization, 'Bearer gh-token');
  assert.deepEqual(created.json, { state: 'success', context: key, description: 'reconciliation succeeded' });
  // the forge shows that very status: nothing is written again
  existing = [{ context: key, state: 'success', description: 'reconciliation succeeded' }];
  await post('github', config);
  assert.equal(gh.at('POST', `/api/v3/repos/org/app/statuses/${sha}`).length, 1);
  // a failure is a new state for the same context
  await post('github', config, event({ severity: 'error', reason: 'HealthCheckFailed' }));
  assert.deepEqual(gh.at('POST', `/api/v3/repos/org/app/statuses/${sha}`)[1].json, {
    state: 'failure',
    context: key,
    description: 'health check failed',
  });
  await post('github', config, event({ reason: 'Progressing' }));
  assert.equal(gh.got.length, 5);
  await assert.rejects(post('github', config, event({ metadata: {} })), /missing revision metadata/);
  assert.throws(
    () => notifierFor('github', { address: `${gh.url}/org/app`, headers: {} }),
    /github token or github app details must be specified/,
  );
});

test('gitlab sets a status on the project path, named by the key, with PRIVATE-TOKEN', async (t) => {
  const gl = await service(t, (r) => (r.method === 'GET' ? { json: [] } : { status: 201, json: {} }));
  await post(
    'gitlab',
    { address: `${gl.url}/group/sub/app`, token: 'gl-token' },
    event({ severity: 'error', reason: 'BuildFailed' }),
  );
  const project = '/api/v4/projects/group%2Fsub%2Fapp';
  const keyQuery = encodeURIComponent(key);
  assert.equal(gl.at('GET', `${project}/repository/commits/${sha}/statuses?name=${keyQuery}`).length, 1);
  const [set] = gl.at('POST', `${project}/statuses/${sha}`);
  assert.equal(set.headers['private-token'], 'gl-token');
  assert.deepEqual(set.json, { state: 'failed', name: key, description: 'build failed' });
});

test('gitea shows a progressing reconciliation as pending, with a token header', async (t) => {
  const gt = await service(t, (r) => (r.method === 'GET' ? { json: [] } : { status: 201, json: {} }));
  await post('gitea', { address: `${gt.url}/org/app`, token: 'gt-token' }, event({ reason: 'Progressing' }));
  assert.equal(gt.at('GET', `/api/v1/repos/org/app/commits/${sha}/statuses?page=0&limit=50`).length, 1);
  const [set] = gt.at('POST', `/api/v1/repos/org/app/statuses/${sha}`);
  assert.equal(set.headers.authorization, 'token gt-token');
  assert.deepEqual(set.json, { state: 'pending', target_url: '', description: 'progressing', context: key });
});

test('bitbucket keys the build status by the SHA-1 of the key; a 404 means none yet', async (t) => {
  const bb = await service(t, (r) =>
    r.method === 'GET' ? { status: 404, json: {} } : { status: 201, json: {} },
  );
  const hashed = createHash('sha1').update(key).digest('hex');
  await bitbucketNotifier(
    { address: 'https://bitbucket.org/team/app.git', token: 'bot:app-pass', headers: {}, commitStatus: key },
    `${bb.url}/2.0`,
  ).post(event(), AbortSignal.timeout(10_000));
  const base = `/2.0/repositories/team/app/commit/${sha}/statuses/build`;
  assert.equal(bb.at('GET', `${base}/${hashed}`).length, 1);
  const [set] = bb.at('POST', base);
  assert.equal(set.headers.authorization, `Basic ${Buffer.from('bot:app-pass').toString('base64')}`);
  assert.deepEqual(set.json, {
    state: 'SUCCESSFUL',
    key: hashed,
    name: 'kustomization/apps',
    description: 'reconciliation succeeded',
    url: 'https://bitbucket.org',
  });
  assert.throws(
    () =>
      notifierFor('bitbucket', { address: 'https://bitbucket.org/team/app', token: 'no-colon', headers: {} }),
    /expected to be <user>:<password>/,
  );
});

test('bitbucketserver posts a build under the context path, the name carrying the description', async (t) => {
  const bs = await service(t, (r) => (r.method === 'GET' ? { status: 404 } : { status: 204 }));
  const address = `${bs.url}/bitbucket/scm/PRJ/app.git`;
  await post('bitbucketserver', { address, username: 'bot', password: 'pw' });
  const hashed = createHash('sha1').update(key).digest('hex');
  const builds = `/bitbucket/rest/api/latest/projects/PRJ/repos/app/commits/${sha}/builds`;
  assert.equal(bs.at('GET', `${builds}?key=${hashed}`).length, 1);
  const [set] = bs.at('POST', builds);
  assert.equal(set.headers.authorization, `Basic ${Buffer.from('bot:pw').toString('base64')}`);
  assert.equal(set.headers['x-atlassian-token'], 'no-check');
  assert.deepEqual(set.json, {
    key: hashed,
    state: 'SUCCESSFUL',
    url: address,
    description: 'reconciliation succeeded',
    name: 'kustomization/apps [reconciliation succeeded]',
  });
});

test('azuredevops files a fluxcd-genre status with the PAT as basic auth', async (t) => {
  const az = await service(t, (r) =>
    r.method === 'GET' ? { json: { count: 0, value: [] } } : { status: 201, json: {} },
  );
  await post('azuredevops', { address: `${az.url}/org/proj/_git/app`, token: 'pat' });
  const path = `/org/proj/_apis/git/repositories/app/commits/${sha}/statuses?api-version=6.0`;
  assert.equal(az.at('GET', path).length, 1);
  const [set] = az.at('POST', path);
  assert.equal(set.headers.authorization, `Basic ${Buffer.from(':pat').toString('base64')}`);
  assert.deepEqual(set.json, {
    state: 'succeeded',
    description: 'reconciliation succeeded',
    context: { genre: 'fluxcd', name: key },
  });
});

test('githubdispatch sends the event as a repository_dispatch, but not a commit-status-only event', async (t) => {
  const gh = await service(t, () => ({ status: 204 }));
  const config = { address: `${gh.url}/org/app`, token: 'gh-token' };
  await post('githubdispatch', config);
  const [sent] = gh.at('POST', '/api/v3/repos/org/app/dispatches');
  assert.equal(sent.headers.authorization, 'Bearer gh-token');
  const body = sent.json as { event_type: string; client_payload: FluxEvent };
  assert.equal(body.event_type, 'Kustomization/apps.flux-system');
  assert.equal(body.client_payload.message, 'applied revision main');
  await post('githubdispatch', config, event({ metadata: { commit_status: 'update' } }));
  assert.equal(gh.got.length, 1);
});

test('the pull-request comment types update their own marked comment, or add one', async (t) => {
  const pr = event({ metadata: { revision: `main@sha1:${sha}`, changeRequest: '7' } });
  const marker = commentMarker('flux-pr-comment-key', 'p-uid', pr);
  assert.equal(marker, '<!-- flux-pr-comment-key:p-uid/Kustomization/flux-system/apps -->');
  const gh = await service(t, (r) => {
    if (r.path === '/api/v3/user') return { json: { login: 'flux-bot' } };
    if (r.method === 'GET')
      return {
        json: [
          { id: 1, body: marker, user: { login: 'someone-else' } },
          { id: 2, body: `${marker}\n\nold`, user: { login: 'flux-bot' } },
        ],
      };
    return { json: {} };
  });
  await post('githubpullrequestcomment', { address: `${gh.url}/org/app`, token: 'gh-token' }, pr);
  assert.equal(
    gh.at('GET', '/api/v3/repos/org/app/issues/7/comments?sort=created&direction=asc&per_page=100').length,
    1,
  );
  const [edit] = gh.at('PATCH', '/api/v3/repos/org/app/issues/comments/2');
  const body = (edit.json as { body: string }).body;
  assert.ok(body.startsWith(`${marker}\n\n## Flux Status\n\nℹ️ Kustomization/flux-system/apps\n\n`), body);
  assert.ok(!body.includes('changeRequest'), 'the change request is not repeated in the text');

  // gitlab: no note of its own yet, so one is added
  const gl = await service(t, (r) =>
    r.path === '/api/v4/user'
      ? { json: { username: 'flux-bot' } }
      : r.method === 'GET'
        ? { json: [] }
        : { json: {} },
  );
  await post('gitlabmergerequestcomment', { address: `${gl.url}/group/app`, token: 'gl-token' }, pr);
  const notes = '/api/v4/projects/group%2Fapp/merge_requests/7/notes';
  assert.equal(gl.at('GET', `${notes}?sort=asc&order_by=created_at&per_page=100`).length, 1);
  const [note] = gl.at('POST', notes);
  assert.ok((note.json as { body: string }).body.startsWith('<!-- flux-mr-comment-key:p-uid/Kustomization/'));

  // gitea: its own comment is edited
  const gt = await service(t, (r) => {
    if (r.path === '/api/v1/user') return { json: { login: 'flux-bot' } };
    if (r.method === 'GET') return { json: [{ id: 9, body: marker, user: { login: 'flux-bot' } }] };
    return { json: {} };
  });
  await post('giteapullrequestcomment', { address: `${gt.url}/org/app`, token: 'gt-token' }, pr);
  assert.equal(gt.at('GET', '/api/v1/repos/org/app/issues/7/comments?page=1&limit=100').length, 1);
  assert.equal(gt.at('PATCH', '/api/v1/repos/org/app/issues/comments/9').length, 1);
  assert.equal(
    gt.at('PATCH', '/api/v1/repos/org/app/issues/comments/9')[0].headers.authorization,
    'token gt-token',
  );

  await assert.rejects(
    post('githubpullrequestcomment', { address: `${gh.url}/org/app`, token: 't' }, event()),
    /missing "changeRequest" metadata key/,
  );
});

test('a GitHub App installation token stands in for the token; the app comments as <slug>[bot]', async (t) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const gh = await service(t, (r) => {
    if (r.path === '/api/v3/app/installations/42/access_tokens')
      return { status: 201, json: { token: 'ghs_installation' } };
    if (r.path === '/api/v3/app') return { json: { slug: 'flux-app' } };
    if (r.method === 'GET' && r.path.includes('/issues/'))
      return {
        json: [
          {
            id: 5,
            body: '<!-- flux-pr-comment-key:p-uid/Kustomization/flux-system/apps -->',
            user: { login: 'flux-app[bot]' },
          },
        ],
      };
    return r.method === 'GET' ? { json: [] } : { status: 201, json: {} };
  });
  const githubApp = gitHubAppOf({
    githubAppID: '1234',
    githubAppInstallationID: '42',
    githubAppPrivateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    githubAppBaseURL: `${gh.url}/api/v3`,
  });
  await post('github', { address: `${gh.url}/org/app`, githubApp });
  const [exchange] = gh.at('POST', '/api/v3/app/installations/42/access_tokens');
  const [header, claims, signature] = String(exchange.headers.authorization)
    .replace(/^Bearer /, '')
    .split('.');
  assert.ok(
    createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(publicKey, Buffer.from(signature, 'base64url')),
    'the app JWT is signed with the app key',
  );
  assert.equal(JSON.parse(Buffer.from(claims, 'base64url').toString()).iss, '1234');
  assert.equal(
    gh.at('POST', `/api/v3/repos/org/app/statuses/${sha}`)[0].headers.authorization,
    'Bearer ghs_installation',
  );

  await post(
    'githubpullrequestcomment',
    { address: `${gh.url}/org/app`, githubApp },
    event({ metadata: { revision: `main@sha1:${sha}`, changeRequest: '7' } }),
  );
  assert.equal(gh.at('GET', '/api/v3/user').length, 0);
  assert.equal(gh.at('PATCH', '/api/v3/repos/org/app/issues/comments/5').length, 1);
  assert.throws(
    () => gitHubAppOf({ githubAppID: '1' }),
    /missing 'githubAppInstallationID', 'githubAppPrivateKey'/,
  );
});
