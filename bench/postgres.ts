// The throwaway PostgreSQL cluster of the keyward-pg target: the test harness's cluster (test/support/postgres.ts:
// durable settings, a password-authenticated role), optionally under the server's CPU pinning, stopped by the
// benchmark's cleanup on exit, error or Ctrl-C.
import { PG_BIN, postgresAvailable, startPostgres } from '../test/support/postgres.js';
import { onCleanup } from './procs.js';

export interface BenchPostgres {
  /** postgres://keyward:PASSWORD@127.0.0.1:PORT/keyward */
  url: string;
  /** The postmaster's pid (its backends are its children), for CPU accounting. */
  pid: number | undefined;
  stop(): Promise<void>;
}

export function postgresUnavailable(): string | undefined {
  return postgresAvailable()
    ? undefined
    : `PostgreSQL binaries not found in ${PG_BIN} (apt-get install postgresql-15, or set KEYWARD_TEST_PG_BIN)`;
}

/** Starts a cluster; `pin` (e.g. `taskset -c 0`) prefixes pg_ctl start, so every backend inherits the CPU set. */
export async function startBenchPostgres(pin: string[]): Promise<BenchPostgres> {
  const pg = await startPostgres({ pin });
  const remove = onCleanup(() => pg.stop(), () => void pg.stop()); // stop() shuts down synchronously before it settles
  return {
    url: pg.url,
    pid: pg.pid,
    async stop() {
      remove();
      await pg.stop();
    },
  };
}
