import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli.js';
import type { InitFlags } from '../../../src/init/options.js';
import { makeTestDeps } from '../../helpers/deps.js';

const captured: InitFlags[] = [];
vi.mock('../../../src/init/options.js', async (original) => ({
  ...(await original<object>()),
  resolveInitOptions: (flags: InitFlags) => {
    captured.push(flags);
    return {};
  },
}));
vi.mock('../../../src/init/run.js', () => ({ runInit: async () => undefined }));

async function flagsFor(...argv: string[]): Promise<InitFlags> {
  captured.length = 0;
  const deps = makeTestDeps();
  expect(await runCli(['init', ...argv], deps), deps.stderr.text()).toBe(0);
  expect(captured).toHaveLength(1);
  return captured[0];
}

describe('kubefed init: what the command hands to resolveInitOptions', () => {
  it('passes defaults as values but lists only typed flags as explicit', async () => {
    const flags = await flagsFor('fellowship', '--dns-provider=coredns', '--image-pull-policy', 'Always');
    expect(flags.args).toEqual(['fellowship']);
    expect(flags.explicit).toEqual(['dnsProvider', 'imagePullPolicy']);
    expect(flags.values).toMatchObject({
      dnsProvider: 'coredns',
      imagePullPolicy: 'Always',
      federationSystemNamespace: 'federation-system',
      image: 'registry.k8s.io/hyperkube-amd64:v1.8.15',
      requestTimeout: '30s',
      timeout: '5m',
      verbose: false,
    });
    // Booleans the original documents as "Defaults to ..." get their default in resolveInitOptions.
    expect(flags.values.etcdPersistentStorage).toBeUndefined();
  });

  it.each([
    [['--dry-run'], 'true'],
    [['--dry-run=server'], 'server'],
    [['--dry-run=client'], 'client'],
  ])('--dry-run %j → %j', async (argv, value) => {
    const flags = await flagsFor('fellowship', ...argv);
    expect(flags.values.dryRun).toBe(value);
    expect(flags.explicit).toContain('dryRun');
  });

  it('reads --no-wait as wait=false, typed', async () => {
    const flags = await flagsFor('fellowship', '--no-wait');
    expect(flags.values.wait).toBe(false);
    expect(flags.explicit).toEqual(['wait']);
  });

  it('keeps bool values written with "=" as text for validation (pflag style)', async () => {
    const flags = await flagsFor('fellowship', '--etcd-persistent-storage=false', '--apiserver-enable-token-auth');
    expect(flags.values.etcdPersistentStorage).toBe('false');
    expect(flags.values.apiserverEnableTokenAuth).toBe('true');
  });

  it('a bare --dry-run or boolean flag never takes the next word: it stays a positional argument', async () => {
    const flags = await flagsFor('--dry-run', 'fellowship', '--etcd-persistent-storage', 'extra');
    expect(flags.args).toEqual(['fellowship', 'extra']);
    expect(flags.values.dryRun).toBe('true');
    expect(flags.values.etcdPersistentStorage).toBe('true');
  });

  it('keeps extra positional arguments so validation can name them', async () => {
    expect((await flagsFor('fellowship', 'extra')).args).toEqual(['fellowship', 'extra']);
  });

  it('carries the common flags', async () => {
    const flags = await flagsFor('fellowship', '--kubeconfig', 'k.yaml', '--context', 'fed', '-v', '-q', '-o', 'json', '--config', 'fed.yaml', '--show-secrets');
    expect(flags.values).toMatchObject({ kubeconfig: 'k.yaml', context: 'fed', verbose: true, quiet: true, output: 'json', config: 'fed.yaml', showSecrets: true });
  });
});
