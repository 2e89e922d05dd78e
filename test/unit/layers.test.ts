// The architecture is the folder order: a layer imports only the layers above it (CONVENTIONS.md "Layout").
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/paths.js';

// policy, encryption-sdk and approvals (multi-party approval's rules and evaluation) are pure libraries; audit sits above core (its chain and checkpoints
// use the core's model) and below store (stores chain records); webhooks (outgoing HTTP delivery of the core's
// lifecycle events) sit beside audit, below everything that starts them; identity (IAM/STS) sits below store, which
// persists it; client (the extension API's JavaScript client, a package export) sits above auth; hsm (PKCS#11 sessions,
// custom key store backends) implements core ports and is used by seal (the PKCS#11 root); observability (metrics)
// reads everything below the server that serves it; anomaly (the detectors, fed by the server's request audit) sits
// right below core's consumers and uses only the core; console (the web console's static route) sits just below server;
// scan (the discovery scan's detectors, sources and rewrap, driven by `keyward scan`) sits just above the cli that wires
// it to a session.
const LAYERS = ['protocol', 'crypto', 'policy', 'encryption-sdk', 'approvals', 'core', 'anomaly', 'audit', 'webhooks', 'identity', 'store', 'auth', 'client', 'hsm', 'seal', 'observability', 'console', 'server', 'scan', 'cli'];
const src = join(repoRoot, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const layerOf = (file: string): number => LAYERS.indexOf(relative(src, file).split('/')[0]!);

test('every source file lives in a known layer', () => {
  for (const f of files(src)) assert.notEqual(layerOf(f), -1, `${relative(repoRoot, f)} is outside the layer folders`);
});

test('layers import only the layers above them', () => {
  const violations: string[] = [];
  for (const f of files(src)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*from\s+'(\.[^']+)'/g)) {
      const target = resolve(dirname(f), m[1]!);
      if (!target.startsWith(src)) continue;
      if (layerOf(target) > layerOf(f)) violations.push(`${relative(src, f)} imports ${relative(src, target)}`);
    }
  }
  assert.deepEqual(violations, []);
});
