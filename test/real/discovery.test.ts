/**
 * The emulator's discovery fixture is what the pinned real kube-apiserver announces. After a
 * version bump in control-plane/go.mod this fails until `npm run discovery:record` (the same
 * test with UPDATE_GOLDEN=1) rewrites test/emulator/fixtures/discovery.json.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PATH, fixtureText, recordDiscovery, writeFixture } from './discovery-record.js';
import { startRealWorld, type RealWorld } from './world.js';

describe('the discovery fixture', () => {
  let world: RealWorld;
  beforeAll(async () => {
    world = await startRealWorld({ clusters: [{ name: 'discovery' }] });
  });
  afterAll(async () => world?.stop());

  it('holds what a real kube-apiserver announces', async () => {
    const recorded = await recordDiscovery(world.clusters[0]);
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFixture(recorded);
      process.stdout.write(`discovery fixture rewritten: ${FIXTURE_PATH}\n`);
    }
    expect(readFileSync(FIXTURE_PATH, 'utf8')).toBe(fixtureText(recorded));
  });
});
