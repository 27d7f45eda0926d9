// The side-by-side bench's own measures: requests counted from an audit log by client, and
// memory and CPU of a process tree, children included.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { auditMark, countRequests } from '../../bench/vs-flux/audit.ts';
import { treeCpuSeconds, treeMemory } from '../../bench/vs-flux/process-stats.ts';
import { eventually } from '../support/eventually.ts';

const event = (verb: string, userAgent: string, resource = 'helmreleases', subresource?: string) =>
  `${JSON.stringify({ stage: 'RequestReceived', verb, userAgent, objectRef: { resource, subresource } })}\n`;

test('the tool is counted apart from the control plane and the bench, from a mark on', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-audit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'audit.log');
  writeFileSync(log, event('list', 'helm-controller/v0.0.0 (linux/amd64) kubernetes/$Format'));
  const mark = auditMark(log);
  appendFileSync(
    log,
    [
      event('get', 'helm-controller/v0.0.0 (linux/amd64) kubernetes/$Format'),
      event('patch', 'helm-controller/v0.0.0 (linux/amd64) kubernetes/$Format', 'helmreleases', 'status'),
      event('patch', 'tsflux-helm-controller', 'helmreleases', 'status'),
      event('update', 'kube-controller-manager/v1.35.4 (linux/amd64) kubernetes/abc/deployment-controller'),
      event('list', 'kube-apiserver/v1.35.4 (linux/amd64) kubernetes/abc'),
      event('create', 'tsflux-bench'),
      // a line the apiserver was still writing when the mark was taken
      '{"verb":"get","userAg',
    ].join(''),
  );
  const counts = countRequests(log, mark);
  assert.equal(counts.total, 3);
  assert.deepEqual(Object.fromEntries(counts.byVerb), { get: 1, patch: 2 });
  assert.deepEqual(Object.fromEntries(counts.byAgent), { 'helm-controller': 2, 'tsflux-helm-controller': 1 });
  assert.deepEqual(Object.fromEntries(counts.byResource), {
    'get helmreleases': 1,
    'patch helmreleases/status': 2,
  });
});

test('a process tree is measured with its children: memory while they run, CPU after they exit', async (t) => {
  // the child spends 0.4 s of CPU (however busy the machine) and exits; the parent reaps it and stays
  const child = 'while (process.cpuUsage().user < 400000);';
  const parent = spawn(
    process.execPath,
    [
      '-e',
      `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(child)}]).on('close', () => { console.log('reaped'); setTimeout(() => {}, 60000); })`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  t.after(() => parent.kill());
  let output = '';
  parent.stdout.on('data', (b) => {
    output += b;
  });
  const pid = parent.pid as number;
  const alone = treeMemory([process.pid]);
  const m = await eventually(() => {
    const now = treeMemory([process.pid]);
    // one more Node process at least: well over 20 MiB resident, some MiB of it its own
    assert.ok(
      now.rssSum > alone.rssSum + 20,
      `${now.rssSum} MiB summed with children, ${alone.rssSum} alone`,
    );
    assert.ok(now.rss > alone.rss + 3, `${now.rss} MiB with children's private memory, ${alone.rss} alone`);
    return now;
  });
  assert.ok(m.pss <= m.rssSum && m.rss <= m.rssSum, JSON.stringify(m));
  await eventually(() => assert.match(output, /reaped/), { timeoutMs: 60_000 });
  const cpu = treeCpuSeconds([pid]);
  assert.ok(cpu >= 0.4, `${cpu} s of CPU: the reaped child's must count`);
  assert.ok(treeCpuSeconds([process.pid]) >= cpu, 'the parent is below this process');
});
