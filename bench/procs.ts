// Tracks every child process and temp dir the benchmark creates so that all exit paths (normal, error, Ctrl-C) clean them up.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
/** Extra cleanups (e.g. a PostgreSQL cluster that is not our child): async for normal exits, sync for process 'exit'. */
const hooks = new Set<{ async: () => Promise<void>; sync: () => void }>();
let stopping = false;

/** Registers a cleanup run by cleanupAll() (async) or, as a last resort, on process 'exit' (sync); returns its remover. */
export function onCleanup(async: () => Promise<void>, sync: () => void): () => void {
  const hook = { async, sync };
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** True once Ctrl-C/SIGTERM arrived: no new processes may start and the run must not report. */
export function isStopping(): boolean {
  return stopping;
}

/** Creates a temp dir that is removed by cleanupAll(). */
export function makeTempDir(prefix = 'keyward-bench-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Spawns a child in its own process group (so its whole group can be killed) and tracks it until it exits. */
export function spawnTracked(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; stdio?: StdioOptions; cwd?: string } = {},
): ChildProcess {
  if (stopping) throw new Error('benchmark is stopping');
  const child = spawn(command, args, {
    detached: true,
    stdio: opts.stdio ?? 'ignore',
    env: opts.env ?? process.env,
    cwd: opts.cwd,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', () => children.delete(child));
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

/** SIGTERM the child's process group, then SIGKILL it if it is still alive after graceMs. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    killGroup(child, 'SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 1000).unref())]);
  }
}

/** Stops every tracked child and removes every temp dir. */
export async function cleanupAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopProcess(c)));
  for (const h of [...hooks]) await h.async().catch(() => undefined);
  hooks.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Synchronous last resort for process 'exit': SIGKILL what is left, remove temp dirs. */
function cleanupSync(): void {
  for (const child of children) killGroup(child, 'SIGKILL');
  for (const h of hooks) { try { h.sync(); } catch { /* best effort */ } }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

/** Installs Ctrl-C / SIGTERM / exit handlers that clean up before the process ends. */
export function installCleanupHandlers(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\nbench: ${signal} received, stopping child processes...\n`);
    void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('exit', cleanupSync);
}

/**
 * Runs `args` (command first) to completion and returns the JSON after the first stdout line that starts with `marker`;
 * throws with the command's output when it fails or prints no such line. `watch(pid)` may start sampling the child
 * (e.g. its CPU) and returns what to read once it has exited.
 */
export async function runForResult<T, W = undefined>(
  name: string, args: string[], marker: string, env: NodeJS.ProcessEnv = process.env, watch?: (pid: number | undefined) => () => W,
): Promise<{ result: T; watched: W | undefined }> {
  const [cmd, ...rest] = args;
  const child = spawnTracked(cmd!, rest, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const read = watch?.(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  const watched = read?.();
  const line = stdout.split('\n').find((l) => l.startsWith(marker));
  if (code !== 0 || !line) throw new Error(`${name} failed (exit ${code}): ${args.join(' ')}\n${(stderr + stdout).trim().slice(0, 2000)}`);
  return { result: JSON.parse(line.slice(marker.length)) as T, watched };
}
