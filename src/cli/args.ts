// A small table-driven argument parser for the file-encryption commands (until the CLI moves to commander):
// each option is declared once with its kind, and unknown or malformed arguments are usage errors.
import { UsageError } from './usage-error.js';

export type OptionKind = 'string' | 'strings' | 'number' | 'flag';
export interface OptionSpec { kind: OptionKind; short?: string; help: string; metavar?: string }
export type OptionTable = Readonly<Record<string, OptionSpec>>;
export type Parsed = Record<string, string | string[] | number | boolean | undefined>;

export function parseArgs(argv: readonly string[], table: OptionTable): Parsed {
  const out: Parsed = {};
  const byShort = new Map(Object.entries(table).filter(([, s]) => s.short).map(([name, s]) => [s.short!, name]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : byShort.get(arg.slice(1));
    const spec = name !== undefined && arg.startsWith('-') ? table[name] : undefined;
    if (!spec || name === undefined) throw new UsageError(`unknown argument ${arg}`);
    if (spec.kind === 'flag') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (spec.kind === 'strings') out[name] = [...((out[name] as string[] | undefined) ?? []), value];
    else if (spec.kind === 'number') out[name] = toNumber(name, value);
    else out[name] = value;
  }
  return out;
}

function toNumber(name: string, value: string): number {
  const m = /^(\d+)([KMG]i?B?)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--${name} must be a non-negative integer (a K, M or G suffix is allowed), not ${JSON.stringify(value)}`);
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').charAt(0).toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * scale;
}

export function optionHelp(table: OptionTable): string {
  return Object.entries(table).map(([name, s]) => {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${name}${s.kind === 'flag' ? '' : ` ${s.metavar ?? 'VALUE'}`}`;
    return `  ${flag.padEnd(36)} ${s.help}`;
  }).join('\n');
}
