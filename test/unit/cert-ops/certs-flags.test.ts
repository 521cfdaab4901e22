import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.js';
import { makeTestDeps } from '../../helpers/deps.js';

async function run(argv: string[]) {
  const deps = makeTestDeps();
  const code = await runCli(argv, deps);
  return { code, stdout: deps.stdout.text(), stderr: deps.stderr.text() };
}

describe('kubefed certs flags', () => {
  it.each([
    ['renew without what to renew', ['certs', 'renew'], 'error: kubefed certs renew needs what to renew: one of all, apiserver, controller-manager, admin, ca\n' + "See 'kubefed certs renew -h' for help and examples.\n"],
    ['renew of an unknown certificate', ['certs', 'renew', 'etcd'], 'error: cannot renew "etcd": choose one of all, apiserver, controller-manager, admin, ca\n'],
    ['a --warn-days that is not a number', ['certs', 'check-expiration', '--warn-days', 'soon'], 'error: --warn-days must be a whole number of days, e.g. --warn-days=30; got "soon"\n'],
  ])('%s: exit 2 with the flag and the fix', async (_name, argv, stderr) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(stderr);
    expect(result.stdout).toBe('');
  });

  it('completion knows certs and its subcommands', async () => {
    const bash = await run(['completion', 'bash']);
    expect(bash.stdout).toContain('compgen -W "init join unjoin destroy certs status version completion"');
    expect(bash.stdout).toContain('certs) opts="--host-cluster-context --federation-system-namespace --warn-days --server --token --user --cluster --insecure-skip-tls-verify --certificate-authority --kubeconfig --context');
    expect(bash.stdout).toContain('subs="check-expiration renew"');
    const fish = await run(['completion', 'fish']);
    expect(fish.stdout).toContain("complete -c kubefed -n '__fish_seen_subcommand_from certs' -a 'check-expiration renew'");
    expect(fish.stdout).toContain("complete -c kubefed -n '__fish_seen_subcommand_from certs' -l warn-days");
  });
});
