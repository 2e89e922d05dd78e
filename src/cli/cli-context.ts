// What every command gets: where to write (stdout for results, stderr for people), the environment, and the exit
// status it sets. Commands never call process.exit or read process.env themselves, so tests can run them in-process.
export interface CliContext {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** --quiet: no progress or notes for people on stderr (errors are still printed). */
  quiet?: boolean;
  /** The exit status (0 unless set; docs/cli.md lists them); -1 keeps the process running (the server). */
  exitCode: number;
}

/** A message for people on stderr (progress, hints), left out with --quiet; results go to ctx.out, errors to ctx.err. */
export function note(ctx: CliContext, text: string): void {
  if (!ctx.quiet) ctx.err(text);
}
