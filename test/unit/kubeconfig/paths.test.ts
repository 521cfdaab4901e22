import { describe, expect, it } from 'vitest';
import { defaultWriteTarget, resolveKubeconfigPaths, type KubeconfigPathInput } from '../../../src/kubeconfig/paths.js';

describe('resolveKubeconfigPaths', () => {
  const cases: Array<{ name: string; input: KubeconfigPathInput; paths: string[]; explicit: boolean }> = [
    { name: '--kubeconfig wins over $KUBECONFIG', input: { explicit: '/x/k', envValue: '/a:/b', homeDir: '/h' }, paths: ['/x/k'], explicit: true },
    { name: 'one $KUBECONFIG entry', input: { envValue: '/a', homeDir: '/h' }, paths: ['/a'], explicit: false },
    { name: 'several entries in order', input: { envValue: '/a:/b:/c', homeDir: '/h' }, paths: ['/a', '/b', '/c'], explicit: false },
    { name: 'empty entries dropped', input: { envValue: ':/a::/b:', homeDir: '/h' }, paths: ['/a', '/b'], explicit: false },
    { name: 'duplicates keep the first', input: { envValue: '/b:/a:/b', homeDir: '/h' }, paths: ['/b', '/a'], explicit: false },
    { name: 'no env → ~/.kube/config', input: { homeDir: '/h' }, paths: ['/h/.kube/config'], explicit: false },
    { name: 'env of only delimiters → ~/.kube/config', input: { envValue: '::', homeDir: '/h' }, paths: ['/h/.kube/config'], explicit: false },
    { name: 'empty --kubeconfig is not given', input: { explicit: '', envValue: '/a', homeDir: '/h' }, paths: ['/a'], explicit: false },
    { name: 'other delimiter', input: { envValue: 'C:\\a;C:\\b', homeDir: '/h', delimiter: ';' }, paths: ['C:\\a', 'C:\\b'], explicit: false },
    { name: 'relative entries against cwd', input: { envValue: 'a:/b', homeDir: '/h', cwd: '/w' }, paths: ['/w/a', '/b'], explicit: false },
    { name: 'relative --kubeconfig against cwd', input: { explicit: 'k/c', homeDir: '/h', cwd: '/w' }, paths: ['/w/k/c'], explicit: true },
  ];
  it.each(cases)('$name', ({ input, paths, explicit }) => {
    const from = explicit ? undefined : input.envValue?.replaceAll(input.delimiter ?? ':', '') ? '$KUBECONFIG' : 'default';
    expect(resolveKubeconfigPaths(input)).toEqual({ paths, explicit, ...(from ? { from } : {}) });
  });
});

describe('defaultWriteTarget', () => {
  const cases: Array<{ name: string; paths: string[]; explicit: boolean; existing: string[]; target: string }> = [
    { name: 'explicit file, even if missing', paths: ['/k'], explicit: true, existing: [], target: '/k' },
    { name: 'one env entry, missing', paths: ['/a'], explicit: false, existing: [], target: '/a' },
    { name: 'a:b both exist → a', paths: ['/a', '/b'], explicit: false, existing: ['/a', '/b'], target: '/a' },
    { name: 'missing:b → b', paths: ['/missing', '/b'], explicit: false, existing: ['/b'], target: '/b' },
    { name: 'm1:m2 both missing → m2 (the last)', paths: ['/m1', '/m2'], explicit: false, existing: [], target: '/m2' },
    { name: 'a:missing:c → a', paths: ['/a', '/missing', '/c'], explicit: false, existing: ['/a', '/c'], target: '/a' },
    { name: 'm:b:c with b, c existing → b', paths: ['/m', '/b', '/c'], explicit: false, existing: ['/b', '/c'], target: '/b' },
  ];
  it.each(cases)('$name', ({ paths, explicit, existing, target }) => {
    expect(defaultWriteTarget(paths, explicit, (p) => existing.includes(p))).toBe(target);
  });

  it('refuses an empty list', () => {
    expect(() => defaultWriteTarget([], false, () => true)).toThrow('defaultWriteTarget needs at least one kubeconfig path');
  });
});
