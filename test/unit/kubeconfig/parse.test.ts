import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseKubeconfigText, serializeKubeconfig } from '../../../src/kubeconfig/parse.js';
import { aliasChainKubeconfig, SIMPLE_KUBECONFIG } from './alias-chain.js';

describe('parseKubeconfigText', () => {
  it('reads scalars the way kubectl (YAML 1.1) does', () => {
    const doc = parseKubeconfigText(
      [
        'clusters:',
        '- name: c',
        '  cluster:',
        '    server: https://c',
        '    insecure-skip-tls-verify: yes',
        '    disable-compression: Off',
        'users:',
        '- name: u',
        '  user:',
        '    auth-provider:',
        '      name: gcp',
        '      config: {expiry: 2019-01-10T17:21:34Z, expiry-key: "{.token_expiry}", quoted: "yes"}',
        '',
      ].join('\n'),
      'f',
    );
    expect(doc.clusters?.[0].cluster).toEqual({ server: 'https://c', 'insecure-skip-tls-verify': true, 'disable-compression': false });
    expect(doc.users?.[0].user['auth-provider']).toEqual({
      name: 'gcp',
      config: { expiry: '2019-01-10T17:21:34Z', 'expiry-key': '{.token_expiry}', quoted: 'yes' },
    });
  });

  it('applies << merge keys', () => {
    const doc = parseKubeconfigText('base: &b {server: https://s}\nclusters:\n- name: c\n  cluster:\n    <<: *b\n    tls-server-name: s\n', 'f');
    expect(doc.clusters?.[0].cluster).toEqual({ server: 'https://s', 'tls-server-name': 's' });
  });
});

describe('serializeKubeconfig', () => {
  it('writes long values on one line, no anchors, and quotes strings YAML 1.1 would misread', () => {
    const shared = { server: 'https://s' };
    const longData = 'QUJD'.repeat(100);
    const text = serializeKubeconfig({
      clusters: [
        { name: 'a', cluster: shared },
        { name: 'b', cluster: shared },
      ],
      users: [{ name: 'u', user: { 'client-key-data': longData, username: 'yes', password: 'off' } }],
    });
    expect(text).toBe(
      [
        'clusters:',
        '  - name: a',
        '    cluster:',
        '      server: https://s',
        '  - name: b',
        '    cluster:',
        '      server: https://s',
        'users:',
        '  - name: u',
        '    user:',
        `      client-key-data: ${longData}`,
        "      username: 'yes'",
        "      password: 'off'",
        '',
      ].join('\n'),
    );
  });

  it('round-trips a parsed document to the same data', () => {
    const text = 'apiVersion: v1\nkind: Config\npreferences: {colors: true}\ncontexts: null\nx-unknown: {a: [1, 2]}\n';
    const doc = parseKubeconfigText(text, 'f');
    expect(parseKubeconfigText(serializeKubeconfig(doc), 'g')).toEqual(doc);
  });
});

describe('parseKubeconfigText and YAML aliases', () => {
  it('refuses a file whose aliases expand the way kubectl calls excessive aliasing', () => {
    const text = aliasChainKubeconfig(SIMPLE_KUBECONFIG, 6);
    expect(text.length).toBeLessThan(1000);
    expect(() => parseKubeconfigText(text, '/home/frodo/.kube/config')).toThrow(
      new UsageError(
        'kubeconfig /home/frodo/.kube/config is not valid: excessive aliasing (its YAML aliases expand to far more than the file holds; kubectl refuses it too); fix or remove the file',
      ),
    );
  });

  it('reads a few aliases, and writes them out expanded', () => {
    const text = `${SIMPLE_KUBECONFIG}- name: second\n  context: &shared {cluster: rivendell, user: rivendell}\n- name: third\n  context: *shared\n`;
    const doc = parseKubeconfigText(text, 'f');
    expect(doc.contexts?.map((c) => [c.name, c.context])).toEqual([
      ['rivendell', { cluster: 'rivendell', user: 'rivendell' }],
      ['second', { cluster: 'rivendell', user: 'rivendell' }],
      ['third', { cluster: 'rivendell', user: 'rivendell' }],
    ]);
    const written = serializeKubeconfig(doc);
    expect(written).not.toMatch(/[&*]\w/);
    expect(parseKubeconfigText(written, 'f')).toEqual(doc);
  });
});
