// --rewrap over files: each file with a ciphertext below its key's newest version rewritten atomically (file-rewrap.ts),
// a few at a time, each recorded in the state file once its rename is done.
import { forEachConcurrent } from '../pool.js';
import type { Finding } from '../inventory.js';
import type { Progress } from '../progress.js';
import { ChangedSinceScan, rewrapFile, type OpenAtomic } from './file-rewrap.js';
import { emptyResult, needsRewrap, reasonOf, type RewrapResult } from './rewrap-result.js';
import type { Rewrapper } from './rewrapper.js';
import type { StateFile } from './state-file.js';

const WIDTH = 8;

export async function rewrapFiles(byFile: ReadonlyMap<string, Finding[]>, rewrapper: Rewrapper, openAtomic: OpenAtomic, state: StateFile, progress: Progress): Promise<RewrapResult> {
  const result = emptyResult();
  const todo: [string, Finding[]][] = [];
  for (const [path, findings] of byFile) {
    if (state.has(path)) result.SkippedByState++;
    else if (!needsRewrap(findings)) result.AlreadyNewest++;
    else todo.push([path, findings]);
  }
  progress.start(todo.length, 'locations');
  await forEachConcurrent(todo, WIDTH, async ([path, findings]) => {
    try {
      await rewrapFile(path, findings, rewrapper, openAtomic);
      state.markDone([path]);
      result.Rewrapped++;
    } catch (err) {
      if (err instanceof ChangedSinceScan) result.ChangedSinceScan++;
      else result.Failed.push({ Location: path, Reason: reasonOf(err) });
    }
    progress.advance(1);
  });
  progress.stop();
  result.Failed.sort((a, b) => (a.Location < b.Location ? -1 : 1));
  return result;
}
