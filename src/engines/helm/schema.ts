import type { Chart } from './chart.ts';
import type { Values } from './coalesce.ts';

/** Validates values against the chart's and subcharts' values.schema.json (placeholder: see schema-validate). */
export function validateValuesAgainstSchemas(_chart: Chart, _values: Values): void {}
