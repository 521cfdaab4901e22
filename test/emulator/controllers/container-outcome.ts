/**
 * What starting a container led to: a running process (with the ports it serves inside the pod
 * and how to stop it), or an exit with the message a real binary would have printed.
 */
import type { FederationEndpoint } from '../federation.js';

/** A port a process in the pod listens on, and where the emulator really serves it. */
export interface ServedPort {
  containerPort: number;
  /** The address the process bound inside the pod: 0.0.0.0 / :: / the pod IP are reachable from outside it. */
  bindAddress: string;
  target: { host: string; port: number };
}

export type ContainerOutcome =
  | { running: true; ports: ServedPort[]; endpoint?: FederationEndpoint; stop?: () => Promise<void> }
  | { running: false; exitCode: number; message: string };

export function exited(message: string, exitCode = 1): ContainerOutcome {
  return { running: false, exitCode, message };
}

/** Whether a process bound to `bindAddress` can be reached from outside its pod. */
export function reachableFromOutside(bindAddress: string, podIP: string): boolean {
  return bindAddress === '0.0.0.0' || bindAddress === '::' || bindAddress === '' || bindAddress === podIP;
}
