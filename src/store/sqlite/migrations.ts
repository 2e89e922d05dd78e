// Versioned schema migrations for the SQLite store; applied in order, recorded in PRAGMA user_version.
export const MIGRATIONS: readonly string[] = [
  // 1: the core schema.
  `
  CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE barrier_keys (term INTEGER PRIMARY KEY, wrapped BLOB NOT NULL);
  CREATE TABLE principals (
    arn TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE access_keys (
    access_key_id TEXT PRIMARY KEY, principal_arn TEXT NOT NULL REFERENCES principals(arn),
    sealed_secret BLOB NOT NULL, created_at INTEGER NOT NULL, status TEXT NOT NULL);
  CREATE TABLE keys (
    seq INTEGER PRIMARY KEY, key_id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL, region TEXT NOT NULL,
    created_at INTEGER NOT NULL, description TEXT NOT NULL, key_spec TEXT NOT NULL, key_usage TEXT NOT NULL,
    origin TEXT NOT NULL, state TEXT NOT NULL, multi_region INTEGER NOT NULL, policy TEXT NOT NULL,
    current_version INTEGER NOT NULL, deletion_date INTEGER, pending_window_days INTEGER,
    rotation_period_days INTEGER, next_rotation_at INTEGER, revision INTEGER NOT NULL);
  CREATE TABLE key_versions (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, version INTEGER NOT NULL,
    material_id TEXT NOT NULL, created_at INTEGER NOT NULL, sealed_material BLOB NOT NULL, rotation_type TEXT,
    PRIMARY KEY (key_id, version));
  CREATE TABLE key_tags (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, tag_key TEXT NOT NULL,
    tag_value TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (key_id, tag_key));
  CREATE TABLE aliases (
    alias_name TEXT PRIMARY KEY, account_id TEXT NOT NULL, region TEXT NOT NULL,
    target_key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
  CREATE INDEX aliases_by_target ON aliases(target_key_id);
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, request_id TEXT NOT NULL, principal TEXT NOT NULL,
    access_key_id TEXT, source TEXT NOT NULL, operation TEXT NOT NULL, key_arn TEXT, key_version INTEGER,
    outcome TEXT NOT NULL, error_code TEXT, details TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
  `,
  // 2: lifecycle: due-job lookups and last-use queries stay cheap with a million keys.
  `
  CREATE INDEX keys_due_deletion ON keys(deletion_date) WHERE deletion_date IS NOT NULL;
  CREATE INDEX keys_due_rotation ON keys(next_rotation_at) WHERE next_rotation_at IS NOT NULL;
  CREATE INDEX audit_by_key ON audit_log(key_arn, seq) WHERE key_arn IS NOT NULL;
  `,
  // 3: imported key material: per-version import facts (outliving the material) and import tokens.
  `
  CREATE TABLE imported_materials (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, version INTEGER NOT NULL,
    material_id TEXT NOT NULL, imported INTEGER NOT NULL, pending_rotation INTEGER NOT NULL,
    expiration_model TEXT NOT NULL, valid_to INTEGER, description TEXT, imported_at INTEGER NOT NULL,
    PRIMARY KEY (key_id, version));
  CREATE INDEX imported_materials_due ON imported_materials(valid_to) WHERE imported = 1 AND valid_to IS NOT NULL;
  CREATE TABLE import_tokens (
    token_hash TEXT PRIMARY KEY, key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE,
    wrapping_algorithm TEXT NOT NULL, wrapping_key_spec TEXT NOT NULL, sealed_private_key BLOB,
    created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
  CREATE INDEX import_tokens_by_expiry ON import_tokens(expires_at);
  CREATE INDEX import_tokens_by_key ON import_tokens(key_id);
  `,
  // 4: several processes: a change feed for cache invalidation (triggers append to key_changes; every process
  // polls it), leases (the lifecycle scheduler runs in one process at a time).
  `
  CREATE TABLE key_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, key_id TEXT NOT NULL, at INTEGER NOT NULL);
  ${changeTriggers()}
  CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
  `,
  // 5: grants, deleted with their key. seq orders listings; a named grant's fingerprint is unique per key (Name
  // idempotency; unnamed grants have none, and NULLs never collide). Operations and constraints are JSON text.
  `
  CREATE TABLE grants (
    seq INTEGER PRIMARY KEY, grant_id TEXT NOT NULL UNIQUE,
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, name TEXT, fingerprint TEXT,
    created_at INTEGER NOT NULL, grantee_principal TEXT, grantee_service_principal TEXT, retiring_principal TEXT,
    retiring_service_principal TEXT, issuing_account TEXT NOT NULL, operations TEXT NOT NULL, constraints TEXT);
  CREATE INDEX grants_by_key ON grants(key_id, seq);
  CREATE UNIQUE INDEX grants_by_fingerprint ON grants(key_id, fingerprint);
  CREATE INDEX grants_by_retiring ON grants(retiring_principal, seq) WHERE retiring_principal IS NOT NULL;
  CREATE INDEX grants_by_retiring_service ON grants(retiring_service_principal, seq) WHERE retiring_service_principal IS NOT NULL;
  `,
  // 6: signed audit checkpoints (audit/checkpoint.ts): the audit head (seq, hash) at a time, signed with the
  // installation's Ed25519 checkpoint key; signature is 128 hex digits.
  `
  CREATE TABLE audit_checkpoints (
    seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, time INTEGER NOT NULL, signature TEXT NOT NULL);
  `,
  // 7: AWS-managed keys (core/keys/aws-managed.ts): who manages a key, AWS or CUSTOMER; keys created before are the
  // customer's.
  `
  ALTER TABLE keys ADD COLUMN key_manager TEXT NOT NULL DEFAULT 'CUSTOMER';
  `,
  // 8: identity (src/identity): IAM users, groups, roles and managed policies in one table (kind + name, names unique
  // case-insensitively as IAM's; the kind's own facts as JSON), group members, inline policies, attachments, policy
  // versions and access keys. The principals of earlier versions (the bootstrap administrator) become IAM users with
  // AdministratorAccess attached, keeping their access keys. Identity changes announce 'iam:' on the change feed; grant
  // changes announce their key, so a revoke reaches every process's authorization cache.
  `
  CREATE TABLE iam_entities (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL, arn TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL, data TEXT NOT NULL);
  CREATE UNIQUE INDEX iam_entities_by_name ON iam_entities(kind, lower(name));
  CREATE TABLE iam_group_members (
    group_id TEXT NOT NULL REFERENCES iam_entities(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES iam_entities(id) ON DELETE CASCADE, PRIMARY KEY (group_id, user_id));
  CREATE INDEX iam_group_members_by_user ON iam_group_members(user_id);
  CREATE TABLE iam_inline_policies (
    owner_id TEXT NOT NULL REFERENCES iam_entities(id) ON DELETE CASCADE, policy_name TEXT NOT NULL, document TEXT NOT NULL);
  CREATE UNIQUE INDEX iam_inline_policies_by_name ON iam_inline_policies(owner_id, lower(policy_name));
  CREATE TABLE iam_attachments (
    owner_id TEXT NOT NULL REFERENCES iam_entities(id) ON DELETE CASCADE, policy_arn TEXT NOT NULL,
    PRIMARY KEY (owner_id, policy_arn));
  CREATE INDEX iam_attachments_by_policy ON iam_attachments(policy_arn);
  CREATE TABLE iam_policy_versions (
    policy_id TEXT NOT NULL REFERENCES iam_entities(id) ON DELETE CASCADE, version_id TEXT NOT NULL,
    document TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (policy_id, version_id));
  CREATE TABLE iam_access_keys (
    access_key_id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES iam_entities(id), sealed_secret BLOB NOT NULL,
    created_at INTEGER NOT NULL, status TEXT NOT NULL, last_used_at INTEGER, last_used_service TEXT, last_used_region TEXT);
  CREATE INDEX iam_access_keys_by_user ON iam_access_keys(user_id);
  INSERT INTO iam_entities (id, kind, name, path, arn, created_at, data)
    SELECT 'AIDA' || upper(hex(randomblob(8))), 'user', name, '/', arn, created_at, '{"tags":[]}' FROM principals;
  INSERT INTO iam_attachments (owner_id, policy_arn)
    SELECT id, 'arn:aws:iam::aws:policy/AdministratorAccess' FROM iam_entities WHERE kind = 'user';
  INSERT INTO iam_access_keys (access_key_id, user_id, sealed_secret, created_at, status)
    SELECT k.access_key_id, e.id, k.sealed_secret, k.created_at, k.status
    FROM access_keys k JOIN iam_entities e ON e.arn = k.principal_arn;
  DROP TABLE access_keys;
  DROP TABLE principals;
  ${identityTriggers()}
  `,
  // 9: lifecycle beyond AWS (core/lifecycle/lifecycle-store.ts): per-key and per-version lifecycle records, AES-GCM
  // invocation reservations, usage counters and lifecycle events derived from the audit log, whose follower starts at
  // the current end of the log (usage is tracked from this migration on: meta usage_tracking_start_ms).
  `
  CREATE TABLE key_lifecycle (
    key_id TEXT PRIMARY KEY REFERENCES keys(key_id) ON DELETE CASCADE, min_decryption_version INTEGER,
    archived_at INTEGER, archive_reason TEXT, archived_aliases TEXT, window_opened_at INTEGER, window_until INTEGER,
    window_mode TEXT, window_reason TEXT, originator_days INTEGER, recipient_days INTEGER, cryptoperiod_set_at INTEGER,
    next_due_at INTEGER, planned_revision INTEGER NOT NULL, rotation_notice_for INTEGER);
  CREATE INDEX key_lifecycle_due ON key_lifecycle(next_due_at) WHERE next_due_at IS NOT NULL;
  CREATE INDEX key_lifecycle_cryptoperiod ON key_lifecycle(key_id) WHERE originator_days IS NOT NULL;
  CREATE TABLE key_version_lifecycle (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, version INTEGER NOT NULL, state TEXT NOT NULL,
    state_changed_at INTEGER NOT NULL, destruction_date INTEGER, pending_window_days INTEGER, destroyed_at INTEGER,
    milestones INTEGER NOT NULL, PRIMARY KEY (key_id, version));
  CREATE TABLE key_version_reservations (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, version INTEGER NOT NULL,
    reserved INTEGER NOT NULL, warned_at INTEGER, exhausted_at INTEGER, PRIMARY KEY (key_id, version));
  CREATE TABLE key_version_usage (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, version INTEGER NOT NULL, operation TEXT NOT NULL,
    count INTEGER NOT NULL, bytes INTEGER NOT NULL, last_used_at INTEGER NOT NULL, PRIMARY KEY (key_id, version, operation));
  CREATE TABLE lifecycle_events (
    seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, type TEXT NOT NULL, key_arn TEXT, key_version INTEGER,
    principal TEXT NOT NULL, request_id TEXT NOT NULL, audit_hash TEXT NOT NULL, details TEXT, delivery TEXT NOT NULL,
    attempts INTEGER NOT NULL, next_attempt_at INTEGER, claim_holder TEXT, claim_until INTEGER, delivered_at INTEGER,
    last_error TEXT);
  CREATE INDEX lifecycle_events_by_key ON lifecycle_events(key_arn, seq) WHERE key_arn IS NOT NULL;
  CREATE INDEX lifecycle_events_pending ON lifecycle_events(next_attempt_at) WHERE delivery = 'PENDING';
  INSERT INTO meta (name, value) SELECT 'audit_follower_seq', CAST(coalesce(max(seq), 0) AS TEXT) FROM audit_log
    WHERE true ON CONFLICT (name) DO NOTHING;
  INSERT INTO meta (name, value) VALUES ('usage_tracking_start_ms', CAST(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS TEXT))
    ON CONFLICT (name) DO NOTHING;
  `,
  // 10: roots of trust and HSMs (issue 11). Custom key stores (a configured PKCS#11 token each; the crypto user's PIN
  // barrier-sealed), the store of an AWS_CLOUDHSM key, and the destruction ledger: every key deletion leaves a row that
  // nothing deletes or changes (triggers refuse it), so a restore cannot bring a destroyed key back (src/store/backup).
  `
  CREATE TABLE custom_key_stores (
    seq INTEGER PRIMARY KEY, custom_key_store_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE, cluster_id TEXT NOT NULL,
    trust_anchor TEXT NOT NULL, sealed_password BLOB NOT NULL, connection_state TEXT NOT NULL, connection_error_code TEXT,
    created_at INTEGER NOT NULL, revision INTEGER NOT NULL);
  ALTER TABLE keys ADD COLUMN custom_key_store_id TEXT;
  CREATE INDEX keys_by_custom_key_store ON keys(custom_key_store_id) WHERE custom_key_store_id IS NOT NULL;
  CREATE TABLE destruction_ledger (key_id TEXT PRIMARY KEY, destroyed_at INTEGER NOT NULL);
  CREATE TRIGGER keys_destroyed AFTER DELETE ON keys BEGIN
    INSERT INTO destruction_ledger (key_id, destroyed_at) VALUES (OLD.key_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
    ON CONFLICT (key_id) DO NOTHING;
  END;
  CREATE TRIGGER destruction_ledger_kept BEFORE DELETE ON destruction_ledger BEGIN SELECT RAISE(ABORT, 'the destruction ledger is append-only'); END;
  CREATE TRIGGER destruction_ledger_fixed BEFORE UPDATE ON destruction_ledger BEGIN SELECT RAISE(ABORT, 'the destruction ledger is append-only'); END;
  `,
  // 11: multi-party approval (src/approvals): rules (a JSON document each) and requests bound to one call's hash. A rule
  // change announces 'approvals:' on the change feed so every process reloads its rules before the next gated call.
  `
  CREATE TABLE approval_rules (name TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE approval_requests (
    seq INTEGER PRIMARY KEY, request_id TEXT NOT NULL UNIQUE, state TEXT NOT NULL, key_arn TEXT, binding_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL, executed_at INTEGER, executed_by TEXT, revision INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE UNIQUE INDEX approval_requests_open_hash ON approval_requests(binding_hash) WHERE state IN ('PENDING', 'APPROVED');
  CREATE INDEX approval_requests_open ON approval_requests(expires_at) WHERE state IN ('PENDING', 'APPROVED');
  CREATE INDEX approval_requests_by_key ON approval_requests(key_arn, seq) WHERE key_arn IS NOT NULL;
  ${['insert', 'update', 'delete'].map((op) => `CREATE TRIGGER approval_rules_changed_${op} AFTER ${op.toUpperCase()} ON approval_rules BEGIN
    INSERT INTO key_changes (key_id, at) VALUES ('approvals:', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;`).join('\n  ')}
  `,
  // 12: anomaly alerts (issue 14 item 6, docs/anomaly.md): raised alerts with their coalesced counts and acknowledgement,
  // and the detectors' learned facts (who used a key, a key's encryption-context keys, a principal's networks), kept so
  // a restart does not raise every "first" again. Rate baselines stay in memory: they re-warm after a restart.
  `
  CREATE TABLE anomaly_alerts (
    seq INTEGER PRIMARY KEY, alert_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, severity TEXT NOT NULL, key_arn TEXT,
    principal TEXT, source TEXT, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, count INTEGER NOT NULL,
    details TEXT NOT NULL, state TEXT NOT NULL, acknowledged_by TEXT, acknowledged_at INTEGER, acknowledgement_note TEXT);
  CREATE INDEX anomaly_alerts_by_state ON anomaly_alerts(state, seq);
  CREATE INDEX anomaly_alerts_by_key ON anomaly_alerts(key_arn, seq) WHERE key_arn IS NOT NULL;
  CREATE TABLE anomaly_baselines (
    kind TEXT NOT NULL, subject TEXT NOT NULL, value TEXT NOT NULL, first_seen INTEGER NOT NULL, PRIMARY KEY (kind, subject, value));
  `,
  // 13: verifiable destruction (core/destruction): each key version's destruction commitment, the latest scan report
  // per scope with its inventory (ReportScanResults), and destruction receipts — their own table, without a foreign key,
  // so they outlive the key they are about.
  `
  ALTER TABLE key_versions ADD COLUMN commitment TEXT;
  CREATE TABLE scan_reports (scope TEXT PRIMARY KEY, report_id TEXT NOT NULL UNIQUE, report_date INTEGER NOT NULL);
  CREATE TABLE scan_findings (
    scope TEXT NOT NULL REFERENCES scan_reports(scope) ON DELETE CASCADE, key_arn TEXT NOT NULL, version INTEGER NOT NULL,
    count INTEGER NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (scope, key_arn, version));
  CREATE INDEX scan_findings_by_key ON scan_findings(key_arn);
  CREATE TABLE destruction_receipts (
    seq INTEGER PRIMARY KEY, receipt_id TEXT NOT NULL UNIQUE, key_arn TEXT NOT NULL, versions TEXT NOT NULL,
    destroyed_at INTEGER NOT NULL, scan_result TEXT NOT NULL, document TEXT NOT NULL);
  CREATE INDEX destruction_receipts_by_key ON destruction_receipts(key_arn, seq);
  `,
  // 14: multi-Region keys (docs/multi-region.md). Every copy of a multi-Region key records the primary's Region
  // (earlier multi-Region keys are their own primary); aliases are unique per Region, not per installation, so the
  // table is rebuilt with the primary key (region, alias_name), keeping its change triggers.
  `
  ALTER TABLE keys ADD COLUMN primary_region TEXT;
  UPDATE keys SET primary_region = region WHERE multi_region = 1;
  CREATE TABLE aliases_by_region (
    alias_name TEXT NOT NULL, account_id TEXT NOT NULL, region TEXT NOT NULL,
    target_key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (region, alias_name));
  INSERT INTO aliases_by_region (alias_name, account_id, region, target_key_id, created_at, updated_at)
    SELECT alias_name, account_id, region, target_key_id, created_at, updated_at FROM aliases;
  DROP TABLE aliases;
  ALTER TABLE aliases_by_region RENAME TO aliases;
  CREATE INDEX aliases_by_target ON aliases(target_key_id);
  ${changeTriggers(['aliases'])}
  `,
];

/** Migration 4's triggers (migration 14 recreates the aliases' ones with the rebuilt table): every insert, update or delete of a key-related row appends the key id to key_changes. */
function changeTriggers(only?: readonly string[]): string {
  const now = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
  const add = (ref: string) => `INSERT INTO key_changes (key_id, at) VALUES (${ref}, ${now});`;
  const tables = ([
    ['keys', 'key_id'], ['key_versions', 'key_id'], ['key_tags', 'key_id'], ['aliases', 'target_key_id'], ['imported_materials', 'key_id'],
  ] as [string, string][]).filter(([t]) => only === undefined || only.includes(t));
  return tables.flatMap(([t, col]) => [
    `CREATE TRIGGER ${t}_changed_insert AFTER INSERT ON ${t} BEGIN ${add(`NEW.${col}`)} END;`,
    `CREATE TRIGGER ${t}_changed_update AFTER UPDATE ON ${t} BEGIN ${col === 'target_key_id' ? add(`OLD.${col}`) : ''} ${add(`NEW.${col}`)} END;`, // an alias may move
    `CREATE TRIGGER ${t}_changed_delete AFTER DELETE ON ${t} BEGIN ${add(`OLD.${col}`)} END;`,
  ]).join('\n  ');
}

/**
 * Migration 8's triggers: a change to any identity row appends the marker 'iam:' to key_changes (identity caches reload
 * whole: identity changes are rare), a change to a grant appends its key id.
 */
function identityTriggers(): string {
  const now = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
  const identity = ['iam_entities', 'iam_group_members', 'iam_inline_policies', 'iam_attachments', 'iam_policy_versions', 'iam_access_keys'];
  // An access key's last use is bookkeeping, not a change: only its status counts.
  const event = (t: string, op: string) => (t === 'iam_access_keys' && op === 'UPDATE' ? 'UPDATE OF status' : op);
  const lines = identity.flatMap((t) => ['INSERT', 'UPDATE', 'DELETE'].map((op) =>
    `CREATE TRIGGER ${t}_changed_${op.toLowerCase()} AFTER ${event(t, op)} ON ${t} BEGIN INSERT INTO key_changes (key_id, at) VALUES ('iam:', ${now}); END;`));
  lines.push(`CREATE TRIGGER grants_changed_insert AFTER INSERT ON grants BEGIN INSERT INTO key_changes (key_id, at) VALUES (NEW.key_id, ${now}); END;`);
  lines.push(`CREATE TRIGGER grants_changed_delete AFTER DELETE ON grants BEGIN INSERT INTO key_changes (key_id, at) VALUES (OLD.key_id, ${now}); END;`);
  return lines.join('\n  ');
}
