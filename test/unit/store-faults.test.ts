// Store faults classified for the client: PostgreSQL connection loss, shutdown and recovery; SQLite and file-system
// write failures; anything else is not a store fault (an internal error).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeFault } from '../../src/store/store-faults.js';

const err = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });

test('store faults, by code and by pg message', () => {
  const table: [Error | string, ReturnType<typeof storeFault>][] = [
    [err('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'database-unavailable'],
    [err('Connection terminated unexpectedly'), 'database-unavailable'],
    [err('timeout exceeded when trying to connect'), 'database-unavailable'],
    [err('terminating connection due to administrator command', '57P01'), 'database-unavailable'],
    [err('the database system is starting up', '57P03'), 'database-unavailable'],
    [err('connection failure', '08006'), 'database-unavailable'],
    [err('database or disk is full', 'SQLITE_FULL'), 'disk-full'],
    [err('ENOSPC: no space left on device', 'ENOSPC'), 'disk-full'],
    [err('attempt to write a readonly database', 'SQLITE_READONLY'), 'read-only'],
    [err('disk I/O error', 'SQLITE_IOERR_WRITE'), 'io-error'],
    [err('duplicate key value violates unique constraint', '23505'), undefined],
    [err('SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT_PRIMARYKEY'), undefined],
    [err('x is not a function'), undefined],
    ['a string', undefined],
  ];
  for (const [e, want] of table) assert.equal(storeFault(e), want, String(e));
});
