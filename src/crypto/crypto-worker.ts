// Worker-thread entry point of the crypto pool: runs one TASKS entry per message and posts the result back.
import { parentPort } from 'node:worker_threads';
import { TASKS, type TaskName } from './tasks.js';

interface Request { id: number; name: TaskName; args: unknown }

parentPort!.on('message', (req: Request) => {
  try {
    const result = (TASKS[req.name] as (a: unknown) => unknown)(req.args);
    parentPort!.postMessage({ id: req.id, ok: true, result });
  } catch (err) {
    parentPort!.postMessage({ id: req.id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
});
