// The progress port the scan reports to; the command shows it as a bar on a terminal and drops it otherwise.
export interface Progress {
  start(total: number, unit: 'bytes' | 'rows' | 'locations'): void;
  advance(n: number): void;
  stop(): void;
}

export const NO_PROGRESS: Progress = { start() {}, advance() {}, stop() {} };
