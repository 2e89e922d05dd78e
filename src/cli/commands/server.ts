// `keyward server`: runs the service with the options of the one configuration schema (src/server/config.ts), each
// also settable by its environment variable. `npm start` runs `keyward server --dev`.
import { Option, type Command } from 'commander';
import { OPTIONS, printable, resolveConfigValues } from '../../server/config.js';
import { startServer } from '../../server/main.js';
import type { CliContext } from '../cli-context.js';

/** The attribute commander gives a --no-X flag (camel-cased X), or undefined for any other flag. */
const negatedAttribute = (flag: string) => flag.startsWith('--no-') ? flag.slice(5).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()) : undefined;

export function registerServer(program: Command, ctx: CliContext): void {
  const cmd = program.command('server').description('Run the Keyward server');
  for (const spec of Object.values(OPTIONS)) {
    if (!('flag' in spec)) continue;
    const env = 'env' in spec ? ` (env ${spec.env})` : '';
    const kind: string = spec.kind;
    const flag = kind === 'boolean' ? spec.flag : kind === 'optional' ? `${spec.flag} [value]` : `${spec.flag} <value>`;
    const option = new Option(flag, spec.description + env);
    // Repeatable: each occurrence adds a value.
    if (kind === 'list') option.argParser((v: string, prior: string[] | undefined) => [...(prior ?? []), v]);
    cmd.addOption(option);
  }
  const envOnly = Object.values(OPTIONS).filter((o) => !('flag' in o)).map((o) => `  ${'env' in o ? o.env : ''}  ${o.description}`);
  cmd.addHelpText('after', `
Environment only:
${envOnly.join('\n')}

Examples:
  keyward server --dev                                   # development server on 127.0.0.1:8080, data in ./.keyward
  keyward server --dev --test-clock --listen 127.0.0.1:0 # a free port and an advanceable clock, for tests
  keyward server --root-key-file /etc/keyward/root.key --database-url postgres://keyward@db/keyward`);
  cmd.action(async (opts: Record<string, string | boolean | string[] | undefined>) => {
    const values = new Map<string, string | true | string[]>();
    for (const [key, value] of Object.entries(opts)) if (value !== undefined && value !== false) values.set(key, value as string | true | string[]);
    // Commander reads a --no-X flag as the attribute X, true unless given; the schema names that option noX.
    for (const [key, spec] of Object.entries(OPTIONS)) {
      const attribute = 'flag' in spec && spec.kind === 'boolean' ? negatedAttribute(spec.flag) : undefined;
      if (attribute === undefined) continue;
      values.delete(attribute);
      if (opts[attribute] === false) values.set(key, true);
    }
    const cfg = resolveConfigValues(values, ctx.env);
    if (cfg.logLevel === 'debug') ctx.err(JSON.stringify({ config: printable(cfg) }));
    const server = await startServer(cfg, ctx.out);
    const stop = () => {
      server.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    ctx.exitCode = -1; // keep running
  });
}
