import { describe, expect, it } from 'vitest';
import { parseKubeconfigText, serializeKubeconfig } from '../../../src/kubeconfig/parse.js';

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
