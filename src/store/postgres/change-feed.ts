// The PostgreSQL change feed: one dedicated connection (outside the pool) that LISTENs on keyward_keys, fed by the
// row triggers of migration 4. When the connection is lost it reconnects (with back-off) and reports a reset, since
// notifications sent meanwhile are gone; a reset is also reported once LISTEN is first in place, covering changes
// made between the cache's first use and the subscription.
import pg from 'pg';

export const CHANNEL = 'keyward_keys';

export interface FeedOptions {
  onError?: ((err: Error) => void) | undefined;
  connectTimeoutMs?: number | undefined;
}

export function watchPostgres(url: string, listener: (keyId: string) => void, onReset: (() => void) | undefined,
  opts: FeedOptions = {}): () => void {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delay = 100;

  const schedule = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, 5_000);
  };

  const connect = async () => {
    const c = new pg.Client({
      connectionString: url, keepAlive: true, application_name: 'keyward-feed',
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    });
    let lost = false;
    const onLoss = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (err) opts.onError?.(err);
      if (client === c) client = undefined;
      c.end().catch(() => undefined);
      if (stopped) return;
      onReset?.(); // whatever was sent while we were away is lost: forget everything
      schedule();
    };
    c.on('error', onLoss);
    c.on('end', () => onLoss());
    c.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) listener(n.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      onLoss(err as Error);
      return;
    }
    if (stopped) {
      lost = true;
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    delay = 100;
    onReset?.();
  };

  void connect();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = undefined;
    if (c) {
      c.removeAllListeners('end');
      c.removeAllListeners('error');
      c.on('error', () => undefined);
      c.end().catch(() => undefined);
    }
  };
}
