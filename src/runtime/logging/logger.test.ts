import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Logger, reconcileLogger } from './logger.ts';
import { Redactor } from './redact.ts';

function capture(level: 'info' | 'debug' | 'error' | 'trace' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const redactor = new Redactor();
  const log = new Logger({
    level,
    redactor,
    now: () => new Date('2026-11-24T16:00:00.123Z'),
    write: (l) => {
      raw.push(l);
      lines.push(JSON.parse(l));
    },
  });
  return { log, lines, raw, redactor };
}

test('reconcile lines carry controller-runtime keys in order', () => {
  const { log, raw } = capture();
  const r = reconcileLogger(log, {
    controller: 'gitrepository',
    group: 'source.toolkit.fluxcd.io',
    kind: 'GitRepository',
    name: 'podinfo',
    namespace: 'flux-system',
    reconcileID: 'abc',
  });
  r.info('stored artifact', { revision: 'main@sha1:1234' });
  r.error(new Error('failed to checkout'), 'Reconciler error');
  assert.equal(
    raw[0],
    '{"level":"info","ts":"2026-11-24T16:00:00.123Z","msg":"stored artifact","controller":"gitrepository","controllerGroup":"source.toolkit.fluxcd.io","controllerKind":"GitRepository","GitRepository":{"name":"podinfo","namespace":"flux-system"},"namespace":"flux-system","name":"podinfo","reconcileID":"abc","revision":"main@sha1:1234"}',
  );
  assert.match(raw[1], /"level":"error".*"reconcileID":"abc","error":"failed to checkout"\}$/);
});

test('levels filter lines', () => {
  const { log, lines } = capture('info');
  log.debug('hidden');
  log.trace('hidden');
  log.info('shown');
  assert.deepEqual(
    lines.map((l) => l.msg),
    ['shown'],
  );
  assert.ok(log.enabled('error'));
});

test('secrets never reach a log line', () => {
  const { log, raw, redactor } = capture();
  redactor.addSecret('s3cr3t-value');
  log.info('cloning https://git:ghp_abcdef@github.example/org/repo', {
    header: 'Authorization: Bearer eyJhbGciOi.xyz',
    data: { note: 'the value is s3cr3t-value', cfg: 'password=hunter2 user=bob' },
  });
  log.error(new Error('auth failed with token: abc123xyz'), 'x', {
    key: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
  });
  const all = raw.join('\n');
  for (const s of ['ghp_abcdef', 'eyJhbGciOi', 's3cr3t-value', 'hunter2', 'abc123xyz', 'MIIE'])
    assert.ok(!all.includes(s), `${s} leaked: ${all}`);
  assert.ok(all.includes('https://***:***@github.example/org/repo'));
  assert.ok(all.includes('user=bob'), 'non-secret values stay');
});
