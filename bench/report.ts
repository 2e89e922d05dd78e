// Aggregates runs into rows (median per metric, ratios vs the baseline/reference targets) and prints the table, goal checks and JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WrkResult } from './wrk.js';
import { totalErrors } from './wrk.js';
import type { TargetRole } from './targets.js';

export interface Row {
  target: string;
  role: TargetRole;
  scenario: string;
  runs: WrkResult[];
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  errors: number;
  /** Median % of the server's core used by other processes while measuring (noise indicator). */
  other_cpu_pct?: number | undefined;
  /** Median CPU % used by wrk: near 100% means the row is capped by the load generator. */
  wrk_cpu_pct?: number | undefined;
  /** Set when the row could not be measured (preflight or wrk failure). */
  failure?: string;
  /** req/s of this row divided by the same scenario's req/s on each baseline/reference target. */
  ratios: Record<string, number>;
}

/** Goals printed after the table; `againstScenario` defaults to the same scenario. Targets from the issue and perf-and-reliability.md §C. */
export const CHECKS = [
  { label: 'Encrypt vs bare', target: 'keyward', scenario: 'Encrypt', againstTarget: 'bare', min: 0.5 },
  { label: 'Encrypt vs moto', target: 'keyward', scenario: 'Encrypt', againstTarget: 'moto', min: 25 },
  { label: 'GenerateDataKey vs Encrypt', target: 'keyward', scenario: 'GenerateDataKey', againstTarget: 'keyward', againstScenario: 'Encrypt', min: 0.9 },
];

export interface CheckResult { label: string; ratio?: number; min: number; pass?: boolean; line: string }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function makeRow(target: string, role: TargetRole, scenario: string, runs: WrkResult[], failure?: string): Row {
  return {
    target, role, scenario, runs, failure, ratios: {},
    rps: median(runs.map((r) => r.rps)),
    p50_ms: median(runs.map((r) => r.p50_ms)),
    p99_ms: median(runs.map((r) => r.p99_ms)),
    other_cpu_pct: runs.some((r) => r.other_cpu_pct !== undefined) ? median(runs.map((r) => r.other_cpu_pct ?? 0)) : undefined,
    wrk_cpu_pct: runs.some((r) => r.wrk_cpu_pct !== undefined) ? median(runs.map((r) => r.wrk_cpu_pct ?? 0)) : undefined,
    requests: runs.reduce((n, r) => n + r.requests, 0),
    errors: runs.reduce((n, r) => n + totalErrors(r), 0),
  };
}

/** Fills each subject row's ratios against every baseline/reference target measured for the same scenario. */
export function computeRatios(rows: Row[]): void {
  for (const row of rows.filter((r) => r.role === 'subject')) {
    for (const ref of rows.filter((r) => r.role !== 'subject' && r.scenario === row.scenario)) {
      if (ref.rps > 0 && row.rps > 0) row.ratios[ref.target] = row.rps / ref.rps;
    }
  }
}

export const fmtRatio = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '-' : x >= 10 ? `${Math.round(x)}x` : `${x.toFixed(2)}x`;

export function formatTable(rows: Row[]): string {
  const refs = [...new Set(rows.filter((r) => r.role !== 'subject').map((r) => r.target))];
  const header = ['target', 'operation', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'other cpu', 'wrk cpu', ...refs.map((t) => `vs ${t}`)];
  const body = rows.map((r) => [
    r.target, r.scenario,
    r.failure ? 'FAILED' : r.rps.toFixed(0), r.failure ? '-' : r.p50_ms.toFixed(2), r.failure ? '-' : r.p99_ms.toFixed(2),
    r.failure ? '-' : String(r.errors),
    r.other_cpu_pct === undefined ? '-' : `${r.other_cpu_pct.toFixed(0)}%`,
    r.wrk_cpu_pct === undefined ? '-' : `${r.wrk_cpu_pct.toFixed(0)}%`,
    ...refs.map((t) => (r.role === 'subject' ? fmtRatio(r.ratios[t]) : '')),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function runChecks(rows: Row[]): CheckResult[] {
  const find = (t: string, s: string) => rows.find((r) => r.target === t && r.scenario === s && !r.failure && r.errors === 0);
  return CHECKS.map((c) => {
    const a = find(c.target, c.scenario);
    const b = find(c.againstTarget, c.againstScenario ?? c.scenario);
    const ratio = a && b && b.rps > 0 ? a.rps / b.rps : undefined;
    const pass = ratio === undefined ? undefined : ratio >= c.min;
    const verdict = pass === undefined ? 'not measured' : pass ? 'PASS' : 'MISSED';
    return { label: c.label, ratio, min: c.min, pass, line: `${c.label}: ${fmtRatio(ratio)} (target >= ${c.min}x) ${verdict}` };
  });
}

export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
}
