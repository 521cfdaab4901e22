/**
 * A kubeconfig that defines the context `context` (cluster and user of the same name) and carries
 * a chain of YAML aliases: level 0 is `fanout` strings, each further level `fanout` aliases of the
 * level before. Six levels of ten are a few kilobytes that stand for a million strings once expanded.
 */
export function aliasChainKubeconfig(base: string, levels: number, fanout = 10): string {
  const lines = [base.trimEnd(), 'x-lots:'];
  lines.push(`  l0: &l0 [${Array.from({ length: fanout }, () => '"lots of text"').join(', ')}]`);
  for (let level = 1; level <= levels; level++) {
    lines.push(`  l${level}: &l${level} [${Array.from({ length: fanout }, () => `*l${level - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

export const SIMPLE_KUBECONFIG = `apiVersion: v1
kind: Config
current-context: rivendell
clusters:
- name: rivendell
  cluster: {server: 'https://127.0.0.1:6443'}
users:
- name: rivendell
  user: {token: t}
contexts:
- name: rivendell
  context: {cluster: rivendell, user: rivendell}
`;
