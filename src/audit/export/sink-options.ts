// The audit export sinks a server was started with (--audit-file, --audit-syslog, --audit-stdout), parsed into
// transports. Each is required unless its options say `required=false`: a required sink holds requests (fail closed,
// 1 s at most), a best-effort one never does. Unknown options are configuration errors, not silently ignored.
import { FileSink } from './file-sink.js';
import { StdoutSink } from './stdout-sink.js';
import { syslogTransport, type SyslogTarget } from './syslog-sink.js';
import type { SinkSpec } from './audit-exporter.js';

export class SinkOptionError extends Error {}

export interface SinkFlags {
  auditFile: readonly string[];
  auditSyslog: readonly string[];
  auditStdout: string | undefined;
}

export interface SinkContext {
  /** Appended to file sink paths: each --workers process keeps its own chained file (`audit.jsonl.w2`). */
  fileSuffix?: string | undefined;
}

function split(spec: string): { base: string; params: URLSearchParams } {
  const q = spec.indexOf('?');
  return q < 0 ? { base: spec, params: new URLSearchParams() } : { base: spec.slice(0, q), params: new URLSearchParams(spec.slice(q + 1)) };
}

function only(params: URLSearchParams, allowed: readonly string[], what: string): void {
  for (const k of params.keys()) if (!allowed.includes(k)) throw new SinkOptionError(`${what}: unknown option '${k}' (allowed: ${allowed.join(', ')})`);
}

function required(params: URLSearchParams, what: string): boolean {
  const v = params.get('required');
  if (v === null || v === 'true') return true;
  if (v === 'false') return false;
  throw new SinkOptionError(`${what}: required must be true or false`);
}

function positive(params: URLSearchParams, name: string, what: string): number | undefined {
  const v = params.get(name);
  if (v === null) return undefined;
  if (!/^[1-9]\d*$/.test(v)) throw new SinkOptionError(`${what}: ${name} must be a positive integer`);
  return Number(v);
}

function fileSink(spec: string, suffix: string): SinkSpec {
  const { base, params } = split(spec);
  const what = `--audit-file ${spec}`;
  only(params, ['required', 'maxBytes', 'maxAgeSeconds'], what);
  if (base.length === 0) throw new SinkOptionError(`${what}: a path is needed`);
  return {
    transport: new FileSink({ path: base + suffix, maxBytes: positive(params, 'maxBytes', what), maxAgeSeconds: positive(params, 'maxAgeSeconds', what) }),
    required: required(params, what),
  };
}

export function syslogTarget(url: string): SyslogTarget {
  const what = `--audit-syslog ${url}`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SinkOptionError(`${what}: not a URL (udp://HOST:PORT, tcp://..., tls://..., unix:///PATH)`);
  }
  const protocol = u.protocol.slice(0, -1);
  if (protocol !== 'udp' && protocol !== 'tcp' && protocol !== 'tls' && protocol !== 'unix') {
    throw new SinkOptionError(`${what}: the scheme must be udp, tcp, tls or unix`);
  }
  only(u.searchParams, protocol === 'tls' ? ['required', 'framing', 'ca', 'servername'] : ['required', 'framing'], what);
  required(u.searchParams, what); // checked here so a bad value fails with the URL in the message
  const framing = u.searchParams.get('framing') ?? (protocol === 'unix' ? 'lf' : 'octet-counting');
  if (framing !== 'lf' && framing !== 'octet-counting') throw new SinkOptionError(`${what}: framing must be lf or octet-counting`);
  if (protocol === 'unix') {
    if (!u.pathname || u.pathname === '/') throw new SinkOptionError(`${what}: a socket path is needed (unix:///run/syslog.sock)`);
    return { protocol, path: decodeURIComponent(u.pathname), framing };
  }
  const port = Number(u.port);
  if (!u.hostname || !Number.isInteger(port) || port < 1) throw new SinkOptionError(`${what}: HOST:PORT is needed`);
  return {
    protocol, host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port, framing,
    caFile: u.searchParams.get('ca') ?? undefined, serverName: u.searchParams.get('servername') ?? undefined,
  };
}

export function sinkSpecs(flags: SinkFlags, ctx: SinkContext = {}): SinkSpec[] {
  const specs = flags.auditFile.map((f) => fileSink(f, ctx.fileSuffix ?? ''));
  for (const url of flags.auditSyslog) {
    const target = syslogTarget(url);
    specs.push({ transport: syslogTransport(target, url), required: required(new URL(url).searchParams, `--audit-syslog ${url}`) });
  }
  if (flags.auditStdout !== undefined) {
    const params = new URLSearchParams(flags.auditStdout);
    only(params, ['required'], `--audit-stdout ${flags.auditStdout}`);
    specs.push({ transport: new StdoutSink(), required: required(params, '--audit-stdout') });
  }
  return specs;
}
