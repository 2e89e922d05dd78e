// The anomaly thresholds in the configuration (server/config.ts anomalySettings): defaults as documented, flags and
// environment resolved into numbers, 'off' turns detection off, and a value out of bounds is refused naming its flag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ANOMALY_SETTINGS } from '../../src/anomaly/anomaly-settings.js';
import { anomalySettings, ConfigError, resolveConfig } from '../../src/server/config.js';

test('defaults are the documented ones; flags and environment override them', () => {
  assert.deepEqual(anomalySettings(resolveConfig(['--dev'], {})), DEFAULT_ANOMALY_SETTINGS);
  const cfg = resolveConfig(['--dev', '--anomaly-rate-factor', '2.5', '--anomaly-failed-decrypts=3'], { KEYWARD_ANOMALY_COALESCE_SECONDS: '60' });
  assert.deepEqual(anomalySettings(cfg), { ...DEFAULT_ANOMALY_SETTINGS, rateFactor: 2.5, failedDecrypts: 3, coalesceSeconds: 60 });
  assert.equal(anomalySettings(resolveConfig(['--dev', '--anomaly-detection', 'off'], {})), undefined);
});

test('out-of-bounds and malformed thresholds are configuration errors naming the flag', () => {
  const cases: [string[], RegExp][] = [
    [['--anomaly-rate-factor', '1'], /--anomaly-rate-factor must be a number from 1.5 to 1000, got 1/],
    [['--anomaly-rate-floor', '0'], /--anomaly-rate-floor must be an integer from 1/],
    [['--anomaly-failed-decrypts', '2.5'], /--anomaly-failed-decrypts must be an integer/],
    [['--anomaly-rate-smoothing', 'abc'], /--anomaly-rate-smoothing must be a number/],
    [['--anomaly-detection', 'maybe'], /--anomaly-detection must be 'on' or 'off'/],
  ];
  for (const [args, message] of cases) assert.throws(() => resolveConfig(['--dev', ...args], {}), (e: unknown) => e instanceof ConfigError && message.test(e.message), args.join(' '));
});
