import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { destroyResult, printDestroyResult, stepEnding, type DestroyReport } from '../../../src/destroy/report.js';
import type { Removal, RemovalResult } from '../../../src/federation/removals.js';
import { captureStream } from '../../helpers/deps.js';

const removal = (result: RemovalResult, name = 'x', note?: string): Removal => ({
  where: 'host',
  ref: { apiVersion: 'v1', kind: 'Secret', name, namespace: 'federation-system' },
  result,
  ...(note ? { note } : {}),
});

describe('stepEnding', () => {
  it.each([
    ['something deleted', [removal('deleted'), removal('already gone')], [], undefined, ' done'],
    ['everything already gone', [removal('already gone'), removal('already gone')], [], undefined, ' already gone'],
    ['nothing to do at all', [], [], undefined, ' already gone'],
    ['only kept objects', [removal('left', 'x', '--keep-data'), removal('already gone')], [], undefined, ' kept'],
    ['a client dry run', [removal('would be deleted')], [], 'client', ' done (dry run)'],
    ['a server dry run', [removal('deleted')], [], 'server', ' done (server dry run)'],
  ] as const)('%s', (_name, removals, errors, dryRun, suffix) => {
    expect(stepEnding(removals, errors, dryRun)).toEqual({ kind: 'done', suffix });
  });

  it('fails when an error was collected', () => {
    expect(stepEnding([removal('deleted')], ['secret "x": boom'], undefined)).toEqual({ kind: 'failed' });
  });
});

const REPORT: DestroyReport = {
  federation: 'fellowship',
  hostContext: 'rivendell',
  namespace: 'federation-system',
  members: [
    {
      clusterName: 'gondor',
      ok: true,
      removals: [{ where: 'federation', ref: { apiVersion: 'federation/v1beta1', kind: 'Cluster', name: 'gondor' }, result: 'deleted' }],
      errors: [],
      left: [],
    },
  ],
  hostRemovals: [removal('deleted', 'federation-ca'), removal('left', 'apiserver-etcd-claim', '--keep-data')],
  kubeconfig: { result: 'removed', entries: ['context "fellowship"'] },
  errors: [],
};

describe('destroyResult and printDestroyResult', () => {
  it('builds one result object', () => {
    expect(destroyResult(REPORT, { dryRun: undefined })).toEqual({
      apiVersion: 'kubefed/v1',
      kind: 'DestroyResult',
      federation: 'fellowship',
      hostContext: 'rivendell',
      namespace: 'federation-system',
      dryRun: null,
      destroyed: true,
      clusters: [{ name: 'gondor', removed: true, objects: [{ where: 'federation', kind: 'Cluster', name: 'gondor', result: 'deleted' }], left: [], errors: [] }],
      objects: [
        { where: 'host', kind: 'Secret', namespace: 'federation-system', name: 'federation-ca', result: 'deleted' },
        { where: 'host', kind: 'Secret', namespace: 'federation-system', name: 'apiserver-etcd-claim', result: 'left', note: '--keep-data' },
      ],
      kubeconfig: { result: 'removed', entries: ['context "fellowship"'] },
      errors: [],
    });
  });

  it.each([
    [undefined, 'Federation "fellowship" destroyed\n'],
    ['client', 'Federation "fellowship" destroyed (dry run)\n'],
    ['server', 'Federation "fellowship" destroyed (server dry run)\n'],
  ] as const)('prints the final line (dry run %s)', (dryRun, line) => {
    const stdout = captureStream();
    printDestroyResult(REPORT, { dryRun, output: undefined }, { stdout });
    expect(stdout.text()).toBe(line);
  });

  it('prints no final line after an error, but still the result object with -o yaml', () => {
    const failed = { ...REPORT, errors: ['secret "federation-ca": boom'] };
    const plain = captureStream();
    printDestroyResult(failed, { dryRun: undefined, output: undefined }, { stdout: plain });
    expect(plain.text()).toBe('');
    const asYaml = captureStream();
    printDestroyResult(failed, { dryRun: undefined, output: 'yaml' }, { stdout: asYaml });
    expect(yaml.load(asYaml.text())).toMatchObject({ kind: 'DestroyResult', destroyed: false, errors: ['secret "federation-ca": boom'] });
  });
});
