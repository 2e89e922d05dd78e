// Reads /proc CPU counters to tell how noisy the host was: steal time, and CPU used by other processes on the server's core.
import { readdirSync, readFileSync } from 'node:fs';

function cpuLine(name: string): number[] {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(name + ' '));
  return line ? line.trim().split(/\s+/).slice(1).map(Number) : [];
}

/** Busy, steal and total clock ticks of `cpu` ("cpu" = all CPUs, "cpu0" = CPU 0). */
export function cpuTicks(cpu: string): { busy: number; steal: number; total: number } {
  try {
    const f = cpuLine(cpu);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal; guest time is already in user
    // Busy = user + nice + system: irq/softirq time (loopback networking) is nobody's process time.
    return { busy: (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0), steal: f[7] ?? 0, total };
  } catch {
    return { busy: 0, steal: 0, total: 0 };
  }
}

/** utime + stime of a process in clock ticks (same unit as /proc/stat), 0 if unknown. */
export function processTicks(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from #3 (state) on
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/** Live processes and their parents, from /proc/<pid>/stat. */
function parentMap(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = kids.get(ppid) ?? [];
      list.push(Number(name));
      kids.set(ppid, list);
    } catch { /* exited meanwhile */ }
  }
  return kids;
}

/** utime + stime of the live processes rooted at `roots` and all their descendants, each counted once. */
export function treeTicks(roots: Array<number | undefined>): number {
  const kids = parentMap();
  const seen = new Set<number>();
  const queue = roots.filter((p): p is number => p !== undefined);
  let sum = 0;
  while (queue.length) {
    const pid = queue.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    sum += processTicks(pid);
    queue.push(...(kids.get(pid) ?? []));
  }
  return sum;
}

/** CPU ticks of this process's children that have exited and been reaped (cutime + cstime of /proc/self/stat). */
export function reapedChildrenTicks(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[13]) + Number(f[14]);
  } catch {
    return 0;
  }
}

/**
 * Starts a sample; the returned function gives the % of `cpu` ("cpu0", or "cpu" for all CPUs together) used by
 * anything but `ours()` (CPU ticks of the processes that belong to the measurement) since then.
 */
export function otherLoad(cpu: string | undefined, ours: () => number): () => number | undefined {
  if (cpu === undefined) return () => undefined;
  const c0 = cpuTicks(cpu);
  const p0 = ours();
  return () => {
    const c1 = cpuTicks(cpu);
    const p1 = ours();
    const dt = c1.total - c0.total;
    if (dt <= 0) return undefined;
    return Math.max(0, (100 * (c1.busy - c0.busy - (p1 - p0))) / dt);
  };
}

/** Samples a running process's CPU use; the returned function stops and gives its average CPU % (USER_HZ = 100). */
export function sampleProcess(pid: number | undefined, everyMs = 250): () => number | undefined {
  const samples: Array<[number, number]> = [];
  const timer = setInterval(() => {
    const ticks = processTicks(pid);
    if (ticks > 0) samples.push([performance.now(), ticks]);
  }, everyMs);
  return () => {
    clearInterval(timer);
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last || last[0] - first[0] < 500) return undefined;
    return (100 * (last[1] - first[1])) / 100 / ((last[0] - first[0]) / 1000);
  };
}
