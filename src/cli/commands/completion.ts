// `keyward completion bash|zsh|fish`: a shell completion script for every command, subcommand and option, generated
// from the commander program itself (and the option tables of encrypt/decrypt), so it can never fall behind.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { OptionTable } from '../args.js';
import { OPTIONS as DECRYPT_OPTIONS } from '../decrypt.js';
import { OPTIONS as ENCRYPT_OPTIONS } from '../encrypt.js';
import { UsageError } from '../usage-error.js';

/** Commands that parse their own options (the file-encryption ones): their tables. */
const OWN_OPTIONS: Readonly<Record<string, OptionTable>> = { encrypt: ENCRYPT_OPTIONS, decrypt: DECRYPT_OPTIONS };

interface Node { path: string[]; commands: string[]; options: string[] }

/** Every command path with its subcommands and long options, depth first. */
export function commandTree(root: Command): Node[] {
  const nodes: Node[] = [];
  const visit = (cmd: Command, path: string[]) => {
    const own = OWN_OPTIONS[cmd.name()];
    const options = own ? Object.keys(own).map((o) => `--${o}`) : cmd.options.map((o) => o.long).filter((o): o is string => !!o);
    const subcommands = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
    nodes.push({ path, commands: subcommands.map((c) => c.name()), options: [...options, '--help'] });
    for (const c of subcommands) visit(c, [...path, c.name()]);
  };
  visit(root, []);
  return nodes;
}

const SHELLS: Readonly<Record<string, (nodes: Node[]) => string>> = { bash, zsh: (n) => `autoload -U +X bashcompinit && bashcompinit\n${bash(n)}`, fish };

function bash(nodes: Node[]): string {
  const key = (n: Node) => ['keyward', ...n.path].join(' ');
  const table = (pick: (n: Node) => string[]) => nodes.map((n) => `  [${JSON.stringify(key(n))}]=${JSON.stringify(pick(n).join(' '))}`).join('\n');
  return `# keyward completion for bash (and zsh through bashcompinit): eval "$(keyward completion bash)"
declare -A _keyward_commands=(
${table((n) => n.commands)}
)
declare -A _keyward_words=(
${table((n) => [...n.commands, ...n.options])}
)
_keyward() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path=keyward i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case " \${_keyward_commands[$path]} " in *" $w "*) path="$path $w" ;; esac
  done
  if [[ "$cur" == -* || -n "\${_keyward_commands[$path]}" ]]; then
    COMPREPLY=($(compgen -W "\${_keyward_words[$path]}" -- "$cur"))
  else
    COMPREPLY=()
  fi
}
complete -o default -o bashdefault -F _keyward keyward
`;
}

function fish(nodes: Node[]): string {
  const lines = ['# keyward completion for fish: keyward completion fish | source', 'complete -c keyward -f'];
  for (const n of nodes) {
    const cond = n.path.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${n.path.at(-1)}`;
    if (n.commands.length) lines.push(`complete -c keyward -n '${cond}' -a '${n.commands.join(' ')}'`);
    for (const o of n.options) lines.push(`complete -c keyward -n '${cond}' -l ${o.slice(2)}`);
  }
  return lines.join('\n') + '\n';
}

export function registerCompletion(program: Command, ctx: CliContext): void {
  program
    .command('completion')
    .description('Print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', `
Examples:
  eval "$(keyward completion bash)"                 # this shell; add the line to ~/.bashrc to keep it
  keyward completion zsh > "\${fpath[1]}/_keyward"   # zsh (uses bashcompinit)
  keyward completion fish | source                  # fish; or > ~/.config/fish/completions/keyward.fish`)
    .action((shell: string) => {
      const make = SHELLS[shell];
      if (!make) throw new UsageError(`completion: unknown shell ${JSON.stringify(shell)} (bash, zsh or fish)`);
      ctx.out(make(commandTree(program)).trimEnd());
    });
}
