export { type HelmChartObject, helmChartKind } from './helm-chart-kind.ts';
