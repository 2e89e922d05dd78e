// The --rate-limits option: 'aws' (AWS's default quotas for every principal and key), 'off', or a JSON file of
// overrides per principal ARN and per key id (docs/policy.md "Rate limits"). Without it: aws, or off in dev mode (a
// local stand-in should not throttle a test suite unless asked to).
import { readFileSync } from 'node:fs';
import type { RateLimitConfig } from '../auth/rate-limiter.js';
import { ConfigError, type Config } from './config.js';

const isRates = (v: unknown): v is Record<string, number> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((r) => typeof r === 'number' && r >= 0);
const isTable = (v: unknown): v is Record<string, Record<string, number>> =>
  v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isRates));

/** The limits to apply, or undefined for none. */
export function rateLimitConfig(cfg: Config): RateLimitConfig | undefined {
  const value = cfg.rateLimits ?? (cfg.dev ? 'off' : 'aws');
  if (value === 'off') return undefined;
  if (value === 'aws') return { awsDefaults: true };
  let doc: { awsDefaults?: unknown; principals?: unknown; keys?: unknown };
  try {
    doc = JSON.parse(readFileSync(value, 'utf8'));
  } catch (err) {
    throw new ConfigError(`--rate-limits ${value}: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || !isTable(doc.principals) || !isTable(doc.keys)
    || (doc.awsDefaults !== undefined && typeof doc.awsDefaults !== 'boolean')) {
    throw new ConfigError(`--rate-limits ${value}: expected {"awsDefaults": bool, "principals": {ARN: {QUOTA: rate}}, "keys": {KEY-ID: {QUOTA: rate}}}`);
  }
  return { awsDefaults: doc.awsDefaults === true, principals: doc.principals, keys: doc.keys };
}
