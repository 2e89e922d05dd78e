// The --state file that makes --rewrap resumable: one JSON line per finished location (a file, or a table row), appended
// and flushed after that location's new content is committed, so a rerun after a crash or ^C skips what is done and
// at worst redoes the one location in flight (re-encrypting it again is harmless).
import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';

export class StateFile {
  private readonly done = new Set<string>();
  private fd: number | undefined;
  private scope = '';

  constructor(path: string | undefined, scope: string) {
    if (!path) return;
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      let entry: { scope?: string; done?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue; // a line cut short by a crash: that location is simply redone
      }
      if (entry.scope === scope && typeof entry.done === 'string') this.done.add(entry.done);
    }
    this.fd = openSync(path, 'a', 0o600);
    // A line cut short by a crash has no newline: end it, or the next record would be glued to it and lost.
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(this.fd, '\n');
    this.scope = scope;
  }

  has(location: string): boolean {
    return this.done.has(location);
  }

  get size(): number {
    return this.done.size;
  }

  markDone(locations: readonly string[]): void {
    for (const l of locations) this.done.add(l);
    if (this.fd === undefined) return;
    appendFileSync(this.fd, locations.map((l) => JSON.stringify({ scope: this.scope, done: l }) + '\n').join(''));
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
