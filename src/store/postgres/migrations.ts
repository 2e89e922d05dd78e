// Versioned schema migrations for the PostgreSQL store, applied in order under an advisory lock (so nodes starting
// at the same moment do not race) and recorded in schema_migrations. Same shape as the SQLite schema:
// BYTEA for blobs, BIGINT epoch milliseconds, INTEGER versions and revisions.
import type pg from 'pg';

export const MIGRATIONS: readonly string[] = [
  // 1: the core schema.
  `
  CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE barrier_keys (term INTEGER PRIMARY KEY, wrapped BYTEA NOT NULL);
  CREATE TABLE principals (
    arn TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT NOT NULL, created_at BIGINT NOT NULL);
  CREATE TABLE access_keys (
    access_key_id TEXT PRIMARY KEY, principal_arn TEXT NOT NULL REFERENCES principals(arn),
    sealed_secret BYTEA NOT NULL, created_at BIGINT NOT NULL, status TEXT NOT NULL);
  CREATE TABLE keys (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key_id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL,
    region TEXT NOT NULL, created_at BIGINT NOT NULL, description TEXT NOT NULL, key_spec TEXT NOT NULL,
    key_usage TEXT NOT NULL, origin TEXT NOT NULL, state TEXT NOT NULL, multi_region BOOLEAN NOT NULL,
    policy TEXT NOT NULL, current_version INTEGER NOT NULL, deletion_date BIGINT, pending_window_days INTEGER,
    rotation_period_days INTEGER, next_rotation_at BIGINT, revision INTEGER NOT NULL);
  CREATE TABLE key_versions (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, version INTEGER NOT NULL,
    material_id TEXT NOT NULL, created_at BIGINT NOT NULL, sealed_material BYTEA NOT NULL, rotation_type TEXT,
    PRIMARY KEY (key_id, version));
  CREATE TABLE key_tags (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, tag_key TEXT NOT NULL,
    tag_value TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (key_id, tag_key));
  CREATE TABLE aliases (
    alias_name TEXT PRIMARY KEY, account_id TEXT NOT NULL, region TEXT NOT NULL,
    target_key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
  CREATE INDEX aliases_by_target ON aliases(target_key_id, alias_name);
  CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY, time BIGINT NOT NULL, request_id TEXT NOT NULL, principal TEXT NOT NULL,
    access_key_id TEXT, source TEXT NOT NULL, operation TEXT NOT NULL, key_arn TEXT, key_version INTEGER,
    outcome TEXT NOT NULL, error_code TEXT, details TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
  -- The chain head in one row: appenders lock it (SELECT ... FOR UPDATE), so every node extends one chain.
  CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL);
  INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}');
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
    material_id TEXT NOT NULL, imported BOOLEAN NOT NULL, pending_rotation BOOLEAN NOT NULL,
    expiration_model TEXT NOT NULL, valid_to BIGINT, description TEXT, imported_at BIGINT NOT NULL,
    PRIMARY KEY (key_id, version));
  CREATE INDEX imported_materials_due ON imported_materials(valid_to) WHERE imported AND valid_to IS NOT NULL;
  CREATE TABLE import_tokens (
    token_hash TEXT PRIMARY KEY, key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE,
    wrapping_algorithm TEXT NOT NULL, wrapping_key_spec TEXT NOT NULL, sealed_private_key BYTEA,
    created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
  CREATE INDEX import_tokens_by_expiry ON import_tokens(expires_at);
  CREATE INDEX import_tokens_by_key ON import_tokens(key_id);
  `,
  // 4: several nodes: every change to a key-related row notifies channel keyward_keys with the key id (delivered at
  // commit to every node's LISTEN connection; identical notifications in one transaction are folded into one), and
  // leases (the lifecycle scheduler runs on one node at a time).
  `
  CREATE FUNCTION keyward_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('keyward_keys', OLD.key_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('keyward_keys', NEW.key_id); END IF;
    RETURN NULL;
  END $$;
  CREATE FUNCTION keyward_alias_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('keyward_keys', OLD.target_key_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('keyward_keys', NEW.target_key_id); END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER keys_changed AFTER INSERT OR UPDATE OR DELETE ON keys FOR EACH ROW EXECUTE FUNCTION keyward_key_changed();
  CREATE TRIGGER key_versions_changed AFTER INSERT OR UPDATE OR DELETE ON key_versions FOR EACH ROW EXECUTE FUNCTION keyward_key_changed();
  CREATE TRIGGER key_tags_changed AFTER INSERT OR UPDATE OR DELETE ON key_tags FOR EACH ROW EXECUTE FUNCTION keyward_key_changed();
  CREATE TRIGGER imported_materials_changed AFTER INSERT OR UPDATE OR DELETE ON imported_materials FOR EACH ROW EXECUTE FUNCTION keyward_key_changed();
  CREATE TRIGGER aliases_changed AFTER INSERT OR UPDATE OR DELETE ON aliases FOR EACH ROW EXECUTE FUNCTION keyward_alias_changed();
  CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at BIGINT NOT NULL);
  `,
  // 5: grants, deleted with their key. seq orders listings; a named grant's fingerprint is unique per key (Name
  // idempotency; unnamed grants have none, and NULLs never collide). Operations and constraints are JSON text.
  `
  CREATE TABLE grants (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, grant_id TEXT NOT NULL UNIQUE,
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, name TEXT, fingerprint TEXT,
    created_at BIGINT NOT NULL, grantee_principal TEXT, grantee_service_principal TEXT, retiring_principal TEXT,
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
    seq BIGINT PRIMARY KEY, hash TEXT NOT NULL, time BIGINT NOT NULL, signature TEXT NOT NULL);
  `,
  // 7: AWS-managed keys (core/keys/aws-managed.ts): who manages a key, AWS or CUSTOMER; keys created before are the
  // customer's.
  `
  ALTER TABLE keys ADD COLUMN key_manager TEXT NOT NULL DEFAULT 'CUSTOMER';
  `,
  // 8: identity (src/identity): IAM users, groups, roles and managed policies in one table (kind + name, names unique
  // case-insensitively as IAM's; the kind's own facts as JSON), group members, inline policies, attachments, policy
  // versions and access keys. The principals of earlier versions (the bootstrap administrator) become IAM users with
  // AdministratorAccess attached, keeping their access keys. Identity changes notify 'iam:' on keyward_keys (an access
  // key's last use is bookkeeping: only its status counts); grant
  // changes notify their key, so a revoke reaches every node's authorization cache.
  `
  CREATE TABLE iam_entities (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL, arn TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL, data TEXT NOT NULL);
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
    document TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (policy_id, version_id));
  CREATE TABLE iam_access_keys (
    access_key_id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES iam_entities(id), sealed_secret BYTEA NOT NULL,
    created_at BIGINT NOT NULL, status TEXT NOT NULL, last_used_at BIGINT, last_used_service TEXT, last_used_region TEXT);
  CREATE INDEX iam_access_keys_by_user ON iam_access_keys(user_id);
  INSERT INTO iam_entities (id, kind, name, path, arn, created_at, data)
    SELECT 'AIDA' || upper(substr(md5(random()::text || clock_timestamp()::text || arn), 1, 16)), 'user', name, '/', arn,
      created_at, '{"tags":[]}' FROM principals;
  INSERT INTO iam_attachments (owner_id, policy_arn)
    SELECT id, 'arn:aws:iam::aws:policy/AdministratorAccess' FROM iam_entities WHERE kind = 'user';
  INSERT INTO iam_access_keys (access_key_id, user_id, sealed_secret, created_at, status)
    SELECT k.access_key_id, e.id, k.sealed_secret, k.created_at, k.status
    FROM access_keys k JOIN iam_entities e ON e.arn = k.principal_arn;
  DROP TABLE access_keys;
  DROP TABLE principals;
  CREATE FUNCTION keyward_identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('keyward_keys', 'iam:');
    RETURN NULL;
  END $$;
  ${['iam_entities', 'iam_group_members', 'iam_inline_policies', 'iam_attachments', 'iam_policy_versions', 'iam_access_keys'].map((t) =>
    `CREATE TRIGGER ${t}_changed AFTER INSERT OR UPDATE${t === 'iam_access_keys' ? ' OF status' : ''} OR DELETE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION keyward_identity_changed();`).join('\n  ')}
  CREATE TRIGGER grants_changed AFTER INSERT OR DELETE ON grants FOR EACH ROW EXECUTE FUNCTION keyward_key_changed();
  `,
  // 9: lifecycle beyond AWS (core/lifecycle/lifecycle-store.ts): per-key and per-version lifecycle records, AES-GCM
  // invocation reservations, usage counters and lifecycle events derived from the audit log, whose follower starts at
  // the current end of the log (usage is tracked from this migration on: meta usage_tracking_start_ms).
  `
  CREATE TABLE key_lifecycle (
    key_id TEXT PRIMARY KEY REFERENCES keys(key_id) ON DELETE CASCADE, min_decryption_version INTEGER,
    archived_at BIGINT, archive_reason TEXT, archived_aliases TEXT, window_opened_at BIGINT, window_until BIGINT,
    window_mode TEXT, window_reason TEXT, originator_days INTEGER, recipient_days INTEGER, cryptoperiod_set_at BIGINT,
    next_due_at BIGINT, planned_revision INTEGER NOT NULL, rotation_notice_for BIGINT);
  CREATE INDEX key_lifecycle_due ON key_lifecycle(next_due_at) WHERE next_due_at IS NOT NULL;
  CREATE INDEX key_lifecycle_cryptoperiod ON key_lifecycle(key_id) WHERE originator_days IS NOT NULL;
  CREATE TABLE key_version_lifecycle (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, version INTEGER NOT NULL, state TEXT NOT NULL,
    state_changed_at BIGINT NOT NULL, destruction_date BIGINT, pending_window_days INTEGER, destroyed_at BIGINT,
    milestones INTEGER NOT NULL, PRIMARY KEY (key_id, version));
  CREATE TABLE key_version_reservations (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, version INTEGER NOT NULL,
    reserved BIGINT NOT NULL, warned_at BIGINT, exhausted_at BIGINT, PRIMARY KEY (key_id, version));
  CREATE TABLE key_version_usage (
    key_id TEXT NOT NULL REFERENCES keys(key_id) ON DELETE CASCADE, version INTEGER NOT NULL, operation TEXT NOT NULL,
    count BIGINT NOT NULL, bytes BIGINT NOT NULL, last_used_at BIGINT NOT NULL, PRIMARY KEY (key_id, version, operation));
  CREATE TABLE lifecycle_events (
    seq BIGINT PRIMARY KEY, time BIGINT NOT NULL, type TEXT NOT NULL, key_arn TEXT, key_version INTEGER,
    principal TEXT NOT NULL, request_id TEXT NOT NULL, audit_hash TEXT NOT NULL, details TEXT, delivery TEXT NOT NULL,
    attempts INTEGER NOT NULL, next_attempt_at BIGINT, claim_holder TEXT, claim_until BIGINT, delivered_at BIGINT,
    last_error TEXT);
  CREATE INDEX lifecycle_events_by_key ON lifecycle_events(key_arn, seq) WHERE key_arn IS NOT NULL;
  CREATE INDEX lifecycle_events_pending ON lifecycle_events(next_attempt_at) WHERE delivery = 'PENDING';
  INSERT INTO meta (name, value) SELECT 'audit_follower_seq', coalesce(max(seq), 0)::text FROM audit_log
    ON CONFLICT (name) DO NOTHING;
  INSERT INTO meta (name, value) VALUES ('usage_tracking_start_ms', (extract(epoch FROM clock_timestamp()) * 1000)::bigint::text)
    ON CONFLICT (name) DO NOTHING;
  `,
  // 10: roots of trust and HSMs (issue 11). Custom key stores (a configured PKCS#11 token each; the crypto user's PIN
  // barrier-sealed), the store of an AWS_CLOUDHSM key, and the destruction ledger: every key deletion leaves a row that
  // nothing deletes or changes (triggers refuse it), so a restore cannot bring a destroyed key back (src/store/backup).
  `
  CREATE TABLE custom_key_stores (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, custom_key_store_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
    cluster_id TEXT NOT NULL, trust_anchor TEXT NOT NULL, sealed_password BYTEA NOT NULL, connection_state TEXT NOT NULL,
    connection_error_code TEXT, created_at BIGINT NOT NULL, revision INTEGER NOT NULL);
  ALTER TABLE keys ADD COLUMN custom_key_store_id TEXT;
  CREATE INDEX keys_by_custom_key_store ON keys(custom_key_store_id) WHERE custom_key_store_id IS NOT NULL;
  CREATE TABLE destruction_ledger (key_id TEXT PRIMARY KEY, destroyed_at BIGINT NOT NULL);
  CREATE FUNCTION keyward_key_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO destruction_ledger (key_id, destroyed_at) VALUES (OLD.key_id, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
    ON CONFLICT (key_id) DO NOTHING;
    RETURN NULL;
  END $$;
  CREATE FUNCTION keyward_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'the destruction ledger is append-only';
  END $$;
  CREATE TRIGGER keys_destroyed AFTER DELETE ON keys FOR EACH ROW EXECUTE FUNCTION keyward_key_destroyed();
  CREATE TRIGGER destruction_ledger_kept BEFORE DELETE OR UPDATE ON destruction_ledger FOR EACH ROW EXECUTE FUNCTION keyward_ledger_append_only();
  CREATE TRIGGER destruction_ledger_not_truncated BEFORE TRUNCATE ON destruction_ledger FOR EACH STATEMENT EXECUTE FUNCTION keyward_ledger_append_only();
  `,
  // 11: multi-party approval (src/approvals): rules (a JSON document each) and requests bound to one call's hash. A rule
  // change notifies 'approvals:' on keyward_keys so every node reloads its rules before the next gated call.
  `
  CREATE TABLE approval_rules (name TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE approval_requests (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, request_id TEXT NOT NULL UNIQUE, state TEXT NOT NULL, key_arn TEXT,
    binding_hash TEXT NOT NULL, expires_at BIGINT NOT NULL, executed_at BIGINT, executed_by TEXT, revision INTEGER NOT NULL,
    body TEXT NOT NULL);
  CREATE UNIQUE INDEX approval_requests_open_hash ON approval_requests(binding_hash) WHERE state IN ('PENDING', 'APPROVED');
  CREATE INDEX approval_requests_open ON approval_requests(expires_at) WHERE state IN ('PENDING', 'APPROVED');
  CREATE INDEX approval_requests_by_key ON approval_requests(key_arn, seq) WHERE key_arn IS NOT NULL;
  CREATE FUNCTION keyward_approval_rules_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('keyward_keys', 'approvals:');
    RETURN NULL;
  END $$;
  CREATE TRIGGER approval_rules_changed AFTER INSERT OR UPDATE OR DELETE ON approval_rules FOR EACH STATEMENT EXECUTE FUNCTION keyward_approval_rules_changed();
  `,
  // 12: anomaly alerts (issue 14 item 6, docs/anomaly.md): raised alerts with their coalesced counts and acknowledgement,
  // and the detectors' learned facts (who used a key, a key's encryption-context keys, a principal's networks), kept so
  // a restart does not raise every "first" again. Rate baselines stay in memory: they re-warm after a restart.
  `
  CREATE TABLE anomaly_alerts (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, alert_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, severity TEXT NOT NULL,
    key_arn TEXT, principal TEXT, source TEXT, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, count BIGINT NOT NULL,
    details TEXT NOT NULL, state TEXT NOT NULL, acknowledged_by TEXT, acknowledged_at BIGINT, acknowledgement_note TEXT);
  CREATE INDEX anomaly_alerts_by_state ON anomaly_alerts(state, seq);
  CREATE INDEX anomaly_alerts_by_key ON anomaly_alerts(key_arn, seq) WHERE key_arn IS NOT NULL;
  CREATE TABLE anomaly_baselines (
    kind TEXT NOT NULL, subject TEXT NOT NULL, value TEXT NOT NULL, first_seen BIGINT NOT NULL, PRIMARY KEY (kind, subject, value));
  `,
  // 13: verifiable destruction (core/destruction): each key version's destruction commitment, the latest scan report
  // per scope with its inventory (ReportScanResults), and destruction receipts — their own table, without a foreign key,
  // so they outlive the key they are about.
  `
  ALTER TABLE key_versions ADD COLUMN commitment TEXT;
  CREATE TABLE scan_reports (scope TEXT PRIMARY KEY, report_id TEXT NOT NULL UNIQUE, report_date BIGINT NOT NULL);
  CREATE TABLE scan_findings (
    scope TEXT NOT NULL REFERENCES scan_reports(scope) ON DELETE CASCADE, key_arn TEXT NOT NULL, version INTEGER NOT NULL,
    count BIGINT NOT NULL, bytes BIGINT NOT NULL, PRIMARY KEY (scope, key_arn, version));
  CREATE INDEX scan_findings_by_key ON scan_findings(key_arn);
  CREATE TABLE destruction_receipts (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, receipt_id TEXT NOT NULL UNIQUE, key_arn TEXT NOT NULL, versions TEXT NOT NULL,
    destroyed_at BIGINT NOT NULL, scan_result TEXT NOT NULL, document TEXT NOT NULL);
  CREATE INDEX destruction_receipts_by_key ON destruction_receipts(key_arn, seq);
  `,
  // 14: multi-Region keys (docs/multi-region.md). Every copy of a multi-Region key records the primary's Region
  // (earlier multi-Region keys are their own primary); aliases are unique per Region, not per installation.
  `
  ALTER TABLE keys ADD COLUMN primary_region TEXT;
  UPDATE keys SET primary_region = region WHERE multi_region;
  ALTER TABLE aliases DROP CONSTRAINT aliases_pkey;
  ALTER TABLE aliases ADD PRIMARY KEY (region, alias_name);
  `,
];

/** An arbitrary constant naming Keyward's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 0x4b657977; // 'Keyw'

/**
 * Applies the missing migrations in one transaction holding a transaction-scoped advisory lock: a second node
 * starting at the same time waits for the lock, then finds the migrations recorded and applies nothing.
 */
export async function migrate(client: pg.ClientBase, migrations: readonly string[] = MIGRATIONS): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    if (current > migrations.length) {
      throw new Error(`the database schema (version ${current}) is newer than this Keyward (${migrations.length})`);
    }
    for (let v = current; v < migrations.length; v++) {
      await client.query(migrations[v]!);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [v + 1, Date.now()]);
    }
    await client.query('COMMIT');
    return migrations.length - current;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
