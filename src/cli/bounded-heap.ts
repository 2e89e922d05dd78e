// Runs the file-encryption commands in a Node process with 1 MB V8 semi-spaces. Streaming makes a few short-lived
// objects and an external 4 KiB buffer per frame; with the default 16 MB semi-spaces, dead frames pile up between
// scavenges and a 1 GiB encryption peaks near 120 MB RSS, with 1 MB ones near 85 MB at the same speed (measured with
// bench/file-encrypt.ts; issue 16 asks for < 100 MB). V8 fixes the semi-space size at start-up, so the flag cannot be
// set from inside: the command re-executes itself once with it.
import { spawn } from 'node:child_process';

const FLAG = '--max-semi-space-size=1';

/** The exit code of the command run in a bounded child, or null when this process already is that child. */
export async function inBoundedHeap(argv: readonly string[]): Promise<number | null> {
  if (process.execArgv.includes(FLAG)) return null;
  const child = spawn(process.execPath, [...process.execArgv, FLAG, process.argv[1]!, ...argv], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt).on('SIGTERM', onTerm);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
  });
}
