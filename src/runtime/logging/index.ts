export { Logger, type LoggerOptions, LogLevel, type ReconcileLogContext, reconcileLogger } from './logger.ts';
export { Redactor, redactor } from './redact.ts';
