import { toError } from '../../engines/errors/index.ts';
import { type Redactor, redactor as sharedRedactor } from './redact.ts';

/** Flux's `--log-level` values, most verbose last. */
export const LogLevel = { Error: 'error', Info: 'info', Debug: 'debug', Trace: 'trace' } as const;
/** One of {@link LogLevel}. */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const rank: Record<LogLevel, number> = { error: 0, info: 1, debug: 2, trace: 3 };

/** How a logger writes. */
export interface LoggerOptions {
  level?: LogLevel;
  /** Receives each JSON line (without newline); default writes to stderr as controller-runtime. */
  write?: (line: string) => void;
  now?: () => Date;
  redactor?: Redactor;
}

type Values = [string, unknown][];

/**
 * A structured JSON logger shaped like Flux's (zap through controller-runtime): each line is
 * `{"level","ts","msg", ...values, "error"}` with an ISO 8601 timestamp. {@link withValues} adds
 * context; every string goes through the redactor so secrets never reach a log line.
 */
export class Logger {
  private readonly options: Required<LoggerOptions>;
  private readonly values: Values;

  constructor(options: LoggerOptions = {}, values: Values = []) {
    this.options = {
      level: options.level ?? LogLevel.Info,
      write: options.write ?? ((l) => process.stderr.write(`${l}\n`)),
      now: options.now ?? (() => new Date()),
      redactor: options.redactor ?? sharedRedactor,
    };
    this.values = values;
  }

  /** A logger that adds these key/value pairs to every line. */
  withValues(kv: Record<string, unknown>): Logger {
    return new Logger(this.options, [...this.values, ...Object.entries(kv)]);
  }

  /** True when lines of `level` are written. */
  enabled(level: LogLevel): boolean {
    return rank[level] <= rank[this.options.level];
  }

  info(msg: string, kv?: Record<string, unknown>): void {
    this.log(LogLevel.Info, msg, kv);
  }

  debug(msg: string, kv?: Record<string, unknown>): void {
    this.log(LogLevel.Debug, msg, kv);
  }

  trace(msg: string, kv?: Record<string, unknown>): void {
    this.log(LogLevel.Trace, msg, kv);
  }

  error(err: unknown, msg: string, kv?: Record<string, unknown>): void {
    this.log(LogLevel.Error, msg, kv, err);
  }

  private log(level: LogLevel, msg: string, kv?: Record<string, unknown>, err?: unknown): void {
    if (!this.enabled(level)) return;
    const line: Record<string, unknown> = { level, ts: this.options.now().toISOString(), msg };
    for (const [k, v] of this.values) line[k] = v;
    for (const [k, v] of Object.entries(kv ?? {})) line[k] = v;
    if (err !== undefined) line.error = toError(err).message;
    const r = this.options.redactor;
    this.options.write(JSON.stringify(line, (_k, v) => (typeof v === 'string' ? r.redact(v) : v)));
  }
}

/** What identifies one reconcile in the logs. */
export interface ReconcileLogContext {
  controller: string;
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  reconcileID: string;
}

/**
 * The logger of one reconcile, with controller-runtime's keys: `controller`, `controllerGroup`,
 * `controllerKind`, `<Kind>: {name, namespace}`, `namespace`, `name`, `reconcileID`.
 */
export function reconcileLogger(base: Logger, c: ReconcileLogContext): Logger {
  return base.withValues({
    controller: c.controller,
    controllerGroup: c.group,
    controllerKind: c.kind,
    [c.kind]: c.namespace ? { name: c.name, namespace: c.namespace } : { name: c.name },
    namespace: c.namespace ?? '',
    name: c.name,
    reconcileID: c.reconcileID,
  });
}
