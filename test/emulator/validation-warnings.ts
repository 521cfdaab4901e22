/**
 * What a real server accepts but warns about (Warning headers), for the fields the tool writes.
 */
import type { ResourceType, StoredObject } from './contracts.js';

type Obj = Record<string, any>;

function podSpecOf(type: ResourceType, obj: Obj): { spec: Obj | undefined; path: string } {
  if (type.group === '' && type.resource === 'pods') return { spec: obj.spec, path: 'spec' };
  return { spec: obj.spec?.template?.spec, path: 'spec.template.spec' };
}

export function collectWarnings(type: ResourceType, obj: StoredObject): string[] {
  const warnings: string[] = [];
  const workload = type.resource === 'pods' || type.group === 'apps';
  if (!workload) return warnings;
  const { spec, path } = podSpecOf(type, obj as Obj);
  ((spec?.imagePullSecrets ?? []) as Obj[]).forEach((ref, i) => {
    if (!ref?.name) warnings.push(`${path}.imagePullSecrets[${i}].name: invalid empty name ""`);
  });
  return warnings;
}
