/** Pure: whether a federation is healthy, and the tables and JSON `kubefed status` prints. */
import { needsAttention, renderExpiryTable } from '../cert-ops/expiry.js';
import type { StatusReport } from './collect.js';

/** Every reason the federation is not healthy; empty when it is. */
export function statusProblems(report: StatusReport): string[] {
  const problems: string[] = [];
  if (report.hostError) problems.push(`host cluster: ${report.hostError}`);
  for (const o of report.objects) if (o.beingDeleted) problems.push(`${o.kind.toLowerCase()} "${o.name}" is being deleted`);
  for (const o of report.objects) if (!o.present && !o.optional) problems.push(`${o.kind.toLowerCase()} "${o.name}" is missing`);
  for (const d of report.deployments) if (d.replicas === 0 || d.ready < d.replicas) problems.push(`deployment "${d.name}" has ${d.ready}/${d.replicas} pods ready`);
  if (!report.endpoint.healthy) problems.push(`the federation API server's /healthz: ${report.endpoint.healthz}`);
  if (report.clustersError) problems.push(`clusters could not be listed: ${report.clustersError}`);
  for (const c of report.clusters) if (c.status !== 'ready') problems.push(`cluster "${c.name}": ${c.status}`);
  for (const r of needsAttention(report.certificates)) problems.push(`certificate ${r.certificate}: ${r.status}`);
  return problems;
}

export function renderStatusJson(report: StatusReport): string {
  const problems = statusProblems(report);
  const doc = {
    apiVersion: 'kubefed/v1',
    kind: 'StatusResult',
    federation: report.federation,
    hostContext: report.hostContext,
    namespace: report.namespace,
    healthy: problems.length === 0,
    problems,
    controlPlane: {
      objects: report.objects,
      deployments: report.deployments,
      pods: report.pods,
      ...(report.hostError ? { error: report.hostError } : {}),
    },
    endpoint: report.endpoint,
    clusters: report.clusters,
    ...(report.clustersError ? { clustersError: report.clustersError } : {}),
    certificates: report.certificates,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function renderStatusTable(report: StatusReport): string {
  const sections: string[] = [`Federation "${report.federation}" (host context "${report.hostContext}", namespace ${report.namespace})\n`];
  const objects = report.objects.map((o) => [`${o.kind}/${o.name}`, o.beingDeleted ? 'being deleted' : o.present ? 'present' : o.optional ? 'absent (optional)' : 'missing']);
  const deployments = report.deployments.map((d) => [`Deployment/${d.name} pods`, `${d.ready}/${d.replicas} ready`]);
  sections.push(table(['CONTROL PLANE', 'STATUS'], report.hostError ? [['host cluster', report.hostError]] : [...objects, ...deployments]));
  sections.push(table(['API ENDPOINT', 'HEALTHZ'], [[report.endpoint.server, report.endpoint.healthz]]));
  const clusters = report.clustersError
    ? [['-', '-', '-', `cannot list: ${report.clustersError}`]]
    : report.clusters.map((c) => [c.name, c.server ?? '-', c.reachable === undefined ? '-' : c.reachable ? 'yes' : 'no', c.message ? `${c.status}: ${c.message}` : c.status]);
  sections.push(clusters.length > 0 ? table(['CLUSTER', 'SERVER', 'REACHABLE', 'STATUS'], clusters) : 'CLUSTER\n(none joined)\n');
  if (report.certificates.length > 0) sections.push(renderExpiryTable(report.certificates));
  return sections.join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((v, i) => (i === cells.length - 1 ? v : v.padEnd(widths[i]))).join('   ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
