// The message-bus and telemetry providers against local fakes (a NATS server speaking the
// protocol, an OTLP collector, a Pub/Sub emulator and token endpoint, an Event Hubs endpoint),
// Slack's `ok: false` answer, and a Provider's transport: its own CA and client certificate, and
// its proxy.
import assert from 'node:assert/strict';
import { createHmac, createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { type TestContext, test } from 'node:test';
import {
  notifierFor,
  type ProviderConfig,
  serviceAccountToken,
  traceId,
} from '../../src/controllers/notification/providers/index.ts';
import type { FluxEvent } from '../../src/runtime/events/index.ts';
import {
  LOOPBACK,
  type ServiceAnswer,
  type ServiceRequest,
  startRecordingService,
} from '../servers/index.ts';

function event(extra: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: { kind: 'Kustomization', name: 'apps', namespace: 'flux-system', uid: 'obj-uid' },
    severity: 'info',
    message: 'applied revision main',
    reason: 'ReconciliationSucceeded',
    reportingController: 'kustomize-controller',
    timestamp: '2026-01-01T00:00:00Z',
    metadata: { revision: 'main@sha1:abc' },
    ...extra,
  };
}

async function service(t: TestContext, route?: (r: ServiceRequest) => ServiceAnswer | undefined) {
  const s = await startRecordingService(route);
  t.after(() => s.stop());
  return s;
}

const send = (type: string, config: Partial<ProviderConfig>, e: FluxEvent = event(), timeoutMs = 10_000) =>
  notifierFor(type, { address: '', headers: {}, ...config }).post(e, AbortSignal.timeout(timeoutMs));

/** A NATS server of one connection at a time: greets, checks credentials, takes PUBs, answers PINGs. */
async function fakeNats(t: TestContext, credentials?: { user: string; pass: string }) {
  const published: { subject: string; payload: string; connect: Record<string, unknown> }[] = [];
  const server = createServer((socket: Socket) => {
    let buffered = Buffer.alloc(0);
    let connect: Record<string, unknown> = {};
    socket.write(`INFO {"server_id":"fake","version":"2.10.0","max_payload":1048576}\r\n`);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const eol = buffered.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffered.subarray(0, eol).toString();
        if (line.startsWith('PUB ')) {
          const [, subject, size] = line.split(' ');
          const end = eol + 2 + Number(size);
          if (buffered.length < end + 2) return;
          published.push({ subject, payload: buffered.subarray(eol + 2, end).toString(), connect });
          buffered = buffered.subarray(end + 2);
          continue;
        }
        buffered = buffered.subarray(eol + 2);
        if (line.startsWith('CONNECT ')) {
          connect = JSON.parse(line.slice(8));
          if (credentials && (connect.user !== credentials.user || connect.pass !== credentials.pass)) {
            socket.end("-ERR 'Authorization Violation'\r\n");
            return;
          }
        } else if (line === 'PING') socket.write('PONG\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, LOOPBACK, () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `nats://${LOOPBACK}:${(server.address() as { port: number }).port}`, published };
}

test('nats publishes the event on the channel subject, with the Secret’s credentials', async (t) => {
  const nats = await fakeNats(t, { user: 'flux', pass: 'nats-pass' });
  await send('nats', { address: nats.url, channel: 'flux.events', username: 'flux', password: 'nats-pass' });
  assert.equal(nats.published.length, 1);
  assert.equal(nats.published[0].subject, 'flux.events');
  assert.equal((JSON.parse(nats.published[0].payload) as FluxEvent).message, 'applied revision main');
  assert.equal(nats.published[0].connect.user, 'flux');
  // a refused login is a failure, and names no password
  const err = await send('nats', {
    address: nats.url,
    channel: 'flux.events',
    username: 'flux',
    password: 'wrong',
  }).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.match(
    String(err?.message),
    /error publishing event to subject flux\.events: .*Authorization Violation/,
  );
  assert.ok(!String(err?.message).includes('wrong'));
  assert.throws(
    () => notifierFor('nats', { address: nats.url, headers: {} }),
    /subject \(channel\) cannot be empty/,
  );
});

test('otel exports one span per event over OTLP/HTTP JSON, its trace keyed by alert and revision', async (t) => {
  const collector = await service(t);
  const alert = { name: 'deploys', namespace: 'flux-system', uid: 'alert-uid' };
  await send(
    'otel',
    { address: collector.url, password: 'otel-token', alert },
    event({ severity: 'error', reason: 'HealthCheckFailed' }),
  );
  const [req] = collector.at('POST', '/v1/traces');
  assert.equal(req.headers.authorization, 'Bearer otel-token');
  assert.match(String(req.headers['content-type']), /^application\/json/);
  const body = req.json as {
    resourceSpans: {
      resource: { attributes: { key: string; value: { stringValue: string } }[] };
      scopeSpans: { scope: { name: string }; spans: Record<string, unknown>[] }[];
    }[];
  };
  const attrs = Object.fromEntries(
    body.resourceSpans[0].resource.attributes.map((a) => [a.key, a.value.stringValue]),
  );
  assert.deepEqual(attrs, {
    'service.name': 'flux-system/deploys',
    'service.namespace': 'flux-system',
    'service.instance.id': 'alert-uid',
  });
  const { scope, spans } = body.resourceSpans[0].scopeSpans[0];
  assert.equal(scope.name, 'flux:notification-controller');
  assert.equal(spans[0].name, 'Kustomization: flux-system/apps');
  assert.equal(spans[0].traceId, traceId('alert-uid', event()));
  assert.match(String(spans[0].spanId), /^[0-9a-f]{16}$/);
  assert.equal(spans[0].startTimeUnixNano, '1767225600000000000');
  assert.deepEqual(spans[0].status, { code: 2, message: 'applied revision main' });
  // HelmRepository events and commit-status-only events are not exported
  await send(
    'otel',
    { address: collector.url, alert },
    event({ involvedObject: { kind: 'HelmRepository', name: 'r' } }),
  );
  await send('otel', { address: collector.url, alert }, event({ metadata: { commit_status: 'update' } }));
  assert.equal(collector.got.length, 1);
});

test('googlepubsub signs a service-account assertion for a token, and publishes with attributes', async (t) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const tokens = await service(t, () => ({ json: { access_token: 'ya29.pubsub', expires_in: 3600 } }));
  const keyFile = JSON.stringify({
    type: 'service_account',
    client_email: 'flux@project.iam.gserviceaccount.com',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    token_uri: `${tokens.url}/token`,
  });
  assert.equal(await serviceAccountToken(keyFile, { signal: AbortSignal.timeout(10_000) }), 'ya29.pubsub');
  const form = new URLSearchParams(tokens.got[0].body);
  assert.equal(form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
  const [header, claims, signature] = String(form.get('assertion')).split('.');
  const verified = createVerify('RSA-SHA256')
    .update(`${header}.${claims}`)
    .verify(publicKey, Buffer.from(signature, 'base64url'));
  assert.ok(verified, 'the assertion is signed with the key file’s private key');
  const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString());
  assert.equal(decoded.iss, 'flux@project.iam.gserviceaccount.com');
  assert.equal(decoded.aud, `${tokens.url}/token`);
  assert.equal(decoded.scope, 'https://www.googleapis.com/auth/pubsub');

  // publishing, through an emulator as Google's clients reach one
  const emulator = await service(t, () => ({ json: { messageIds: ['1'] } }));
  process.env.PUBSUB_EMULATOR_HOST = new URL(emulator.url).host;
  t.after(() => delete process.env.PUBSUB_EMULATOR_HOST);
  await send('googlepubsub', {
    address: 'my-project',
    channel: 'flux-events',
    headers: { team: 'platform' },
  });
  const [published] = emulator.at('POST', '/v1/projects/my-project/topics/flux-events:publish');
  const message = (published.json as { messages: { data: string; attributes: Record<string, string> }[] })
    .messages[0];
  assert.deepEqual(message.attributes, { team: 'platform' });
  assert.equal(
    (JSON.parse(Buffer.from(message.data, 'base64').toString()) as FluxEvent).reason,
    'ReconciliationSucceeded',
  );
  assert.equal(published.headers.authorization, undefined);
});

test('azureeventhub sends the event to the hub of a connection string, signed with its key', async (t) => {
  const hub = await service(t, () => ({ status: 201 }));
  const address = `Endpoint=${hub.url}/;SharedAccessKeyName=send;SharedAccessKey=hub-key;EntityPath=flux`;
  await send('azureeventhub', { address });
  const [sent] = hub.at('POST', '/flux/messages');
  assert.equal((sent.json as FluxEvent).message, 'applied revision main');
  const sas = new URLSearchParams(String(sent.headers.authorization).replace(/^SharedAccessSignature /, ''));
  const resource = `${hub.url}/flux`;
  assert.equal(sas.get('sr'), resource);
  assert.equal(sas.get('skn'), 'send');
  const expected = createHmac('sha256', 'hub-key')
    .update(`${encodeURIComponent(resource)}\n${sas.get('se')}`)
    .digest('base64');
  assert.equal(sas.get('sig'), expected);
  assert.throws(
    () => notifierFor('azureeventhub', { address, token: 'jwt', headers: {} }),
    /cannot be set at the same time/,
  );
});

test('slack’s chat.postMessage answering ok:false is a failure; a webhook’s "ok" is not', async (t) => {
  const slack = await service(t, (r) =>
    r.path === '/api/chat.postMessage' ? { json: { ok: false, error: 'channel_not_found' } } : { text: 'ok' },
  );
  await assert.rejects(
    send('slack', { address: `${slack.url}/api/chat.postMessage`, token: 'xoxb-1', channel: 'nope' }),
    /slack responded with error: channel_not_found/,
  );
  // refused by Slack itself: not retried
  assert.equal(slack.at('POST', '/api/chat.postMessage').length, 1);
  await send('slack', { address: `${slack.url}/services/T/B/X` });
});

test('a Provider’s CA and client certificate are used for its TLS, and nothing else is trusted', async (t) => {
  const secure = await startRecordingService(undefined, { requireClientCertificate: true });
  t.after(() => secure.stop());
  const tls = secure.tls;
  assert.ok(tls);
  await send('generic', {
    address: `${secure.url}/hook`,
    transport: { tls: { ca: tls.ca, cert: tls.client.cert, key: tls.client.key } },
  });
  assert.equal(secure.at('POST', '/hook').length, 1);
  // without the CA the server is not trusted; without the client certificate it refuses the client
  await assert.rejects(send('generic', { address: `${secure.url}/hook` }), /postMessage failed/);
  // (a refused handshake looks like a network failure, retried until the Provider's timeout)
  await assert.rejects(
    send('generic', { address: `${secure.url}/hook`, transport: { tls: { ca: tls.ca } } }, event(), 1500),
    /postMessage failed/,
  );
  assert.equal(secure.at('POST', '/hook').length, 1);
});

test('a Provider’s proxy carries its requests, with the proxy’s credentials', async (t) => {
  // a forward proxy that answers for the target itself: what it saw proves the route
  const proxy = await service(t, () => ({ status: 200 }));
  await send('generic', {
    address: 'http://hooks.example.invalid/notify',
    transport: { proxy: { url: proxy.url, username: 'px', password: 'px-pass' } },
  });
  const [via] = proxy.got;
  assert.equal(via.path, 'http://hooks.example.invalid/notify');
  assert.equal(via.headers.host, 'hooks.example.invalid');
  assert.equal(via.headers['proxy-authorization'], `Basic ${Buffer.from('px:px-pass').toString('base64')}`);
});
