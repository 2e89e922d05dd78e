// Structured JSON log lines on stderr, by pino (levels, ISO time, one line per event). Callers pass facts, never key
// material, plaintext or secrets; request-scoped lines carry the requestId that also names the audit record, so a log
// line and its audit event correlate. pino's redaction masks the few field names that could ever hold a secret, as
// a second line of defence. https://getpino.io/#/docs/api
import pino, { type DestinationStream } from 'pino';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LEVELS)[number];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Field names masked wherever they appear (one level deep and at the top). */
const REDACT = ['secretAccessKey', 'SecretAccessKey', 'sessionToken', 'SessionToken', 'password', 'plaintext', 'Plaintext', '*.secretAccessKey', '*.sessionToken', '*.password', '*.plaintext'];

export function createLogger(level: string, destination: DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  const p = pino({
    level: (LEVELS as readonly string[]).includes(level) ? level : 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT, censor: '[redacted]' },
  }, destination);
  const at = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => (fields ? p[lvl](fields, msg) : p[lvl](msg));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
