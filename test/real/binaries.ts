/**
 * Where the real control-plane programs are: the folder `scripts/control-plane.sh path` names
 * (which honours KUBEFED_CONTROL_PLANE_DIR), or KUBEFED_CONTROL_PLANE_BIN to point at a folder
 * directly. Missing programs are an error that says how to build them, never a skip.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROGRAMS = ['etcd', 'kube-apiserver', 'kube-controller-manager'] as const;
export type Program = (typeof PROGRAMS)[number];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD_COMMAND = 'npm run control-plane:build';

function scriptPath(env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync('bash', [join(repoRoot, 'scripts/control-plane.sh'), 'path'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`cannot find the control-plane folder: scripts/control-plane.sh path failed${stderr ? `: ${stderr}` : ''}`);
  }
}

export function controlPlaneBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBEFED_CONTROL_PLANE_BIN || scriptPath(env);
}

/** The folder holding all three programs, or an error naming what is missing and the build command. */
export function findControlPlane(env: NodeJS.ProcessEnv = process.env): { binDir: string; path(program: Program): string } {
  const binDir = controlPlaneBinDir(env);
  const missing = PROGRAMS.filter((program) => {
    try {
      accessSync(join(binDir, program), constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(`the real control plane is not built: ${missing.join(', ')} missing in ${binDir}; run \`${BUILD_COMMAND}\` (needs Go, see control-plane/go.mod)`);
  }
  return { binDir, path: (program) => join(binDir, program) };
}
