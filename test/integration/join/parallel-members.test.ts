import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliRun } from '../../helpers/cli.js';
import { federationClusters, getObject, startFederation, type Federation } from './federation-fixture.js';

const NAMES = Array.from({ length: 12 }, (_, i) => `p${i + 1}`);
const FAILING = 'p7';
/** At most this many members are joined at once (src/join/run.ts). */
const IN_FLIGHT = 8;

/** From each member's first write to its last, as the member's API server saw them. */
function writeSpans(fed: Federation, since: number): { name: string; start: number; end: number }[] {
  return NAMES.map((name) => {
    const times = fed.emu.cluster(name).requests.filter((r) => r.mutating && r.time >= since).map((r) => r.time);
    return { name, start: Math.min(...times), end: Math.max(...times) };
  });
}

/** The most spans open at one instant; a span that ends at the instant another starts is not counted with it. */
function mostAtOnce(spans: { start: number; end: number }[]): number {
  const events = spans.flatMap((s) => [{ at: s.start, d: 1 }, { at: s.end, d: -1 }]).sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let most = 0;
  for (const e of events) {
    open += e.d;
    most = Math.max(most, open);
  }
  return most;
}

describe(`kubefed join of ${NAMES.length} clusters in one call, ${FAILING} failing`, () => {
  let fed: Federation;
  let join: CliRun;
  let started: number;

  beforeAll(async () => {
    fed = await startFederation(NAMES.map((name) => ({ name })));
    fed.emu.cluster(FAILING).faults.add({ method: 'POST', path: /clusterrolebindings/, times: Infinity, action: { type: 'status', status: 500 } });
    started = Date.now();
    join = await fed.run(['join', ...NAMES, '-o', 'json']);
    fed.emu.cluster(FAILING).faults.clear();
    // A namespace's deletion finishes in its controller, after the DELETE answered (as on a real cluster).
    await fed.emu.cluster(FAILING).settle();
  });
  afterAll(async () => fed?.close());

  it('reports every cluster in the order given, the failed one in its place', () => {
    expect(join.code).toBe(1);
    const result = JSON.parse(join.stdout) as { clusters: { name: string; joined: boolean }[] };
    expect(result.clusters.map((c) => c.name)).toEqual(NAMES);
    expect(result.clusters.filter((c) => !c.joined).map((c) => c.name)).toEqual([FAILING]);
    expect(join.stderr.trimEnd().split('\n').slice(-1)).toEqual([`error: 1 of ${NAMES.length} clusters were not joined (${FAILING}); the others joined`]);
  });

  it(`works on several members at once, never more than ${IN_FLIGHT}`, () => {
    const spans = writeSpans(fed, started);
    for (const span of spans) expect(Number.isFinite(span.start), `${span.name} saw no write`).toBe(true);
    const most = mostAtOnce(spans);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(IN_FLIGHT);
  });

  it('rolls back only the failing member', () => {
    expect(federationClusters(fed.emu).map((c) => c.metadata.name).sort()).toEqual(NAMES.filter((n) => n !== FAILING).sort());
    expect(getObject(fed.emu, FAILING, 'v1', 'Namespace', undefined, 'federation-system')).toBeUndefined();
    expect(getObject(fed.emu, FAILING, 'v1', 'ServiceAccount', 'federation-system', `${FAILING}-rivendell`)).toBeUndefined();
    for (const name of NAMES.filter((n) => n !== FAILING)) {
      expect(getObject(fed.emu, name, 'v1', 'ServiceAccount', 'federation-system', `${name}-rivendell`), name).toBeDefined();
    }
    const rolledBack = join.stderr.split('\n').filter((l) => l.includes('rolled back: '));
    expect(rolledBack.length).toBeGreaterThan(0);
    for (const line of rolledBack) expect(line.startsWith(`[${FAILING}] `), line).toBe(true);
  });

  it("leaves the controller manager's Role granting exactly the joined members' Secrets", () => {
    const result = JSON.parse(join.stdout) as { clusters: { name: string; joined: boolean; secretName: string }[] };
    const role = getObject(fed.emu, 'rivendell', 'rbac.authorization.k8s.io/v1', 'Role', 'federation-system', 'federation-system:federation-controller-manager');
    const rules = (role?.rules ?? []) as { resources?: string[]; resourceNames?: string[] }[];
    const names = rules.filter((r) => r.resources?.includes('secrets')).flatMap((r) => r.resourceNames ?? []);
    expect(names.sort()).toEqual(result.clusters.filter((c) => c.joined).map((c) => c.secretName).sort());
  });

  it('joins the failed member on a second try, its rollback having left nothing in the way', async () => {
    const again = await fed.run(['join', FAILING]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`cluster "${FAILING}" created\n`);
  });
});
