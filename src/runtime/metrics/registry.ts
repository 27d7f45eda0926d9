/** Labels of one series, by label name. */
export type Labels = Record<string, string>;

// Prometheus text format escaping of label values: backslash, double quote and newline
function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Go's strconv 'g'-like formatting Prometheus clients use: +Inf, NaN, shortest round-trip. */
export function formatValue(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isNaN(v)) return 'NaN';
  return String(v);
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabel(values[i] ?? '')}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** One metric family: a name, help, type and its series. */
export interface Collector {
  readonly name: string;
  expose(): string;
}

abstract class Family<S> implements Collector {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  protected readonly series = new Map<string, { values: string[]; s: S }>();
  protected abstract readonly type: string;

  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
  }

  protected abstract fresh(): S;

  protected get(labels: Labels = {}): S {
    const values = this.labelNames.map((n) => labels[n] ?? '');
    const key = values.join('\u0000');
    let entry = this.series.get(key);
    if (!entry) {
      entry = { values, s: this.fresh() };
      this.series.set(key, entry);
    }
    return entry.s;
  }

  /** Removes one series (e.g. of a deleted object). */
  remove(labels: Labels): void {
    this.series.delete(this.labelNames.map((n) => labels[n] ?? '').join('\u0000'));
  }

  protected abstract lines(values: string[], s: S): string[];

  expose(): string {
    const out = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    const sorted = [...this.series.values()].sort((a, b) => (a.values.join() < b.values.join() ? -1 : 1));
    for (const { values, s } of sorted) out.push(...this.lines(values, s));
    return `${out.join('\n')}\n`;
  }
}

/** A monotonically increasing count. */
export class Counter extends Family<{ v: number }> {
  protected readonly type = 'counter';
  protected fresh() {
    return { v: 0 };
  }
  /** Adds `n` (default 1) to the series of `labels`. */
  inc(labels?: Labels, n = 1): void {
    this.get(labels).v += n;
  }
  /** The current value of a series. */
  value(labels?: Labels): number {
    return this.get(labels).v;
  }
  protected lines(values: string[], s: { v: number }): string[] {
    return [`${this.name}${labelText(this.labelNames, values)} ${formatValue(s.v)}`];
  }
}

/** A value that goes up and down. */
export class Gauge extends Family<{ v: number }> {
  protected readonly type = 'gauge';
  protected fresh() {
    return { v: 0 };
  }
  /** Sets the series of `labels` to `v`. */
  set(labels: Labels | undefined, v: number): void {
    this.get(labels).v = v;
  }
  /** Adds `n` (may be negative). */
  add(labels: Labels | undefined, n: number): void {
    this.get(labels).v += n;
  }
  /** The current value of a series. */
  value(labels?: Labels): number {
    return this.get(labels).v;
  }
  protected lines(values: string[], s: { v: number }): string[] {
    return [`${this.name}${labelText(this.labelNames, values)} ${formatValue(s.v)}`];
  }
}

interface HistogramSeries {
  counts: number[];
  sum: number;
  count: number;
}

/** Observations counted into cumulative buckets, with their sum and count. */
export class Histogram extends Family<HistogramSeries> {
  protected readonly type = 'histogram';
  readonly buckets: readonly number[];

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    super(name, help, labelNames);
    this.buckets = [...buckets].sort((a, b) => a - b);
  }
  protected fresh(): HistogramSeries {
    return { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
  }
  /** Records one observation. */
  observe(labels: Labels | undefined, v: number): void {
    const s = this.get(labels);
    s.sum += v;
    s.count++;
    for (let i = 0; i < this.buckets.length; i++) if (v <= this.buckets[i]) s.counts[i]++;
  }
  /** The number of observations of a series. */
  count(labels?: Labels): number {
    return this.get(labels).count;
  }
  protected lines(values: string[], s: HistogramSeries): string[] {
    const out = this.buckets.map(
      (b, i) =>
        `${this.name}_bucket${labelText(this.labelNames, values, ['le', formatValue(b)])} ${s.counts[i]}`,
    );
    out.push(`${this.name}_bucket${labelText(this.labelNames, values, ['le', '+Inf'])} ${s.count}`);
    out.push(`${this.name}_sum${labelText(this.labelNames, values)} ${formatValue(s.sum)}`);
    out.push(`${this.name}_count${labelText(this.labelNames, values)} ${s.count}`);
    return out;
  }
}

/** `count` buckets starting at `start`, each `factor` times the previous (Prometheus' helper). */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  const out: number[] = [];
  let v = start;
  for (let i = 0; i < count; i++, v *= factor) out.push(v);
  return out;
}

/**
 * A set of metric families rendered together in the Prometheus text exposition format (0.0.4),
 * sorted by name as Go's client does. Registering a second family with the same name throws.
 */
export class Registry {
  private readonly collectors = new Map<string, Collector>();

  /** Adds a family and returns it. */
  register<C extends Collector>(c: C): C {
    if (this.collectors.has(c.name)) throw new Error(`metric '${c.name}' is already registered`);
    this.collectors.set(c.name, c);
    return c;
  }

  /** The registered family named `name`, if any. */
  get(name: string): Collector | undefined {
    return this.collectors.get(name);
  }

  /** The whole registry as exposition text. */
  expose(): string {
    return [...this.collectors.values()]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((c) => c.expose())
      .join('');
  }
}
