import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/k8s/types.js';
import { renderKubeconfigEntries, renderObjectNames, renderObjects } from '../../../src/output/render.js';

const SECRET: K8sObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'apiserver-credentials', namespace: 'federation-system' },
  type: 'Opaque',
  data: { 'server.key': 'S0VZ' },
  stringData: { 'token.csv': 'tok,admin,uid\n' },
};
const SERVICE: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'apiserver' }, spec: { type: 'NodePort' } };

describe('renderObjects', () => {
  it('prints YAML documents separated by ---, Secret values redacted', () => {
    expect(renderObjects([SERVICE, SECRET], 'yaml', { showSecrets: false })).toBe(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: apiserver',
        'spec:',
        '  type: NodePort',
        '---',
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: apiserver-credentials',
        '  namespace: federation-system',
        'type: Opaque',
        'data:',
        '  server.key: <redacted>',
        'stringData:',
        '  token.csv: <redacted>',
        '',
      ].join('\n'),
    );
    expect(SECRET.data).toEqual({ 'server.key': 'S0VZ' }); // the input is not modified
  });

  it('shows the values with showSecrets', () => {
    const docs = yaml.loadAll(renderObjects([SECRET], 'yaml', { showSecrets: true }));
    expect(docs).toEqual([SECRET]);
  });

  it('prints JSON as a v1 List', () => {
    const list = JSON.parse(renderObjects([SERVICE, SECRET], 'json', { showSecrets: false }));
    expect(list).toEqual({
      apiVersion: 'v1',
      kind: 'List',
      items: [SERVICE, { ...SECRET, data: { 'server.key': '<redacted>' }, stringData: { 'token.csv': '<redacted>' } }],
    });
  });

  it('prints kind/name for -o name', () => {
    expect(renderObjectNames([SERVICE, SECRET])).toBe('service/apiserver\nsecret/apiserver-credentials\n');
  });
});

describe('renderKubeconfigEntries', () => {
  const entries = {
    clusters: [{ name: 'fellowship', cluster: { server: 'https://1.2.3.4', 'certificate-authority-data': 'Q0E=' } }],
    users: [
      { name: 'fellowship', user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ', token: 'tok' } },
      { name: 'fellowship-basic-auth', user: { username: 'admin', password: 'pw' } },
    ],
  };

  it('redacts keys, tokens and passwords, not certificates', () => {
    expect(yaml.load(renderKubeconfigEntries(entries, 'yaml', { showSecrets: false }))).toEqual({
      clusters: entries.clusters,
      users: [
        { name: 'fellowship', user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': '<redacted>', token: '<redacted>' } },
        { name: 'fellowship-basic-auth', user: { username: 'admin', password: '<redacted>' } },
      ],
    });
  });

  it('prints them as given with showSecrets, in JSON too', () => {
    expect(JSON.parse(renderKubeconfigEntries(entries, 'json', { showSecrets: true }))).toEqual(entries);
  });
});
