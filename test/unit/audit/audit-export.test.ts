// Export sinks without a server: the file sink's chain across rotations and restarts, the sink queue's health and
// retries, the exporter's deadline and refusal, syslog framing, and the sink options.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AuditExporter, AuditSinkUnavailableError } from '../../../src/audit/export/audit-exporter.js';
import { verifyChainedLines } from '../../../src/audit/export/file-chain.js';
import { FileSink, rotatedFiles } from '../../../src/audit/export/file-sink.js';
import { SinkOptionError, sinkSpecs, syslogTarget } from '../../../src/audit/export/sink-options.js';
import type { SinkTransport } from '../../../src/audit/export/sink-queue.js';
import { frame, syslogMessage } from '../../../src/audit/export/syslog-format.js';
import type { AuditEntry } from '../../../src/core/model.js';

const dir = mkdtempSync(join(tmpdir(), 'keyward-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const event = (n: number) => JSON.stringify({ eventName: 'Encrypt', n, text: 'é "quoted"' });
const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

test('file sink: rotates by size, the chain continues across files and across a restart; an edit is found', async () => {
  const path = join(dir, 'audit.jsonl');
  let now = Date.UTC(2026, 11, 7);
  const clock = () => (now += 1000);
  const sink = new FileSink({ path, maxBytes: 600, clock });
  for (let i = 0; i < 12; i++) await sink.deliver([event(i), event(100 + i)]);
  await sink.close();
  const again = new FileSink({ path, maxBytes: 600, clock });
  await again.deliver([event(999)]);
  await again.close();
  const files = [...rotatedFiles(path), path];
  assert.ok(files.length >= 3, `rotated: ${files.join(', ')}`);
  const all = files.flatMap(linesOf);
  assert.equal(all.length, 25);
  assert.deepEqual(verifyChainedLines(all).badLine, undefined);
  assert.equal(JSON.parse(all[24]!).n, 999);
  // Each file on its own starts where the one before ended.
  let head: string | undefined;
  for (const f of files) head = verifyChainedLines(linesOf(f), head).head;
  const edited = [...all];
  edited[5] = edited[5]!.replace('"Encrypt"', '"Decrypt"');
  assert.equal(verifyChainedLines(edited).badLine, 6);
  assert.equal(verifyChainedLines([...all.slice(0, 3), ...all.slice(4)]).badLine, 4, 'a removed line breaks the chain');
});

test('file sink: rotates by age', async () => {
  const path = join(dir, 'aged.jsonl');
  let now = Date.UTC(2026, 11, 7);
  const sink = new FileSink({ path, maxAgeSeconds: 60, clock: () => now });
  await sink.deliver([event(1)]);
  now += 61_000;
  await sink.deliver([event(2)]);
  await sink.close();
  assert.equal(rotatedFiles(path).length, 1);
  assert.equal(verifyChainedLines([...linesOf(rotatedFiles(path)[0]!), ...linesOf(path)]).badLine, undefined);
});

/** A transport the test can block, fail and release. */
class Gate implements SinkTransport {
  readonly name = 'gate';
  delivered: string[] = [];
  failNext = 0;
  private held: (() => void)[] = [];
  blocked = false;
  deliver(lines: readonly string[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('connection refused'));
    }
    return new Promise((resolve) => {
      const done = () => {
        this.delivered.push(...lines);
        resolve();
      };
      if (this.blocked) this.held.push(done);
      else done();
    });
  }
  release(): void {
    this.blocked = false;
    for (const h of this.held.splice(0)) h();
  }
  async close(): Promise<void> {}
}

const entry = (i: number): AuditEntry => ({ time: Date.UTC(2026, 11, 7), requestId: `r${i}`, principal: '-', sourceAddress: '127.0.0.1', operation: 'ListKeys', outcome: 'success' });
const link = (i: number) => ({ seq: i, prevHash: '0'.repeat(64), hash: i.toString(16).padStart(64, '0') });

test('exporter: a required sink holds the batch until accepted; blocked, it fails within the deadline, then refuses; released, it recovers with nothing lost', async () => {
  const gate = new Gate();
  const exporter = new AuditExporter([{ transport: gate, required: true }], { accountId: '111122223333', region: 'us-east-1' }, 200);
  await exporter.publish([entry(1)], [link(1)]);
  assert.equal(gate.delivered.length, 1);
  gate.blocked = true;
  const started = Date.now();
  await assert.rejects(exporter.publish([entry(2)], [link(2)]), (e: unknown) => e instanceof AuditSinkUnavailableError && e.performed && /within 200 ms/.test(e.message));
  assert.ok(Date.now() - started < 1000);
  const refusal = exporter.refusal();
  assert.ok(refusal && !refusal.performed && /is not accepting records/.test(refusal.message));
  assert.equal(exporter.health()[0]!.healthy, false);
  await assert.rejects(exporter.publish([entry(3)], [link(3)]), AuditSinkUnavailableError);
  gate.release();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(exporter.refusal(), undefined);
  assert.deepEqual(gate.delivered.map((l) => JSON.parse(l).requestID), ['r1', 'r2', 'r3'], 'in order, nothing skipped');
  assert.equal(exporter.health()[0]!.healthy, true);
});

test('exporter: failed deliveries are retried; best-effort sinks never hold a request', async () => {
  const flaky = new Gate();
  flaky.failNext = 2;
  const slow = new Gate();
  slow.blocked = true;
  const exporter = new AuditExporter([{ transport: flaky, required: true }, { transport: slow, required: false }], { accountId: '111122223333', region: 'us-east-1' }, 1000);
  await exporter.publish([entry(1)], [link(1)]); // two failures, retried after 50 and 100 ms
  assert.equal(flaky.delivered.length, 1);
  assert.equal(exporter.health()[1]!.healthy, true, 'within its deadline');
  slow.release();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(slow.delivered.length, 1);
});

test('syslog: RFC 5424 header, facility log audit, severity by outcome, octet counting', () => {
  const ok = syslogMessage('{"eventName":"Encrypt"}', Date.UTC(2026, 11, 7));
  assert.match(ok, /^<110>1 2026-12-07T00:00:00\.000Z \S+ keyward \d+ Encrypt - \uFEFF\{"eventName":"Encrypt"\}$/);
  assert.match(syslogMessage('{"eventName":"Decrypt","errorCode":"X"}'), /^<109>1 /);
  assert.equal(frame('héllo', 'octet-counting'), '6 héllo');
  assert.equal(frame('x', 'lf'), 'x\n');
});

test('sink options: URLs, required flags, bad options refused', async () => {
  assert.deepEqual(syslogTarget('tcp://127.0.0.1:5514'), { protocol: 'tcp', host: '127.0.0.1', port: 5514, framing: 'octet-counting', caFile: undefined, serverName: undefined });
  assert.deepEqual(syslogTarget('unix:///run/syslog.sock'), { protocol: 'unix', path: '/run/syslog.sock', framing: 'lf' });
  assert.equal(syslogTarget('tls://[::1]:6514?ca=/etc/ca.pem&framing=lf').host, '::1');
  for (const bad of ['http://x:1', 'tcp://host', 'udp://h:1?colour=red', 'tcp://h:1?required=maybe', 'unix://']) {
    assert.throws(() => syslogTarget(bad), SinkOptionError, bad);
  }
  const file = join(dir, 'opts.jsonl');
  writeFileSync(file, '');
  const specs = sinkSpecs({ auditFile: [`${file}?required=false&maxBytes=1000`], auditSyslog: ['udp://127.0.0.1:5514'], auditStdout: '' });
  assert.deepEqual(specs.map((s) => [s.transport.name, s.required]), [[`file:${file}`, false], ['syslog:udp://127.0.0.1:5514', true], ['stdout', true]]);
  assert.throws(() => sinkSpecs({ auditFile: [`${file}?size=1`], auditSyslog: [], auditStdout: undefined }), SinkOptionError);
  assert.throws(() => sinkSpecs({ auditFile: [], auditSyslog: [], auditStdout: 'required=no' }), SinkOptionError);
  await Promise.all(specs.map((s) => s.transport.close()));
});
