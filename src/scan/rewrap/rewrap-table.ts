// --rewrap over a column: the rows with a ciphertext below its key's newest version, re-encrypted through the server a
// batch at a time, then written in one transaction per batch (a row changed since the scan is left alone), and the
// batch recorded in the state file after its commit.
import { forEachConcurrent } from '../pool.js';
import type { Progress } from '../progress.js';
import { rowLocation, type TableScan } from '../scan-table.js';
import type { RowUpdate, TableSource } from '../tables/table-source.js';
import { emptyResult, needsRewrap, reasonOf, type RewrapResult } from './rewrap-result.js';
import type { Rewrapper } from './rewrapper.js';
import type { StateFile } from './state-file.js';
import { rewrapValue } from './value-rewrap.js';

/** Rows per transaction: short transactions (the server's own writers wait on them) with few commits. */
export const ROW_BATCH = 200;
const WIDTH = 8;

export async function rewrapTable(source: TableSource, scan: TableScan, rewrapper: Rewrapper, state: StateFile, progress: Progress): Promise<RewrapResult> {
  const result = emptyResult();
  const todo: TableScan['rows'] = [];
  for (const r of scan.rows) {
    if (state.has(rowLocation(source, r.row))) result.SkippedByState++;
    else if (!needsRewrap(r.findings)) result.AlreadyNewest++;
    else todo.push(r);
  }
  progress.start(todo.length, 'rows');
  for (let i = 0; i < todo.length; i += ROW_BATCH) {
    const batch = todo.slice(i, i + ROW_BATCH);
    const updates: RowUpdate[] = [];
    await forEachConcurrent(batch, WIDTH, async ({ row, findings }) => {
      try {
        updates.push({ row, value: await rewrapValue(row.value, findings, rewrapper) });
      } catch (err) {
        result.Failed.push({ Location: rowLocation(source, row), Reason: reasonOf(err) });
      }
    });
    if (updates.length > 0) {
      const written = await source.update(updates);
      const done = updates.filter((_, j) => written[j]);
      result.Rewrapped += done.length;
      result.ChangedSinceScan += updates.length - done.length;
      state.markDone(done.map((u) => rowLocation(source, u.row)));
    }
    progress.advance(batch.length);
  }
  progress.stop();
  return result;
}
