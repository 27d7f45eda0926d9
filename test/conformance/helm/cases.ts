import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The real charts of the shared fixtures, read in place (never copied into the project). */
export const FIXTURE_CHARTS = resolve(import.meta.dirname, '../../../../shared/fixtures/charts');
/** Real-world charts (bitnami, each with its `common` library vendored), read in place. */
export const EXTRA_CHARTS = resolve(import.meta.dirname, '../../../../shared/fixtures/charts-extra');
/** Charts of this suite exercising what the fixtures do not: subcharts, aliases, files, hooks, CRDs. */
export const LOCAL_CHARTS = resolve(import.meta.dirname, 'charts');
/** Small charts of this suite that must fail to render, in both Helm and tsflux. */
export const ERROR_CHARTS = resolve(import.meta.dirname, 'error-charts');

/** Flags fixed for every case, so both tools render the same release for the same cluster. */
export const RELEASE = { name: 'rel', namespace: 'ns', kubeVersion: '1.35.0' };

/** One conformance case: a chart and the values files given with -f (none: default values). */
export interface Case {
  id: string;
  chart: string;
  valueFiles: string[];
  set?: string[];
  setString?: string[];
  /** Overrides the suite's fixed --kube-version. */
  kubeVersion?: string;
  setFile?: string[];
  setJson?: string[];
  setLiteral?: string[];
  apiVersions?: string[];
  includeCrds?: boolean;
  showOnly?: string[];
  expectError?: boolean;
}

/** Each chart of a directory with default values and with each of its ci/*.yaml files. */
function chartsWithCiValues(dir: string, prefix: string): Case[] {
  const cases: Case[] = [];
  if (!existsSync(dir)) return cases;
  for (const name of readdirSync(dir).sort()) {
    const chart = join(dir, name);
    cases.push({ id: `${prefix}${name} (default values)`, chart, valueFiles: [] });
    const ci = join(chart, 'ci');
    if (!existsSync(ci)) continue;
    for (const f of readdirSync(ci).sort())
      if (/\.ya?ml$/.test(f))
        cases.push({ id: `${prefix}${name} -f ci/${f}`, chart, valueFiles: [join(ci, f)] });
  }
  return cases;
}

/** Every fixture chart with default values and with each of its ci/*.yaml files, plus error cases. */
export function conformanceCases(): Case[] {
  const cases: Case[] = [...chartsWithCiValues(EXTRA_CHARTS, 'extra/')];
  // the bitnami charts ship no ci/ values: their common toggles, set the way users set them
  if (existsSync(EXTRA_CHARTS))
    for (const name of readdirSync(EXTRA_CHARTS).sort())
      cases.push({
        id: `extra/${name} with metrics, ingress, autoscaling and a network policy`,
        chart: join(EXTRA_CHARTS, name),
        valueFiles: [],
        set: [
          'metrics.enabled=true,metrics.serviceMonitor.enabled=true,metrics.prometheusRule.enabled=true',
          'ingress.enabled=true,ingress.tls=true,ingress.hostname=app.example.com',
          'autoscaling.enabled=true,autoscaling.hpa.enabled=true,networkPolicy.enabled=true',
          'pdb.create=true,serviceAccount.create=true,rbac.create=true',
        ],
        apiVersions: ['monitoring.coreos.com/v1'],
      });
  if (existsSync(FIXTURE_CHARTS)) {
    cases.push(...chartsWithCiValues(FIXTURE_CHARTS, ''));
    for (const name of readdirSync(FIXTURE_CHARTS).sort()) {
      cases.push({
        id: `${name} on Kubernetes 1.25 with monitoring APIs`,
        chart: join(FIXTURE_CHARTS, name),
        valueFiles: [],
        kubeVersion: 'v1.25.16',
        apiVersions: ['monitoring.coreos.com/v1', 'autoscaling.k8s.io/v1', 'gateway.networking.k8s.io/v1'],
      });
    }
    cases.push({
      id: 'podinfo -f values-prod.yaml --set',
      chart: join(FIXTURE_CHARTS, 'podinfo'),
      valueFiles: [join(FIXTURE_CHARTS, 'podinfo', 'values-prod.yaml')],
      set: ['replicaCount=3,ingress.enabled=true,podAnnotations.a\\.b=x', 'hpa.enabled=null'],
    });
  }
  const umbrella = join(LOCAL_CHARTS, 'umbrella');
  cases.push({ id: 'umbrella (default values)', chart: umbrella, valueFiles: [] });
  cases.push({
    id: 'umbrella --include-crds --set --set-string --api-versions',
    chart: umbrella,
    valueFiles: [],
    set: ['third.enabled=true', 'global.region=ap,first.port=8080', 'list={a,b,c}', 'name=null'],
    setString: ['second.greeting=007'],
    apiVersions: ['example.com/v1', 'example.com/v1/Widget'],
    includeCrds: true,
  });
  cases.push({
    id: 'umbrella with subcharts disabled by condition and tags',
    chart: umbrella,
    valueFiles: [],
    set: ['first.enabled=false', 'tags.extra=false', 'global.thirdEnabled=true'],
  });
  cases.push({ id: 'legacy-v1 (requirements.yaml)', chart: join(LOCAL_CHARTS, 'legacy-v1'), valueFiles: [] });
  cases.push({
    id: 'legacy-v1 --set typed values',
    chart: join(LOCAL_CHARTS, 'legacy-v1'),
    valueFiles: [],
    set: [
      'numbers.int=7,numbers.big=12345678901,numbers.zero=0,numbers.lead=0123,numbers.t=TRUE,numbers.n=nil',
      'child.enabled=false',
    ],
  });
  cases.push({
    id: 'legacy-v1 with every kind of --set',
    chart: join(LOCAL_CHARTS, 'legacy-v1'),
    valueFiles: [],
    set: [
      'nest.list[0].name=a,nest.list[2]=c,esc=a\\,b\\=c,lst={1,two,true},emptyval=',
      'dotted.key\\.with\\.dots=1',
    ],
    setString: ['numbers.int=99,flag=true'],
    setFile: [`fromFile=${join(LOCAL_CHARTS, 'legacy-v1', 'values.yaml')}`],
    setJson: ['json={"a":[1,2.5,{"b":null}],"c":"d"}', 'numbers.float=7'],
    setLiteral: ['literal=a,b=c{d}'],
  });
  cases.push({
    id: 'error: alertmanager values against its values.schema.json',
    chart: join(FIXTURE_CHARTS, 'alertmanager'),
    valueFiles: [],
    set: [
      'persistence.enabled=maybe,extraArgs=5,image.pullPolicy=Sometimes,image.extra=x',
      'replicaCount=null',
    ],
    setString: ['image.tag=1'],
    expectError: true,
  });
  cases.push({
    id: 'umbrella --show-only with a glob and a subchart template',
    chart: umbrella,
    valueFiles: [],
    showOnly: ['templates/order.yaml', 'charts/*/templates/cm.yaml', 'templates/hooks.yaml'],
  });
  cases.push({
    id: 'error: --show-only of a template that does not exist',
    chart: umbrella,
    valueFiles: [],
    showOnly: ['templates/nope.yaml'],
    expectError: true,
  });
  cases.push({
    id: 'packed chart archive (.tgz)',
    chart: join(umbrella, 'charts', 'packed-0.2.1.tgz'),
    valueFiles: [],
  });
  for (const name of readdirSync(ERROR_CHARTS).sort()) {
    cases.push({ id: `error: ${name}`, chart: join(ERROR_CHARTS, name), valueFiles: [], expectError: true });
  }
  return cases;
}
