// Worker-thread entry point of the crypto pool: runs one TASKS entry per message and posts the result back.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { TASKS, type TaskName } from './tasks.js';

interface Request { id: number; name: TaskName; args: unknown }

// The lowest scheduling priority for this thread (on Linux, pid 0 names the calling thread): the event loop, which
// serves symmetric traffic, preempts RSA and key generation instead of queueing behind them (nice 10 was not enough:
// Encrypt p99 2.9x of unloaded under RSA_4096 load; 19 gives 0.7–1.6x). Not fatal where refused.
try {
  setPriority(0, 19);
} catch {
  // e.g. a platform that only sets whole-process priorities; the pool still runs, at normal priority
}

parentPort!.on('message', (req: Request) => {
  try {
    const result = (TASKS[req.name] as (a: unknown) => unknown)(req.args);
    parentPort!.postMessage({ id: req.id, ok: true, result });
  } catch (err) {
    parentPort!.postMessage({ id: req.id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
});
