import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { formatElapsed, tickingLog } from './progress-ticker.ts';

test('elapsed times read as minutes and seconds', () => {
  assert.equal(formatElapsed(42_400), '42s');
  assert.equal(formatElapsed(65_000), '1m05s');
});

test('a long step repeats with its elapsed time until the next line; other lines do not', (t) => {
  // the clock is mocked: time passes only when the test ticks it
  mock.timers.enable({ apis: ['setInterval', 'Date'] });
  t.after(() => mock.timers.reset());
  const lines: string[] = [];
  const ticker = tickingLog((l) => lines.push(l), 30_000);
  ticker.log('building the control plane (kubernetes v1.35.4) from Go modules; first run only');
  mock.timers.tick(30_000);
  mock.timers.tick(30_000);
  assert.deepEqual(lines.slice(1), [
    'still building the control plane (30s elapsed)',
    'still building the control plane (1m00s elapsed)',
  ]);
  ticker.log('control plane built and cached');
  mock.timers.tick(90_000);
  assert.equal(lines.at(-1), 'control plane built and cached');
  ticker.log('waiting for another process that is building kube-scheduler');
  mock.timers.tick(30_000);
  assert.equal(
    lines.at(-1),
    'still waiting for another process that is building kube-scheduler (30s elapsed)',
  );
  ticker.stop();
  mock.timers.tick(90_000);
  assert.equal(lines.length, 6);
});
