// dashboards/grafana-keyward.json queries only metric families the server exports (src/observability/metrics.ts, with
// every optional source present), so a renamed metric cannot leave a panel silently empty; and the dashboard is
// well-formed for Grafana's importer (unique panel ids, a Prometheus data-source variable).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Metrics } from '../../src/observability/metrics.js';
import { repoRoot } from '../support/paths.js';

interface Panel { id: number; title: string; targets: { expr: string }[] }
const dashboard = JSON.parse(readFileSync(join(repoRoot, 'dashboards/grafana-keyward.json'), 'utf8')) as {
  uid: string; panels: Panel[]; templating: { list: { name: string; type: string }[] };
};

/** The families a PromQL expression reads: keyward_* names, without the histogram suffixes. */
const families = (expr: string) => [...expr.matchAll(/\b(keyward_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''));

test('every metric family a panel queries is exported by the server', async () => {
  const metrics = new Metrics({
    operations: new Set(['Encrypt']), keyCounts: async () => [], sinks: () => [], sealed: () => false,
    databasePool: () => ({ total: 1, idle: 1, waiting: 0 }), cryptoQueue: () => 0,
  });
  const exported = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
  const queried = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => families(t.expr))));
  assert.ok(queried.size >= 15, `the dashboard reads the server's families (${queried.size})`);
  for (const name of queried) assert.ok(exported.has(name), `${name} is exported (dashboards/grafana-keyward.json)`);
  for (const name of ['keyward_requests_total', 'keyward_request_duration_seconds', 'keyward_anomaly_alerts_total', 'keyward_audit_sink_healthy', 'keyward_keys', 'keyward_sealed']) {
    assert.ok(queried.has(name), `a panel shows ${name}`);
  }
});

test('the dashboard imports: unique panel ids, a Prometheus data source variable, every panel with a query', () => {
  assert.equal(dashboard.uid, 'keyward');
  const ids = dashboard.panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(dashboard.templating.list.some((v) => v.name === 'datasource' && v.type === 'datasource'));
  for (const p of dashboard.panels) assert.ok(p.targets.length > 0, p.title);
});
