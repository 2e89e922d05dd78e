// Structured logs: pino JSON lines with level, time and the caller's facts; secret-named fields redacted; and the
// scanner every test server's stderr goes through when it stops (test/support/log-scan.ts) finds what it must.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/server/log.js';
import { logLeaks } from '../support/log-scan.js';

function capture(level: string): { lines: Record<string, unknown>[]; log: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { lines, log };
}

test('one JSON line per event: level name, ISO time, pid, message and facts; below the level nothing', () => {
  const { lines, log } = capture('info');
  log.debug('hidden');
  log.info('served', { requestId: 'r-1', operation: 'Encrypt' });
  log.error('failed');
  assert.equal(lines.length, 2);
  assert.deepEqual([lines[0]!.level, lines[0]!.msg, lines[0]!.requestId, lines[0]!.operation, lines[0]!.pid], ['info', 'served', 'r-1', 'Encrypt', process.pid]);
  assert.match(String(lines[0]!.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(lines[1]!.level, 'error');
});

test('secret-named fields are redacted at the top and one level down', () => {
  const { lines, log } = capture('debug');
  log.warn('oops', { secretAccessKey: 'wJalrXUtnFEMI', nested: { sessionToken: 'IQoJb3JpZ2lu', plaintext: 'hello' }, Plaintext: 'aGk=' });
  const text = JSON.stringify(lines);
  for (const s of ['wJalrXUtnFEMI', 'IQoJb3JpZ2lu', 'hello', 'aGk=']) assert.ok(!text.includes(s), s);
  assert.equal(lines[0]!.secretAccessKey, '[redacted]');
  assert.equal(logLeaks(JSON.stringify(lines[0]), '/nonexistent', []).length, 0, 'a redacted line passes the scan');
});

test('the log scanner finds a known secret, a secret-named field with a value and a PEM private key', () => {
  assert.deepEqual(logLeaks('{"msg":"ok"}\n{"secretAccessKey":"[redacted]"}', '/nonexistent', ['s3cr3t-value-123456']), []);
  assert.equal(logLeaks('{"msg":"x s3cr3t-value-123456"}', '/nonexistent', ['s3cr3t-value-123456']).length, 1);
  assert.equal(logLeaks('{"Plaintext":"aGVsbG8="}', '/nonexistent', []).length, 1);
  assert.equal(logLeaks('{"error":"-----BEGIN PRIVATE KEY-----"}', '/nonexistent', []).length, 1);
});
