// Several processes on one machine (`--workers N`) and the node identity used for leases. The primary prepares the
// data directory once (migrations, unsealing, bootstrap), then forks N workers with node:cluster; they share the
// listening socket (port 0 too: the primary binds once and hands every worker the same port), each with its own
// store connection, cache (kept coherent by the store's change feed) and crypto pool. The primary prints the dev
// banner once, restarts a worker that dies abnormally, and forwards SIGTERM/SIGINT to the workers on close. The
// lifecycle scheduler is not special-cased: every worker's scheduler asks for the cluster-wide lease, one wins.
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** This process's identity in leases: host, pid and a random suffix (pids are reused; hosts may share names). */
export const NODE_ID = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;

/** The scheduler lease: renewed every tick, so a dead holder's lease lapses after `ttlMs` and another node takes over. */
export const SCHEDULER_LEASE = { name: 'scheduler', ttlMs: 15_000, intervalMs: 5_000 };
/** Under the dev test clock, a shorter lease and tick, so that tests see a handover within a few seconds. */
export const TEST_SCHEDULER_LEASE = { name: 'scheduler', ttlMs: 3_000, intervalMs: 1_000 };

interface ListeningMessage {
  keyward: 'listening';
  url: string;
}

export const isWorker = (): boolean => cluster.isWorker;

/** In a worker: tells the primary the server is up (the primary prints the banner, once). */
export function reportListening(url: string): void {
  process.send?.({ keyward: 'listening', url } satisfies ListeningMessage);
}

/** In a worker: stops when the primary goes away (closed or killed), so no orphan keeps serving. */
export function exitWithPrimary(close: () => Promise<void>): void {
  process.once('disconnect', () => {
    close().then(() => process.exit(0), () => process.exit(1));
  });
}

export interface PrimaryOptions {
  workers: number;
  /** Runs once, before any worker starts: migrations, unsealing, bootstrap. Returns what the banner needs. */
  prepare(): Promise<unknown>;
  /** Called once, when every worker listens, with the URL and what prepare() returned. */
  announce(url: string, prepared: unknown): void;
  log: { warn(msg: string, f?: Record<string, unknown>): void; error(msg: string, f?: Record<string, unknown>): void };
}

export interface RunningCluster {
  url: string;
  close(): Promise<void>;
}

export async function startPrimary(opts: PrimaryOptions): Promise<RunningCluster> {
  const prepared = await opts.prepare();
  let closing = false;
  const live = new Set<Worker>();
  let restarts: number[] = [];

  const fork = (): Worker => {
    const w = cluster.fork();
    live.add(w);
    w.on('exit', (code, signal) => {
      live.delete(w);
      if (closing) return;
      if (code === 0 && !signal) return; // it was told to stop (e.g. SIGINT to the process group): so is the primary
      opts.log.error('worker died; starting another', { pid: w.process.pid, code, signal });
      const now = Date.now();
      restarts = [...restarts.filter((t) => t > now - 60_000), now];
      // A worker that keeps dying at once (e.g. the database is gone) is restarted with growing back-off.
      setTimeout(() => {
        if (!closing) fork();
      }, Math.min(100 * 2 ** (restarts.length - 1), 10_000)).unref();
    });
    return w;
  };

  const url = await new Promise<string>((resolve, reject) => {
    let listening = 0;
    let first: string | undefined;
    for (let i = 0; i < opts.workers; i++) {
      const w = fork();
      const onMessage = (m: unknown) => {
        if ((m as ListeningMessage | null)?.keyward !== 'listening') return;
        w.off('message', onMessage);
        first ??= (m as ListeningMessage).url;
        if (++listening === opts.workers) resolve(first);
      };
      w.on('message', onMessage);
      w.once('exit', (code, signal) => {
        if (listening < opts.workers) reject(new Error(`worker ${w.process.pid} exited during start-up (${signal ?? code})`));
      });
    }
  }).catch(async (err) => {
    closing = true;
    await stopAll(live);
    throw err;
  });
  opts.announce(url, prepared);

  return {
    url,
    async close() {
      closing = true;
      await stopAll(live);
    },
  };
}

/** SIGTERM to every worker; SIGKILL after 10 s for any that does not stop. */
async function stopAll(workers: Set<Worker>): Promise<void> {
  await Promise.all([...workers].map((w) => new Promise<void>((resolve) => {
    if (w.process.exitCode !== null || w.process.signalCode !== null) return resolve();
    const t = setTimeout(() => w.process.kill('SIGKILL'), 10_000);
    w.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    w.process.kill('SIGTERM');
  })));
}
