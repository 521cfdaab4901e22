import { describe, expect, test } from 'vitest';
import { applyJsonPatch, mergePatch, strategicMerge } from '../../emulator/patch.js';
import { matchesFieldSelector, matchesLabelSelector, matchesSelectorObject, parseFieldSelector } from '../../emulator/selectors.js';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };
  test.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web, db)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['version>2', true],
    ['version<2', false],
  ])('%s → %s', (selector, expected) => {
    expect(matchesLabelSelector(labels, selector)).toBe(expected);
  });

  test('a malformed selector is a BadRequest', () => {
    expect(() => matchesLabelSelector(labels, 'a=b=c')).toThrow(expect.objectContaining({ code: 400, reason: 'BadRequest' }));
  });

  test('structured selectors (matchLabels and matchExpressions)', () => {
    expect(matchesSelectorObject(labels, { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] })).toBe(true);
    expect(matchesSelectorObject(labels, { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] })).toBe(false);
  });

  test('field selectors compare dotted paths', () => {
    const obj = { metadata: { name: 'a', namespace: 'n' }, status: { phase: 'Running' } };
    expect(matchesFieldSelector(obj, parseFieldSelector('metadata.name=a,status.phase!=Pending'))).toBe(true);
    expect(matchesFieldSelector(obj, parseFieldSelector('metadata.name=b'))).toBe(false);
  });
});

describe('merge patch (RFC 7386)', () => {
  test('objects merge, null deletes, lists are replaced', () => {
    const original = { a: { b: 1, c: 2 }, list: [1, 2], keep: true };
    expect(mergePatch(original, { a: { b: null, d: 4 }, list: [3] })).toEqual({ a: { c: 2, d: 4 }, list: [3], keep: true });
  });
});

describe('strategic merge patch', () => {
  const deployment = {
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'app', image: 'a:1', ports: [{ containerPort: 80, name: 'http' }], env: [{ name: 'A', value: '1' }] },
            { name: 'sidecar', image: 's:1' },
          ],
          volumes: [{ name: 'v1', emptyDir: {} }],
          tolerations: [{ key: 'x' }],
        },
      },
    },
    metadata: { finalizers: ['a'] },
  };

  test('containers merge by name, their ports by containerPort, env by name', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'app', image: 'a:2', ports: [{ containerPort: 443, name: 'https' }], env: [{ name: 'B', value: '2' }] }] } } } };
    const merged = strategicMerge(deployment, patch) as typeof deployment;
    expect(merged.spec.template.spec.containers).toEqual([
      { name: 'app', image: 'a:2', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443, name: 'https' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { name: 'sidecar', image: 's:1' },
    ]);
  });

  test('lists without a merge key are replaced; finalizers merge as a set', () => {
    const merged = strategicMerge(deployment, { spec: { template: { spec: { tolerations: [{ key: 'y' }] } } }, metadata: { finalizers: ['b', 'a'] } }) as typeof deployment;
    expect(merged.spec.template.spec.tolerations).toEqual([{ key: 'y' }]);
    expect(merged.metadata.finalizers).toEqual(['a', 'b']);
  });

  test('$patch: delete removes a keyed item, $patch: replace replaces a list', () => {
    const deleted = strategicMerge(deployment, { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }) as typeof deployment;
    expect(deleted.spec.template.spec.containers.map((c) => c.name)).toEqual(['app']);
    const replaced = strategicMerge(deployment, { spec: { template: { spec: { volumes: [{ $patch: 'replace' }, { name: 'v2', emptyDir: {} }] } } } }) as typeof deployment;
    expect(replaced.spec.template.spec.volumes).toEqual([{ name: 'v2', emptyDir: {} }]);
  });

  test('kubectl directives: $setElementOrder, $retainKeys, $deleteFromPrimitiveList', () => {
    const patch = {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' }, template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] } } },
    };
    const original = { ...deployment, spec: { ...deployment.spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const merged = strategicMerge(original, patch) as any;
    expect(merged.metadata.finalizers).toEqual([]);
    expect(merged.spec.strategy).toEqual({ type: 'Recreate' });
    expect(merged.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['sidecar', 'app']);
  });

  test('service ports merge by port', () => {
    const svc = { spec: { ports: [{ port: 80, name: 'http' }] } };
    expect(strategicMerge(svc, { spec: { ports: [{ port: 80, nodePort: 30080 }] } })).toEqual({ spec: { ports: [{ port: 80, name: 'http', nodePort: 30080 }] } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { metadata: { labels: { a: '1' } }, list: ['x', 'y'] };

  test('add, remove, replace, move, copy and test', () => {
    const result = applyJsonPatch(doc, [
      { op: 'test', path: '/metadata/labels/a', value: '1' },
      { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
      { op: 'add', path: '/list/-', value: 'z' },
      { op: 'add', path: '/list/0', value: 'w' },
      { op: 'remove', path: '/list/1' },
      { op: 'replace', path: '/metadata/labels/a', value: 'one' },
      { op: 'copy', from: '/metadata/labels/a', path: '/copied' },
      { op: 'move', from: '/copied', path: '/moved' },
    ]);
    expect(result).toEqual({ metadata: { labels: { a: 'one', 'b/c': '2' } }, list: ['w', 'y', 'z'], moved: 'one' });
    expect(doc.list).toEqual(['x', 'y']);
  });

  test('a failed test or a missing path is an error', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/metadata/labels/a', value: '2' }])).toThrow('testing value /metadata/labels/a failed: test failed');
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/nope/x', value: 1 }])).toThrow('doc is missing path: "/nope/x"');
    expect(() => applyJsonPatch(doc, [{ op: 'remove', path: '/metadata/nothing' }])).toThrow('unable to remove nonexistent key: nothing: missing value');
  });
});
