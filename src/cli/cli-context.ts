// What every command gets: where to write (stdout for results, stderr for people), the environment, and the exit
// status it sets. Commands never call process.exit or read process.env themselves, so tests can run them in-process.
export interface CliContext {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The exit status (0 unless set; docs/cli.md lists them); -1 keeps the process running (the server). */
  exitCode: number;
}
