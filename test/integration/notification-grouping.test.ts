// Grouping through the event server (beyond Flux): identical events within the rate-limit window
// are answered 429 as Flux answers them, yet not dropped: once the window ends they reach the
// Alert's Provider once, their count in the message. A different message is another event.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRecordingService } from '../servers/index.ts';
import { eventually, testClient, testNamespace } from '../support/cluster.ts';
import {
  alert,
  alerts,
  event,
  post,
  provider,
  providers,
  startTestNotificationController,
} from '../support/notification.ts';

test('duplicates within the window are sent once, with their count, when it ends', {
  timeout: 120_000,
}, async (t) => {
  const kube = testClient(t);
  const ns = await testNamespace(t, kube, 'notif-group');
  const service = await startRecordingService();
  t.after(() => service.stop());
  const nc = await startTestNotificationController(t, kube, ns, { rateLimitIntervalMs: 3000 });
  await kube.create(providers(ns), provider('hook', { type: 'generic', address: `${service.url}/hook` }));
  await kube.create(alerts(ns), alert('all', 'hook'));
  await nc.cached('Provider', 1);
  await nc.cached('Alert', 1);

  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push(await post(nc.eventsUrl, event(ns, 'fetch failed')));
  statuses.push(await post(nc.eventsUrl, event(ns, 'another message')));
  assert.deepEqual(statuses, [202, 429, 429, 429, 202], 'as Flux answers: duplicates are rate limited');
  const messages = () => service.at('POST', '/hook').map((r) => (r.json as { message: string }).message);
  await eventually(
    async () => {
      if (!messages().includes('fetch failed (repeated 3 more times in 3s)'))
        throw new Error(messages().join(' | '));
    },
    { what: 'the grouped duplicates delivered after the window' },
  );
  assert.deepEqual(messages().sort(), [
    'another message',
    'fetch failed',
    'fetch failed (repeated 3 more times in 3s)',
  ]);
});
