// One transaction on one pooled connection; a connection that failed to roll back is discarded, not reused. A checked
// out client has no error listener of the pool's (pg-pool removes it while the client is lent), so a connection lost
// meanwhile (a database restart) would emit an unhandled 'error' and crash the process: we listen for the time we
// hold it, and discard it.
import type pg from 'pg';

/** Runs `fn` on a checked-out client, handling its 'error' events while held; a client that errored is discarded. */
export async function withClient<T>(pool: pg.Pool, fn: (c: pg.PoolClient, broken: (err: Error) => void) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken ??= err);
  client.on('error', onError);
  try {
    return await fn(client, onError);
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

export function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client, broken) => {
    await client.query('BEGIN');
    try {
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => broken(e));
      throw err;
    }
  });
}
