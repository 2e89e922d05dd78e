// The one configuration schema: every option with its flag, environment variable, type, default, description
// and secret flag. Resolved once at start-up into a frozen object; nothing else reads process.env.
import { DEFAULT_PREFLIGHT_SETTINGS, type PreflightSettings } from '../core/destruction/preflight-settings.js';
import { resolve } from 'node:path';
import { parseHsmClusters } from '../hsm/hsm-key-stores.js';
import { GCM_RANDOM_IV_LIMIT, type LifecycleSettings } from '../core/lifecycle/lifecycle-settings.js';
import { parseEventFilter } from '../webhooks/webhook-filter.js';
import { ANOMALY_OPTIONS, DEFAULT_ANOMALY_SETTINGS, type AnomalySettings } from '../anomaly/anomaly-settings.js';

/** One configuration option per anomaly threshold (src/anomaly/anomaly-settings.ts holds flags, bounds and defaults). */
const anomalyOption = <K extends keyof AnomalySettings>(k: K, env: string) => ({
  flag: ANOMALY_OPTIONS[k].flag, env, kind: 'string', default: String(DEFAULT_ANOMALY_SETTINGS[k]), description: ANOMALY_OPTIONS[k].description,
} as const);

/** list: a repeatable flag (env: comma-separated); optional: a flag with or without a value (true without). */
type Kind = 'string' | 'boolean' | 'integer' | 'list' | 'optional';

interface OptionSpec {
  flag?: string;
  env?: string;
  kind: Kind;
  default?: string | boolean | number;
  /** Masked when printed: wholly (true), or only the password of a URL ('url-password'). */
  secret?: boolean | 'url-password';
  description: string;
}

export const OPTIONS = {
  dev: { flag: '--dev', kind: 'boolean', default: false, description: 'Development mode: dev root key file, generated bootstrap credentials, test clock allowed.' },
  listen: { flag: '--listen', env: 'KEYWARD_LISTEN', kind: 'string', default: '127.0.0.1:8080', description: 'HOST:PORT to listen on (loopback by default; port 0 picks a free port).' },
  dataDir: { flag: '--data-dir', env: 'KEYWARD_DATA_DIR', kind: 'string', default: '.keyward', description: 'Directory holding the SQLite database and, in dev mode, the root key file.' },
  rootKeyFile: { flag: '--root-key-file', env: 'KEYWARD_ROOT_KEY_FILE', kind: 'string', description: 'Dev mode only: the dev root key file (64 hex digits, mode 0600; default <data-dir>/root.key, created). Outside dev mode the roots are set up by keyward operator init.' },
  pkcs11Module: { flag: '--pkcs11-module', env: 'KEYWARD_PKCS11_MODULE', kind: 'string', description: 'PKCS#11 library of the token holding the root-of-trust key (an installation initialised with --pkcs11-*): the server unseals itself at start.' },
  pkcs11TokenLabel: { flag: '--pkcs11-token-label', env: 'KEYWARD_PKCS11_TOKEN_LABEL', kind: 'string', description: 'Label of that token.' },
  pkcs11PinFile: { flag: '--pkcs11-pin-file', env: 'KEYWARD_PKCS11_PIN_FILE', kind: 'string', description: 'File holding the token user PIN (mode 0600); the PIN itself is never a flag or an environment value.' },
  hsmClusters: { flag: '--hsm-clusters', env: 'KEYWARD_HSM_CLUSTERS', kind: 'string', description: 'Tokens that custom key stores may use, as CloudHsmClusterId=MODULE:TOKEN-LABEL, comma-separated (docs/custom-key-stores.md).' },
  accountId: { env: 'KEYWARD_ACCOUNT_ID', kind: 'string', default: '111122223333', description: 'AWS account id used in ARNs.' },
  region: { env: 'KEYWARD_REGION', kind: 'string', default: 'us-east-1', description: 'AWS Region used in ARNs: the home Region (keys created before --regions live there; the scheduler and CLI default to it).' },
  regions: { flag: '--regions', env: 'KEYWARD_REGIONS', kind: 'list', description: 'Regions this installation serves, comma-separated (default: just KEYWARD_REGION); the Region of a request is its SigV4 credential scope. Multi-Region keys replicate between them.' },
  bootstrapAccessKeyId: { env: 'KEYWARD_BOOTSTRAP_ACCESS_KEY_ID', kind: 'string', description: 'Access key id given to the administrator when a data directory is initialised.' },
  bootstrapSecretAccessKey: { env: 'KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY', kind: 'string', secret: true, description: 'Secret access key of the bootstrap access key.' },
  testClock: { flag: '--test-clock', kind: 'boolean', default: false, description: 'Dev mode only: enable POST /_keyward/clock to advance the service clock.' },
  noConsole: { flag: '--no-console', env: 'KEYWARD_NO_CONSOLE', kind: 'boolean', default: false, description: 'Do not serve the web console at /console/ (its paths then answer 404).' },
  logLevel: { flag: '--log-level', env: 'KEYWARD_LOG_LEVEL', kind: 'string', default: 'info', description: 'debug, info, warn or error.' },
  workers: { flag: '--workers', env: 'KEYWARD_WORKERS', kind: 'integer', default: '1', description: 'Server processes sharing the listening port (node:cluster); each worker has its own store connection and cache.' },
  rateLimits: { flag: '--rate-limits', env: 'KEYWARD_RATE_LIMITS', kind: 'string', description: "Rate limits per principal and per key: 'aws' (AWS's default quotas), 'off', or a JSON file {\"awsDefaults\": bool, \"principals\": {ARN: {QUOTA|*: rps}}, \"keys\": {KEY-ID: {...}}}. Default: aws, or off with --dev." },
  auditFile: { flag: '--audit-file', env: 'KEYWARD_AUDIT_FILE', kind: 'list', description: 'Export audit events as CloudTrail JSON lines to PATH[?maxBytes=N&maxAgeSeconds=S&required=false], hash-chained across rotated files. Repeatable.' },
  auditSyslog: { flag: '--audit-syslog', env: 'KEYWARD_AUDIT_SYSLOG', kind: 'list', description: 'Export audit events as RFC 5424 syslog to udp://HOST:PORT, tcp://HOST:PORT, tls://HOST:PORT[?ca=FILE] or unix:///PATH, each [?required=false&framing=lf|octet-counting]. Repeatable.' },
  auditStdout: { flag: '--audit-stdout', env: 'KEYWARD_AUDIT_STDOUT', kind: 'optional', description: "Export audit events as CloudTrail JSON lines on stdout ('required=false' as its value: best-effort)." },
  metricsListen: { flag: '--metrics-listen', env: 'KEYWARD_METRICS_LISTEN', kind: 'string', description: 'HOST:PORT serving Prometheus metrics at GET /metrics (off unless set; loopback unless a host is given).' },
  databaseUrl: { flag: '--database-url', env: 'KEYWARD_DATABASE_URL', kind: 'string', secret: 'url-password', description: 'PostgreSQL connection URL (postgres://user:password@host:port/db): several nodes share the database. Without it, SQLite in the data directory.' },
  gcmInvocationLimit: { flag: '--gcm-invocation-limit', env: 'KEYWARD_GCM_INVOCATION_LIMIT', kind: 'integer', default: String(GCM_RANDOM_IV_LIMIT), description: 'AES-GCM encryptions allowed per key version (NIST SP 800-38D section 8.3: at most 2^32 with random IVs); lower it to rotate sooner.' },
  usageWarnFraction: { flag: '--usage-warn-fraction', env: 'KEYWARD_USAGE_WARN_FRACTION', kind: 'string', default: '0.9', description: 'Fraction of the invocation limit at which a key version raises a UsageLimitWarning event and, if the key rotates automatically, is rotated.' },
  lifecycleNoticeDays: { flag: '--lifecycle-notice-days', env: 'KEYWARD_LIFECYCLE_NOTICE_DAYS', kind: 'integer', default: '7', description: 'Days before an automatic rotation or a cryptoperiod transition that its notice event is raised (0: no notices).' },
  maxReactivationSeconds: { flag: '--max-reactivation-seconds', env: 'KEYWARD_MAX_REACTIVATION_SECONDS', kind: 'integer', default: '86400', description: 'The longest reactivation window ReactivateKey opens on an archived key.' },
  destructionPreflight: { flag: '--destruction-preflight', env: 'KEYWARD_DESTRUCTION_PREFLIGHT', kind: 'string', description: "Destruction pre-flight checks before ScheduleKeyDeletion and ScheduleKeyVersionDestruction, 'on' or 'off' (docs/destruction.md); a key's PutDestructionPreflight overrides it. Default: on, or off with --dev." },
  destructionPreflightRecentUseDays: { flag: '--destruction-preflight-recent-use-days', env: 'KEYWARD_DESTRUCTION_PREFLIGHT_RECENT_USE_DAYS', kind: 'integer', default: '30', description: 'The pre-flight refuses destroying a key or version used within this many days (0: no recent-use check).' },
  webhookUrl: { flag: '--webhook-url', env: 'KEYWARD_WEBHOOK_URL', kind: 'string', description: 'http(s) URL that receives lifecycle events as signed JSON POSTs (docs/extension-api.md#webhooks). Needs KEYWARD_WEBHOOK_SECRET.' },
  webhookSecret: { env: 'KEYWARD_WEBHOOK_SECRET', kind: 'string', secret: true, description: 'The HMAC-SHA256 key of the Keyward-Signature header (at least 16 characters).' },
  anomalyDetection: { flag: '--anomaly-detection', env: 'KEYWARD_ANOMALY_DETECTION', kind: 'string', default: 'on', description: "Built-in anomaly detection (docs/anomaly.md): 'on' or 'off'." },
  anomalyRateFactor: anomalyOption('rateFactor', 'KEYWARD_ANOMALY_RATE_FACTOR'),
  anomalyRateFloor: anomalyOption('rateFloorPerMinute', 'KEYWARD_ANOMALY_RATE_FLOOR'),
  anomalyRateWarmupMinutes: anomalyOption('rateWarmupMinutes', 'KEYWARD_ANOMALY_RATE_WARMUP_MINUTES'),
  anomalyRateSmoothing: anomalyOption('rateSmoothing', 'KEYWARD_ANOMALY_RATE_SMOOTHING'),
  anomalyFailedDecrypts: anomalyOption('failedDecrypts', 'KEYWARD_ANOMALY_FAILED_DECRYPTS'),
  anomalyFailedDecryptSeconds: anomalyOption('failedDecryptSeconds', 'KEYWARD_ANOMALY_FAILED_DECRYPT_SECONDS'),
  anomalyContextLearningMinutes: anomalyOption('contextLearningMinutes', 'KEYWARD_ANOMALY_CONTEXT_LEARNING_MINUTES'),
  anomalyCoalesceSeconds: anomalyOption('coalesceSeconds', 'KEYWARD_ANOMALY_COALESCE_SECONDS'),
  webhookEvents: { flag: '--webhook-events', env: 'KEYWARD_WEBHOOK_EVENTS', kind: 'string', default: '*', description: 'Comma-separated lifecycle event types the webhook receives; a trailing * matches a prefix; * is every type.' },
} as const satisfies Record<string, OptionSpec>;

export type Config = {
  readonly [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K]['kind'] extends 'boolean' ? boolean
    : (typeof OPTIONS)[K]['kind'] extends 'list' ? readonly string[]
    : (typeof OPTIONS)[K] extends { default: string } ? string : string | undefined;
};

export class ConfigError extends Error {}

function parseArgs(argv: readonly string[]): Map<string, string | true | string[]> {
  const out = new Map<string, string | true | string[]>();
  const flags = new Map(Object.entries(OPTIONS).flatMap(([k, o]) => ('flag' in o ? [[o.flag as string, k]] : [])));
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const key = flags.get(flag);
    if (!key) throw new ConfigError(`unknown option ${flag}`);
    const spec: OptionSpec = OPTIONS[key as keyof typeof OPTIONS];
    if (spec.kind === 'boolean') out.set(key, true);
    else if (spec.kind === 'optional') out.set(key, inline ?? (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--') ? argv[++i]! : true));
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new ConfigError(`${flag} needs a value`);
      const prior = out.get(key);
      out.set(key, spec.kind === 'list' ? [...(Array.isArray(prior) ? prior : []), value] : value);
    }
  }
  return out;
}

/** Resolves flags (as `keyward server` arguments) over environment over defaults, then checks the combinations. */
export function resolveConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  return resolveConfigValues(parseArgs(argv), env);
}

/** The same from flag values already parsed (option name → value, `true` for a boolean flag given). */
export function resolveConfigValues(args: ReadonlyMap<string, string | true | readonly string[]>, env: NodeJS.ProcessEnv): Config {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    const raw = args.get(key) ?? (spec.env ? env[spec.env] : undefined) ?? spec.default;
    out[key] = spec.kind === 'boolean' ? raw === true || raw === 'true' || raw === '1'
      : spec.kind === 'list' ? (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [])
      : spec.kind === 'optional' && raw === true ? '' : raw;
  }
  out.dataDir = resolve(out.dataDir as string);
  const cfg = Object.freeze(out) as Config;
  check(cfg);
  return cfg;
}

/** AWS's Region pattern (the KMS model's RegionType). */
const REGION = /^([a-z]+-){2,3}\d+$/;

/** The Regions served: the home Region first, then the others of --regions (each once). */
export function servedRegions(cfg: Pick<Config, 'region' | 'regions'>): readonly string[] {
  return Object.freeze([...new Set([cfg.region, ...cfg.regions.flatMap((r) => r.split(',').map((s) => s.trim()).filter(Boolean))])]);
}

function check(cfg: Config): void {
  if (!/^\d{12}$/.test(cfg.accountId)) throw new ConfigError('KEYWARD_ACCOUNT_ID must be 12 digits');
  if (!REGION.test(cfg.region)) throw new ConfigError('KEYWARD_REGION must look like us-east-1');
  for (const r of servedRegions(cfg)) if (!REGION.test(r)) throw new ConfigError(`--regions: '${r}' does not look like us-east-1`);
  if (cfg.testClock && !cfg.dev) throw new ConfigError('--test-clock is only allowed with --dev');
  if ((cfg.bootstrapAccessKeyId === undefined) !== (cfg.bootstrapSecretAccessKey === undefined)) {
    throw new ConfigError('set both KEYWARD_BOOTSTRAP_ACCESS_KEY_ID and KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY, or neither');
  }
  if (cfg.bootstrapAccessKeyId !== undefined && !/^[A-Z0-9]{16,128}$/.test(cfg.bootstrapAccessKeyId)) {
    throw new ConfigError('KEYWARD_BOOTSTRAP_ACCESS_KEY_ID must be 16-128 upper-case letters and digits');
  }
  if (cfg.bootstrapSecretAccessKey !== undefined && cfg.bootstrapSecretAccessKey.length < 16) {
    throw new ConfigError('KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY must be at least 16 characters');
  }
  if (!cfg.dev && cfg.rootKeyFile !== undefined) {
    throw new ConfigError('--root-key-file is the dev root of trust: outside --dev, initialise the installation with keyward operator init and unseal it');
  }
  if (!cfg.dev && cfg.bootstrapAccessKeyId !== undefined) {
    throw new ConfigError('bootstrap credentials from the environment are a dev-mode feature: outside --dev, keyward operator init creates the first administrator');
  }
  const pkcs11 = [cfg.pkcs11Module, cfg.pkcs11TokenLabel, cfg.pkcs11PinFile];
  if (pkcs11.some((v) => v !== undefined) && pkcs11.some((v) => v === undefined)) {
    throw new ConfigError('--pkcs11-module, --pkcs11-token-label and --pkcs11-pin-file go together');
  }
  parseListen(cfg.listen);
  try {
    parseHsmClusters(cfg.hsmClusters);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  if (cfg.metricsListen !== undefined) parseListen(cfg.metricsListen);
  if (!/^[1-9]\d?$/.test(cfg.workers) || Number(cfg.workers) > 64) throw new ConfigError('--workers must be an integer from 1 to 64');
  if (cfg.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(cfg.databaseUrl)) {
    throw new ConfigError('--database-url must be a postgres:// or postgresql:// URL');
  }
  checkLifecycle(cfg);
  anomalySettings(cfg);
}

function integerIn(value: string, min: number, max: number, what: string): number {
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new ConfigError(`${what} must be an integer from ${min} to ${max}`);
  return n;
}

function checkLifecycle(cfg: Config): void {
  integerIn(cfg.gcmInvocationLimit, 1, GCM_RANDOM_IV_LIMIT, '--gcm-invocation-limit');
  const f = Number(cfg.usageWarnFraction);
  if (!/^(0?\.\d+|1(\.0*)?)$/.test(cfg.usageWarnFraction) || !(f > 0 && f <= 1)) throw new ConfigError('--usage-warn-fraction must be a number in (0, 1]');
  integerIn(cfg.lifecycleNoticeDays, 0, 365, '--lifecycle-notice-days');
  integerIn(cfg.maxReactivationSeconds, 1, 31_536_000, '--max-reactivation-seconds');
  if (cfg.destructionPreflight !== undefined && !['on', 'off'].includes(cfg.destructionPreflight)) {
    throw new ConfigError(`--destruction-preflight must be 'on' or 'off', got ${cfg.destructionPreflight}`);
  }
  integerIn(cfg.destructionPreflightRecentUseDays, 0, 3650, '--destruction-preflight-recent-use-days');
  if ((cfg.webhookUrl === undefined) !== (cfg.webhookSecret === undefined)) {
    throw new ConfigError('set both --webhook-url and KEYWARD_WEBHOOK_SECRET, or neither');
  }
  if (cfg.webhookSecret !== undefined && cfg.webhookSecret.length < 16) throw new ConfigError('KEYWARD_WEBHOOK_SECRET must be at least 16 characters');
  if (cfg.webhookUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(cfg.webhookUrl);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password) {
      throw new ConfigError('--webhook-url must be an http:// or https:// URL without credentials');
    }
  }
  try {
    parseEventFilter(cfg.webhookEvents);
  } catch (err) {
    throw new ConfigError(`--webhook-events: ${(err as Error).message}`);
  }
}

/** The lifecycle settings of the service (core/lifecycle/lifecycle-settings.ts). */
export function lifecycleSettings(cfg: Config): LifecycleSettings {
  const filter = parseEventFilter(cfg.webhookEvents);
  return {
    gcmInvocationLimit: Number(cfg.gcmInvocationLimit),
    usageWarnFraction: Number(cfg.usageWarnFraction),
    noticeMs: Number(cfg.lifecycleNoticeDays) * 86_400_000,
    maxReactivationSeconds: Number(cfg.maxReactivationSeconds),
    delivers: cfg.webhookUrl === undefined ? () => false : filter,
  };
}

/** Config keys of the anomaly thresholds, by setting. */
const ANOMALY_CONFIG: Readonly<Record<keyof AnomalySettings, keyof Config>> = {
  rateFactor: 'anomalyRateFactor', rateFloorPerMinute: 'anomalyRateFloor', rateWarmupMinutes: 'anomalyRateWarmupMinutes',
  rateSmoothing: 'anomalyRateSmoothing', failedDecrypts: 'anomalyFailedDecrypts', failedDecryptSeconds: 'anomalyFailedDecryptSeconds',
  contextLearningMinutes: 'anomalyContextLearningMinutes', coalesceSeconds: 'anomalyCoalesceSeconds',
};

/** The anomaly detectors' settings, or undefined with --anomaly-detection off; a threshold out of bounds is a ConfigError. */
export function anomalySettings(cfg: Config): AnomalySettings | undefined {
  if (cfg.anomalyDetection !== 'on' && cfg.anomalyDetection !== 'off') throw new ConfigError("--anomaly-detection must be 'on' or 'off'");
  const out: Record<string, number> = {};
  for (const [k, o] of Object.entries(ANOMALY_OPTIONS) as [keyof AnomalySettings, (typeof ANOMALY_OPTIONS)[keyof AnomalySettings]][]) {
    const text = String(cfg[ANOMALY_CONFIG[k]]);
    const n = (o.integer ? /^\d{1,16}$/ : /^\d{1,16}(\.\d+)?$/).test(text) ? Number(text) : NaN;
    if (!(n >= o.min && n <= o.max)) throw new ConfigError(`${o.flag} must be ${o.integer ? 'an integer' : 'a number'} from ${o.min} to ${o.max}, got ${text}`);
    out[k] = n;
  }
  return cfg.anomalyDetection === 'on' ? (out as unknown as AnomalySettings) : undefined;
}

/** The installation's destruction pre-flight (core/destruction/preflight-settings.ts): off by default in dev mode. */
export function preflightSettings(cfg: Config): PreflightSettings {
  return {
    ...DEFAULT_PREFLIGHT_SETTINGS,
    enabled: (cfg.destructionPreflight ?? (cfg.dev ? 'off' : 'on')) === 'on',
    recentUseDays: Number(cfg.destructionPreflightRecentUseDays),
  };
}

export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(.*):(\d{1,5})$/.exec(listen);
  if (!m || Number(m[2]) > 65535) throw new ConfigError(`--listen must be HOST:PORT, got ${listen}`);
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) };
}

/** The configuration as printed: secrets masked. */
export function printable(cfg: Config): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cfg).map(([k, v]) => {
    const spec: OptionSpec = OPTIONS[k as keyof typeof OPTIONS];
    if (v === undefined || !spec.secret) return [k, v];
    return [k, spec.secret === 'url-password' ? maskUrlPassword(String(v)) : '********'];
  }));
}

/** The URL with its password (only) replaced by asterisks; an unparseable URL is masked whole. */
export function maskUrlPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '********';
    return u.toString();
  } catch {
    return '********';
  }
}
