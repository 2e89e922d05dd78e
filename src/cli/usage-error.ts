// A command-line usage error: the command prints it with its usage and exits 2 (docs/cli.md "Exit status").
export class UsageError extends Error {}
