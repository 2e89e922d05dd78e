// `node dist/bench/anomaly-observe.js`: the anomaly detectors' cost per request, in process (no HTTP): a steady stream of
// Encrypt observations (a few principals, keys and networks, with an encryption context) through AnomalyDetector.observe
// on a real SQLite store, as ns per observation. Compare with the time one Encrypt takes end to end (npm run bench).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AnomalyDetector } from '../src/anomaly/anomaly-detector.js';
import { DEFAULT_ANOMALY_SETTINGS } from '../src/anomaly/anomaly-settings.js';
import type { Observation } from '../src/anomaly/observation.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

const N = Number(process.env.OBSERVATIONS ?? 2_000_000);
const dir = mkdtempSync(join(tmpdir(), 'keyward-anomaly-bench-'));
const store = new SqliteStore(join(dir, 'keyward.db'));
await store.migrate();
const detector = await AnomalyDetector.start({
  store: store.alerts, auditLog: store, audit: { append: async () => undefined }, settings: DEFAULT_ANOMALY_SETTINGS, keyState: () => 'Enabled',
  failed: (what, err) => console.error(what, err),
});
const keys = Array.from({ length: 8 }, (_, i) => `arn:aws:kms:us-east-1:111122223333:key/0000000${i}-1111-2222-3333-444444444444`);
const principals = Array.from({ length: 4 }, (_, i) => `arn:aws:iam::111122223333:user/app-${i}`);
const obs: Observation[] = Array.from({ length: 256 }, (_, i) => ({
  time: 0, operation: 'Encrypt', principal: principals[i % 4]!, source: `10.0.${i % 3}.${i}`, keyArn: keys[i % 8]!,
  errorCode: undefined, contextKeys: ['tenant', 'purpose'],
}));
const t0 = 1_700_000_000_000;
// 2000 requests a second of service time: steady traffic across many minutes.
for (let i = 0; i < 100_000; i++) detector.observe({ ...obs[i % 256]!, time: t0 + i / 2 });
const start = performance.now();
for (let i = 0; i < N; i++) {
  const o = obs[i % 256]!;
  o.time = t0 + 50_000 + i / 2;
  detector.observe(o);
}
const ns = ((performance.now() - start) * 1e6) / N;
await detector.stop();
const raised = (await store.alerts.list({}, 1000)).items.length;
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(`anomaly observe: ${ns.toFixed(0)} ns per request over ${N} steady observations; alerts raised: ${raised}`);
