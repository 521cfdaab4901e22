import type { Command } from 'commander';
import type { Deps } from '../deps.js';
import { UsageError } from '../errors.js';
import { COMMANDS } from './table.js';

/** The command names, from the table the CLI itself is built from. */
const NAMES = COMMANDS.map((c) => c.name);

function flagsOf(program: Command, name: string): string[] {
  const cmd = program.commands.find((c) => c.name() === name);
  if (!cmd) return [];
  // A command with subcommands (certs): every flag any of them takes.
  const options = [cmd, ...cmd.commands].flatMap((c) => c.options.map((o) => o.long ?? o.short ?? ''));
  return [...new Set(options.filter(Boolean))];
}

function subcommandsOf(program: Command, name: string): string[] {
  return program.commands.find((c) => c.name() === name)?.commands.map((sub) => sub.name()) ?? [];
}

function bashScript(program: Command): string {
  const cases = NAMES.map((c) => `    ${c}) opts="${flagsOf(program, c).join(' ')} --help"; subs="${subcommandsOf(program, c).join(' ')}" ;;`).join('\n');
  return `# kubefed bash completion; load with: source <(kubefed completion bash)
_kubefed() {
  local cur cmd opts subs
  cur="\${COMP_WORDS[COMP_CWORD]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${NAMES.join(' ')}" -- "$cur") ); return
  fi
  case "$cmd" in
${cases}
  esac
  if [ "$COMP_CWORD" -eq 2 ] && [ -n "$subs" ] && [[ "$cur" != -* ]]; then
    COMPREPLY=( $(compgen -W "$subs" -- "$cur") ); return
  fi
  if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "$opts" -- "$cur") ); return; fi
  case "\${COMP_WORDS[COMP_CWORD-1]}" in
    --context|--host-cluster-context|--cluster-context)
      COMPREPLY=( $(compgen -W "$(kubectl config get-contexts -o name 2>/dev/null)" -- "$cur") ) ;;
    --cluster)
      COMPREPLY=( $(compgen -W "$(kubectl config get-clusters 2>/dev/null | tail -n +2)" -- "$cur") ) ;;
    --user)
      COMPREPLY=( $(compgen -W "$(kubectl config view -o jsonpath='{.users[*].name}' 2>/dev/null)" -- "$cur") ) ;;
  esac
}
complete -F _kubefed kubefed
`;
}

function zshScript(program: Command): string {
  return `#compdef kubefed
# kubefed zsh completion; load with: source <(kubefed completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(program)}`;
}

function fishScript(program: Command): string {
  const lines = [`# kubefed fish completion; load with: kubefed completion fish | source`, 'complete -c kubefed -f'];
  for (const c of NAMES) lines.push(`complete -c kubefed -n '__fish_use_subcommand' -a ${c}`);
  for (const c of NAMES) {
    const subs = subcommandsOf(program, c);
    if (subs.length > 0) lines.push(`complete -c kubefed -n '__fish_seen_subcommand_from ${c}' -a '${subs.join(' ')}'`);
    for (const flag of flagsOf(program, c)) {
      if (flag.startsWith('--')) lines.push(`complete -c kubefed -n '__fish_seen_subcommand_from ${c}' -l ${flag.slice(2)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function registerCompletion(program: Command, deps: Deps): void {
  program
    .command('completion')
    .description('Print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', '\nExamples:\n  source <(kubefed completion bash)\n  kubefed completion fish | source\n')
    .action((shell: string) => {
      const scripts: Record<string, (p: Command) => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };
      const make = scripts[shell];
      if (!make) throw new UsageError(`unsupported shell "${shell}": use bash, zsh or fish`);
      deps.stdout.write(make(program));
    });
}
