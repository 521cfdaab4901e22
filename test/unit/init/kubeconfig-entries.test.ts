import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { buildLocalKubeconfigEntries, endpointUrl, runningAt } from '../../../src/init/kubeconfig-entries.js';
import { planInit } from '../../../src/init/plan.js';
import { resolveOk } from './helpers.js';
import { factsWith, FAKE_PKI } from './plan-fixtures.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('endpointUrl and runningAt (README, kubefed init)', () => {
  it.each([
    { name: 'LB: first IP', endpoint: { ips: ['35.1.2.3', '35.1.2.4'], hostnames: ['lb.example'] }, url: 'https://35.1.2.3', at: '35.1.2.3, 35.1.2.4, lb.example' },
    { name: 'LB: host name only', endpoint: { ips: [], hostnames: ['a.elb', 'b.elb'] }, url: 'https://a.elb', at: 'a.elb, b.elb' },
    { name: 'LB: IPv6 in brackets for the URL', endpoint: { ips: ['2001:db8::1'], hostnames: [] }, url: 'https://[2001:db8::1]', at: '2001:db8::1' },
    { name: 'LB: nothing known yet', endpoint: { ips: [], hostnames: [] }, url: 'https://<pending>', at: '<pending>' },
  ])('$name', ({ endpoint, url, at }) => {
    expect(endpointUrl(endpoint)).toBe(url);
    expect(runningAt('LoadBalancer', endpoint)).toBe(at);
  });

  it.each([
    { name: 'one node', endpoint: { ips: ['127.0.0.1'], hostnames: [], nodePort: 32111 }, url: 'https://127.0.0.1:32111', at: '127.0.0.1:32111' },
    { name: 'several nodes', endpoint: { ips: ['10.0.0.1', '10.0.0.2'], hostnames: [], nodePort: 30443 }, url: 'https://10.0.0.1:30443', at: '10.0.0.1:30443, ...' },
    { name: 'IPv6 node', endpoint: { ips: ['fd00::5'], hostnames: [], nodePort: 30443 }, url: 'https://[fd00::5]:30443', at: '[fd00::5]:30443' },
  ])('NodePort: $name', ({ endpoint, url, at }) => {
    expect(endpointUrl(endpoint)).toBe(url);
    expect(runningAt('NodePort', endpoint)).toBe(at);
  });
});

describe('local kubeconfig entries (README, "Kubeconfig handling")', () => {
  it('adds cluster, user and context <fed>, the context recording where the control plane lives', () => {
    const plan = planInit(resolveOk({}), factsWith({ hostContext: 'kind-rivendell' }));
    expect(plan.kubeconfig).toEqual({
      clusters: [{ name: 'fellowship', cluster: { server: 'https://35.1.2.3', 'certificate-authority-data': b64('CA CERT\n') } }],
      users: [{ name: 'fellowship', user: { 'client-certificate-data': b64('ADMIN CERT\n'), 'client-key-data': b64('ADMIN KEY\n') } }],
      contexts: [
        {
          name: 'fellowship',
          context: {
            cluster: 'fellowship',
            user: 'fellowship',
            extensions: [
              {
                name: 'kubefed',
                extension: { 'host-context': 'kind-rivendell', 'federation-system-namespace': 'federation-system', 'federation-name': 'fellowship' },
              },
            ],
          },
        },
      ],
    });
    expect(plan.endpointUrl).toBe('https://35.1.2.3');
    expect(plan.runningAt).toBe('35.1.2.3');
  });

  it('falls back to --host-cluster-context, and leaves host-context out when neither is known', () => {
    const extension = (hostClusterContext: string | undefined) =>
      planInit(resolveOk({ hostClusterContext }), factsWith()).kubeconfig.contexts[0].context.extensions?.[0].extension;
    expect(extension('rivendell')).toEqual({ 'host-context': 'rivendell', 'federation-system-namespace': 'federation-system', 'federation-name': 'fellowship' });
    expect(extension(undefined)).toEqual({ 'federation-system-namespace': 'federation-system', 'federation-name': 'fellowship' });
  });

  it('adds the token to the user, and a separate basic-auth user no context refers to', () => {
    const options = resolveOk({ apiserverEnableBasicAuth: true, apiserverEnableTokenAuth: true });
    const plan = planInit(options, factsWith({ auth: { token: 'tok', tokenUid: 'u1', password: 'pw', passwordUid: 'u2' } }));
    expect(plan.kubeconfig.users).toEqual([
      { name: 'fellowship', user: { 'client-certificate-data': b64('ADMIN CERT\n'), 'client-key-data': b64('ADMIN KEY\n'), token: 'tok' } },
      { name: 'fellowship-basic-auth', user: { username: 'admin', password: 'pw' } },
    ]);
    expect(plan.kubeconfig.contexts.map((c) => c.context.user)).toEqual(['fellowship']);
  });

  it('is read by the real kubectl, extension included', () => {
    const entries = buildLocalKubeconfigEntries({
      federationName: 'fellowship',
      namespace: 'federation-system',
      hostContext: 'rivendell',
      server: 'https://127.0.0.1:32111',
      pki: FAKE_PKI,
      token: 'tok',
    });
    const dir = mkdtempSync(join(tmpdir(), 'kubefed-entries-'));
    try {
      const file = join(dir, 'config');
      writeFileSync(file, yaml.dump({ apiVersion: 'v1', kind: 'Config', ...entries }));
      const out = execFileSync('kubectl', ['config', 'view', '--kubeconfig', file, '--context', 'fellowship', '--minify', '--raw', '-o', 'json'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: dir },
      });
      const view = JSON.parse(out);
      expect(view.clusters[0].cluster.server).toBe('https://127.0.0.1:32111');
      expect(view.users[0].user.token).toBe('tok');
      expect(view.contexts[0].context.extensions).toEqual([
        { name: 'kubefed', extension: { 'host-context': 'rivendell', 'federation-system-namespace': 'federation-system', 'federation-name': 'fellowship' } },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
