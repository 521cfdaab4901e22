/**
 * Pod IPs as a CNI plugin hands them out: each node owns 10.244.<node index>.0/24 (its podCIDR)
 * and gives each new pod the next free address from .2 to .254.
 */
export interface PodAddresses {
  allocate(nodeIndex: number, inUse: readonly string[]): string;
}

export function createPodAddresses(nodeNames: readonly string[]): PodAddresses {
  const next = nodeNames.map(() => 0);
  return {
    allocate(nodeIndex, inUse) {
      const taken = new Set(inUse);
      for (let i = 0; i < 253; i++) {
        const ip = `10.244.${nodeIndex}.${((next[nodeIndex] + i) % 253) + 2}`;
        if (taken.has(ip)) continue;
        next[nodeIndex] += i + 1;
        return ip;
      }
      throw new Error(`node ${nodeNames[nodeIndex]} has no pod addresses left`);
    },
  };
}
