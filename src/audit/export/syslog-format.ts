// RFC 5424 syslog messages for audit events, and their framing on streams (RFC 6587 octet counting, as RFC 5425 TLS
// requires; or LF-terminated for receivers that want it). Facility 13 (log audit); severity informational for
// successes and notice for failed calls. https://www.rfc-editor.org/rfc/rfc5424 https://www.rfc-editor.org/rfc/rfc6587
import { hostname } from 'node:os';

const FACILITY_LOG_AUDIT = 13;
const SEVERITY_INFO = 6;
const SEVERITY_NOTICE = 5;
const BOM = '\uFEFF';

/** PRINTUSASCII without spaces, at most `max` characters; NILVALUE when empty. */
function header(value: string, max: number): string {
  const v = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return v.length > 0 ? v : '-';
}

const HOST = header(hostname(), 255);

/** One RFC 5424 message for an event's JSON line. */
export function syslogMessage(eventJson: string, now = Date.now()): string {
  const failed = eventJson.includes('"errorCode":');
  const pri = FACILITY_LOG_AUDIT * 8 + (failed ? SEVERITY_NOTICE : SEVERITY_INFO);
  const name = /"eventName":"([^"]*)"/.exec(eventJson)?.[1] ?? '';
  return `<${pri}>1 ${new Date(now).toISOString()} ${HOST} keyward ${process.pid} ${header(name, 32)} - ${BOM}${eventJson}`;
}

export type Framing = 'octet-counting' | 'lf';

/** A message framed for a stream transport. */
export function frame(message: string, framing: Framing): string {
  return framing === 'lf' ? message + '\n' : `${Buffer.byteLength(message, 'utf8')} ${message}`;
}
