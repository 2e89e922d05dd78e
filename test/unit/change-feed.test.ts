// The SQLite change feed's pruning is bounded: a burst of changes (a million keys created within a minute) is worked off
// a thousand rows per statement, oldest first, never in one table-wide DELETE that would stall the event loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANGE_RETENTION_MS, SqliteChangeFeed } from '../../src/store/sqlite/change-feed.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

test('pruneOld deletes at most 1000 old rows per call, oldest first, and says when more remain', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-feed-'));
  const store = new SqliteStore(join(dir, 'keyward.db'));
  try {
    const now = Date.now();
    const old = now - CHANGE_RETENTION_MS - 1000;
    const insert = store.db.prepare('INSERT INTO key_changes (key_id, at) VALUES (?, ?)');
    store.db.transaction(() => {
      for (let i = 0; i < 2500; i++) insert.run(`old-${i}`, old);
      for (let i = 0; i < 10; i++) insert.run(`new-${i}`, now);
    })();
    const count = () => (store.db.prepare('SELECT count(*) AS n FROM key_changes').get() as { n: number }).n;
    const feed = new SqliteChangeFeed(store.db);
    assert.equal(feed.pruneOld(now), true);
    assert.equal(count(), 1510);
    const oldest = store.db.prepare('SELECT key_id FROM key_changes ORDER BY seq LIMIT 1').get() as { key_id: string };
    assert.equal(oldest.key_id, 'old-1000', 'the oldest rows go first');
    assert.equal(feed.pruneOld(now), true);
    assert.equal(feed.pruneOld(now), false, 'the last 500 old rows: nothing more to do');
    assert.equal(count(), 10, 'recent rows stay');
    assert.equal(feed.pruneOld(now), false);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
