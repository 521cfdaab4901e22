/**
 * What a container sees on disk, reduced to what the emulator needs: Secret and ConfigMap
 * volumes appear as one file per key (or per `items` entry) under the mount path, so a process
 * reading `--tls-cert-file=/etc/federation/apiserver/server.crt` gets exactly the bytes the tool
 * stored under that key — or the error a real process would get.
 */
import posix from 'node:path/posix';
import type { Store, StoredObject } from '../contracts.js';
import type { Container, PodSpec, Volume } from './pod-defaults.js';

export class FileError extends Error {}

/** A volume that cannot be mounted: the kubelet's FailedMount message. */
export interface MountProblem {
  volume: string;
  message: string;
}

export interface ContainerFiles {
  /** The file's bytes, or a FileError like Go's `open <path>: no such file or directory`. */
  read(path: string): Buffer;
  exists(path: string): boolean;
  /** The PersistentVolumeClaim mounted at or above `path`, if any. */
  claimAt(path: string): string | undefined;
}

type VolumeFiles = { kind: 'files'; files: Map<string, Buffer> } | { kind: 'claim'; claimName: string } | { kind: 'empty' };

function projectKeys(data: Record<string, Buffer>, items: { key: string; path: string }[] | undefined): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!items) {
    for (const [key, value] of Object.entries(data)) files.set(key, value);
    return files;
  }
  for (const item of items) if (data[item.key]) files.set(item.path, data[item.key]);
  return files;
}

function secretData(secret: StoredObject): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries((secret.data ?? {}) as Record<string, string>)) out[key] = Buffer.from(value, 'base64');
  for (const [key, value] of Object.entries((secret.stringData ?? {}) as Record<string, string>)) out[key] = Buffer.from(value, 'utf8');
  return out;
}

function configMapData(cm: StoredObject): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries((cm.data ?? {}) as Record<string, string>)) out[key] = Buffer.from(value, 'utf8');
  for (const [key, value] of Object.entries((cm.binaryData ?? {}) as Record<string, string>)) out[key] = Buffer.from(value, 'base64');
  return out;
}

/**
 * Resolves every volume of the Pod. Missing Secrets or ConfigMaps (unless optional) are mount
 * problems, reported with the kubelet's wording.
 */
export function resolveVolumes(store: Store, namespace: string, spec: PodSpec): { volumes: Map<string, VolumeFiles>; problems: MountProblem[] } {
  const volumes = new Map<string, VolumeFiles>();
  const problems: MountProblem[] = [];
  const secretType = store.typeFor('v1', 'Secret');
  const cmType = store.typeFor('v1', 'ConfigMap');
  for (const volume of spec.volumes ?? []) volumes.set(volume.name, resolveOne(volume));
  return { volumes, problems };

  function resolveOne(volume: Volume): VolumeFiles {
    if (volume.secret) {
      const name = volume.secret.secretName ?? '';
      const secret = secretType ? store.get(secretType, namespace, name) : undefined;
      if (!secret) {
        if (!volume.secret.optional) problems.push({ volume: volume.name, message: `MountVolume.SetUp failed for volume "${volume.name}" : secret "${name}" not found` });
        return { kind: 'files', files: new Map() };
      }
      return { kind: 'files', files: projectKeys(secretData(secret), volume.secret.items) };
    }
    if (volume.configMap) {
      const name = volume.configMap.name ?? '';
      const cm = cmType ? store.get(cmType, namespace, name) : undefined;
      if (!cm) {
        if (!volume.configMap.optional) problems.push({ volume: volume.name, message: `MountVolume.SetUp failed for volume "${volume.name}" : configmap "${name}" not found` });
        return { kind: 'files', files: new Map() };
      }
      return { kind: 'files', files: projectKeys(configMapData(cm), volume.configMap.items) };
    }
    if (volume.persistentVolumeClaim) return { kind: 'claim', claimName: volume.persistentVolumeClaim.claimName };
    return { kind: 'empty' };
  }
}

/** The container's view of its mounts (the longest matching mount path wins, as on Linux). */
export function containerFiles(container: Container, volumes: Map<string, VolumeFiles>): ContainerFiles {
  const mounts = (container.volumeMounts ?? [])
    .map((mount) => ({ ...mount, mountPath: posix.normalize(mount.mountPath) }))
    .sort((a, b) => b.mountPath.length - a.mountPath.length);

  function locate(path: string): { volume: VolumeFiles | undefined; rel: string } | undefined {
    const wanted = posix.normalize(path);
    for (const mount of mounts) {
      if (wanted !== mount.mountPath && !wanted.startsWith(`${mount.mountPath.replace(/\/$/, '')}/`)) continue;
      const inside = posix.relative(mount.mountPath, wanted);
      const rel = mount.subPath ? posix.join(mount.subPath, inside) : inside;
      return { volume: volumes.get(mount.name), rel };
    }
    return undefined;
  }

  function read(path: string): Buffer {
    const found = locate(path);
    const content = found?.volume?.kind === 'files' ? found.volume.files.get(found.rel) : undefined;
    if (!content) throw new FileError(`open ${path}: no such file or directory`);
    return content;
  }

  return {
    read,
    exists(path) {
      try {
        read(path);
        return true;
      } catch {
        return false;
      }
    },
    claimAt(path) {
      const found = locate(path);
      return found?.volume?.kind === 'claim' ? found.volume.claimName : undefined;
    },
  };
}
