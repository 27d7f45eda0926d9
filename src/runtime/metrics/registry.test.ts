import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Logger } from '../logging/index.ts';
import { ControllerMetrics } from './controller-metrics.ts';
import { processCollectors } from './process.ts';
import { Counter, exponentialBuckets, Histogram, Registry } from './registry.ts';
import { parseAddr, serveMetrics, serveProbes } from './server.ts';

test('exposition follows the Prometheus text format', () => {
  const r = new Registry();
  const c = r.register(new Counter('b_total', 'A "counter".', ['x']));
  c.inc({ x: 'a"b\\c\nd' });
  c.inc({ x: 'a"b\\c\nd' }, 2);
  const h = r.register(new Histogram('a_seconds', 'Durations.', ['k'], [0.1, 1]));
  h.observe({ k: 'v' }, 0.05);
  h.observe({ k: 'v' }, 0.5);
  h.observe({ k: 'v' }, 5);
  assert.equal(
    r.expose(),
    [
      '# HELP a_seconds Durations.',
      '# TYPE a_seconds histogram',
      'a_seconds_bucket{k="v",le="0.1"} 1',
      'a_seconds_bucket{k="v",le="1"} 2',
      'a_seconds_bucket{k="v",le="+Inf"} 3',
      'a_seconds_sum{k="v"} 5.55',
      'a_seconds_count{k="v"} 3',
      '# HELP b_total A "counter".',
      '# TYPE b_total counter',
      'b_total{x="a\\"b\\\\c\\nd"} 3',
      '',
    ].join('\n'),
  );
  assert.throws(() => r.register(new Counter('b_total', 'again')), /already registered/);
  assert.deepEqual(exponentialBuckets(0.01, 10, 3), [0.01, 0.1, 1]);
});

test('controller metrics carry Flux and controller-runtime names', () => {
  const r = new Registry();
  const m = new ControllerMetrics(r);
  const obs = m.observer('gitrepository', 4);
  obs.reconciled?.(
    { name: 'a', key: 'a' },
    { reconcileID: 'x', signal: new AbortController().signal, log: new Logger() },
    'error',
    0.2,
  );
  m.queueMetrics('gitrepository').added();
  m.recordDuration({ kind: 'GitRepository', metadata: { name: 'podinfo', namespace: 'flux-system' } }, 0.3);
  const text = r.expose();
  assert.match(text, /^controller_runtime_reconcile_total\{controller="gitrepository",result="error"\} 1$/m);
  assert.match(text, /^controller_runtime_reconcile_errors_total\{controller="gitrepository"\} 1$/m);
  assert.match(text, /^controller_runtime_max_concurrent_reconciles\{controller="gitrepository"\} 4$/m);
  assert.match(text, /^workqueue_adds_total\{controller="gitrepository",name="gitrepository"\} 1$/m);
  assert.match(
    text,
    /^gotk_reconcile_duration_seconds_bucket\{kind="GitRepository",name="podinfo",namespace="flux-system",le="1"\} 1$/m,
  );
});

test('metrics and probes are served over HTTP', async (t) => {
  const r = new Registry();
  for (const c of processCollectors()) r.register(c);
  const m = await serveMetrics(r, '127.0.0.1:0');
  let ready = false;
  const p = await serveProbes(
    { healthz: { ping: () => true }, readyz: { informers: () => ready } },
    '127.0.0.1:0',
  );
  t.after(() => {
    m.close();
    p.close();
  });
  const port = (s: typeof m) => (s.address() as { port: number }).port;
  const metrics = await fetch(`http://127.0.0.1:${port(m)}/metrics`);
  assert.equal(metrics.status, 200);
  assert.match(await metrics.text(), /^process_resident_memory_bytes \d+$/m);
  assert.equal((await fetch(`http://127.0.0.1:${port(p)}/healthz`)).status, 200);
  const notReady = await fetch(`http://127.0.0.1:${port(p)}/readyz`);
  assert.equal(notReady.status, 500);
  assert.match(await notReady.text(), /informers failed/);
  ready = true;
  assert.equal((await fetch(`http://127.0.0.1:${port(p)}/readyz`)).status, 200);
  assert.deepEqual(parseAddr(':8080'), { host: undefined, port: 8080 });
  assert.deepEqual(parseAddr('[::1]:9440'), { host: '::1', port: 9440 });
});
