import { defineConfig } from 'vitest/config';

// Real control-plane tier: real kube-apiserver, kube-controller-manager and etcd on 127.0.0.1,
// built by `npm run control-plane:build`. One file at a time: each starts several Go servers.
export default defineConfig({
  test: {
    include: ['test/real/**/*.test.ts'],
    testTimeout: 10 * 60_000,
    hookTimeout: 10 * 60_000,
    fileParallelism: false,
  },
});
