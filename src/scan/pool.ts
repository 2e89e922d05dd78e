// Runs an async step over items with at most `width` in flight (file reads and server round trips overlap; the CPU
// work between them is small).
export async function forEachConcurrent<T>(items: readonly T[], width: number, step: (item: T, worker: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (w: number) => {
    while (next < items.length) await step(items[next++]!, w);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, (_, w) => worker(w)));
}
