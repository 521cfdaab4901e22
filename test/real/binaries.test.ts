/** Finding the control-plane programs: the folder follows control-plane/go.mod, a missing build is an error. */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { controlPlaneBinDir, findControlPlane } from './binaries.js';

describe('control-plane programs', () => {
  it('live in a folder named after the versions control-plane/go.mod pins', () => {
    const goMod = readFileSync('control-plane/go.mod', 'utf8');
    const k8s = /\sk8s\.io\/kubernetes (v[\d.]+)/.exec(goMod)?.[1];
    const etcd = /go\.etcd\.io\/etcd\/server\/v3 v([\d.]+)/.exec(goMod)?.[1];
    expect(controlPlaneBinDir({ ...process.env, KUBEFED_CONTROL_PLANE_BIN: '', KUBEFED_CONTROL_PLANE_DIR: '/opt/cp' })).toBe(`/opt/cp/${k8s}-etcd${etcd}`);
    const printed = execFileSync('bash', ['scripts/control-plane.sh', 'path'], { encoding: 'utf8', env: { ...process.env, KUBEFED_CONTROL_PLANE_DIR: '/opt/cp' } });
    expect(printed.trim()).toBe(`/opt/cp/${k8s}-etcd${etcd}`);
  });

  it('are an error with the build command when missing, never a skip', () => {
    const empty = tempDir('kubefed-no-cp-');
    try {
      expect(() => findControlPlane({ KUBEFED_CONTROL_PLANE_BIN: empty })).toThrow(
        `the real control plane is not built: etcd, kube-apiserver, kube-controller-manager missing in ${empty}; run \`npm run control-plane:build\``,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
