// For the audit tests: copies of a stopped server's database to tamper with, and `keyward audit ...` run as operators run it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliEntry } from './paths.js';

/** Copies of one data directory's keyward.db; removes every copy (and the original, once set) on cleanup(). */
export class DbCopies {
  private readonly dirs: string[] = [];
  original = '';

  /** A fresh directory holding a copy of the original's database, opened read-write. */
  copy(prefix = 'keyward-audit-'): { dir: string; db: Database.Database } {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(dir);
    copyFileSync(join(this.original, 'keyward.db'), join(dir, 'keyward.db'));
    return { dir, db: new Database(join(dir, 'keyward.db')) };
  }

  cleanup(): void {
    for (const d of [...this.dirs, this.original]) if (d) rmSync(d, { recursive: true, force: true });
  }
}

/** `keyward audit <sub> ...args` as a separate process. */
export function auditCli(sub: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliEntry, 'audit', sub, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
