import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Chart } from './chart.ts';
import { type LookupKey, MAX_LOOKUP_PASSES, renderChartWithLookups } from './lookup-render.ts';
import { renderChart } from './render.ts';

const chartOf = (template: string): Chart => ({
  metadata: { name: 'lk', version: '0.1.0', apiVersion: 'v2' },
  values: {},
  templates: [{ name: 'templates/cm.yaml', data: new TextEncoder().encode(template) }],
  crds: [],
  files: [],
  dependencies: [],
});

const options = { releaseName: 'rel', namespace: 'ns' };

// a chart of one ConfigMap `cm` whose data lines are `data`
const configMapChart = (data: string) =>
  chartOf(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n${data}`);

// the ConfigMap copies a Secret's value; the Secret's name comes from another lookup's answer
const chained = configMapChart(`  {{- $ref := lookup "v1" "ConfigMap" "ns" "pointer" }}
  {{- $name := dig "data" "secret" "none" $ref }}
  {{- $s := lookup "v1" "Secret" "ns" $name }}
  password: {{ dig "data" "password" "unset" $s | quote }}
`);

test('lookups are answered by the resolver, one pass per level of dependent lookups', async () => {
  const asked: LookupKey[][] = [];
  const cluster: Record<string, Record<string, unknown>> = {
    'ConfigMap/pointer': { data: { secret: 'db' } },
    'Secret/db': { data: { password: 'czNjcjN0' } },
  };
  const result = await renderChartWithLookups(chained, options, async (keys) => {
    asked.push(keys);
    return keys.map((k) => cluster[`${k.kind}/${k.name}`] ?? {});
  });
  assert.match(result.manifests[0].content, /password: "czNjcjN0"/);
  assert.deepEqual(
    asked.map((keys) => keys.map((k) => `${k.apiVersion} ${k.kind} ${k.namespace} ${k.name}`)),
    [['v1 ConfigMap ns pointer', 'v1 Secret ns none'], ['v1 Secret ns db']],
  );
});

test('an object that does not exist is asked once and stays an empty map', async () => {
  let calls = 0;
  const result = await renderChartWithLookups(chained, options, async (keys) => {
    calls++;
    return keys.map(() => ({}));
  });
  assert.equal(calls, 1);
  assert.match(result.manifests[0].content, /password: "unset"/);
});

test('a render without lookups never calls the resolver and equals the offline render', async () => {
  const plain = chartOf('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n');
  const result = await renderChartWithLookups(plain, options, () => assert.fail('resolver called'));
  assert.deepEqual(result.manifests, renderChart(plain, options).manifests);
});

test('a pass that fails on an unanswered lookup is rendered again with the answer', async () => {
  const strict = configMapChart(`  value: {{ index (lookup "v1" "Secret" "ns" "db").data "password" | quote }}
`);
  assert.throws(() => renderChart(strict, options));
  const result = await renderChartWithLookups(strict, options, async (keys) =>
    keys.map(() => ({ data: { password: 'eA==' } })),
  );
  assert.match(result.manifests[0].content, /value: "eA=="/);
});

test('a chart that keeps asking new keys stops after the bounded number of passes', async () => {
  // each answer names the next object to look up, without end
  const endless = configMapChart(`  {{- $name := "n0" }}
  {{- range until 10 }}
  {{- $name = dig "data" "next" "" (lookup "v1" "ConfigMap" "ns" $name) }}
  {{- end }}
  last: {{ $name | quote }}
`);
  let calls = 0;
  const result = await renderChartWithLookups(endless, options, async (keys) => {
    calls++;
    return keys.map((k) => (k.name ? { data: { next: `n${Number(k.name.slice(1)) + 1}` } } : {}));
  });
  assert.equal(calls, MAX_LOOKUP_PASSES - 1);
  // the last pass rendered with what was answered: n2 was asked there and never resolved
  assert.match(result.manifests[0].content, /last: ""/);
});

test('a resolver that fails fails the render', async () => {
  await assert.rejects(
    renderChartWithLookups(chained, options, async () => {
      throw new Error('forbidden');
    }),
    /forbidden/,
  );
});
