// What a failed store call means for the client: the database unreachable or restarting (PostgreSQL connection
// errors, admin shutdown, crash recovery), or the data directory unable to take writes (SQLite: disk full, I/O error,
// read-only file system). Both are server-side and transient: the dispatcher answers with a clear, retryable AWS error
// instead of a bare internal error. https://www.postgresql.org/docs/15/errcodes-appendix.html
// https://www.sqlite.org/rescode.html

export type StoreFault = 'database-unavailable' | 'disk-full' | 'io-error' | 'read-only';

/** PostgreSQL SQLSTATEs of a server going away or not ready: class 08 (connection), 57P01-57P03 (shutdown, recovery). */
const PG_UNAVAILABLE = /^(08...|57P0[123])$/;
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/;

export function storeFault(err: unknown): StoreFault | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = String((err as { code?: unknown }).code ?? '');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'disk-full';
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'EROFS') return 'read-only';
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_') || code === 'EIO') return 'io-error';
  if (PG_UNAVAILABLE.test(code) || NET_CODES.has(code) || PG_MESSAGES.test(err.message)) return 'database-unavailable';
  return undefined;
}

/** What the client is told. The effect may have happened before the failure (as with any timeout): retrying is safe. */
export const STORE_FAULT_MESSAGES: Readonly<Record<StoreFault, string>> = {
  'database-unavailable': 'The key store database is unavailable; the request may not have been completed. Retry later.',
  'disk-full': 'The key store has no space left on its disk; the request may not have been completed. Retry once space is freed.',
  'io-error': 'The key store could not write to its disk (I/O error); the request may not have been completed. Retry later.',
  'read-only': 'The key store cannot write (read-only file system); the request may not have been completed. Retry once it is writable.',
};
