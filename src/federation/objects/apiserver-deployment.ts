import { APISERVER_CREDENTIALS_SECRET, APISERVER_NAME, APISERVER_POD_LABELS, ETCD_CLAIM_NAME } from '../../constants.js';
import type { K8sObject } from '../../k8s/types.js';
import { renderArgs } from './args.js';
import {
  admissionFlagForImage,
  APISERVER_CREDENTIALS_DIR,
  APISERVER_LOCAL_PORT,
  APISERVER_SECURE_PORT,
  binaryForImage,
  ETCD_DATA_DIR,
  ETCD_VOLUME_MOUNT,
  LOCAL_ETCD_SERVERS,
} from './layout.js';
import type { ControlPlaneFacts, ControlPlaneSpec } from './spec.js';
import { objectMeta } from './meta.js';
import { deploymentSpec, readOnlyMount, secretVolume } from './pod.js';
import { usesEtcdClaim } from './pvc.js';

const ETCD_VOLUME = 'etcddata';

/** The API server's default arguments (the original's at fed HEAD; fixtures/golden/init shows them), before the overrides. */
export function apiserverDefaultArgs(options: ControlPlaneSpec, advertiseAddress: string | undefined): Record<string, string> {
  const args: Record<string, string> = {
    '--bind-address': '0.0.0.0',
    '--secure-port': String(APISERVER_SECURE_PORT),
    '--client-ca-file': `${APISERVER_CREDENTIALS_DIR}/ca.crt`,
    '--tls-cert-file': `${APISERVER_CREDENTIALS_DIR}/server.crt`,
    '--tls-private-key-file': `${APISERVER_CREDENTIALS_DIR}/server.key`,
    [admissionFlagForImage(options.images.apiserver)]: 'NamespaceLifecycle',
    '--etcd-servers': options.etcd.servers ?? LOCAL_ETCD_SERVERS,
  };
  if (advertiseAddress !== undefined) args['--advertise-address'] = advertiseAddress;
  if (options.auth.basic) args['--basic-auth-file'] = `${APISERVER_CREDENTIALS_DIR}/basicauth.csv`;
  if (options.auth.token) args['--token-auth-file'] = `${APISERVER_CREDENTIALS_DIR}/token.csv`;
  return args;
}

/**
 * Deployment `apiserver`: the federation API server and, without --etcd-servers, its etcd in the
 * same pod (etcd 3.1 listens on localhost:2379 by default, where the API server looks for it).
 * Without a claim etcd keeps its data in the container, as the original did.
 */
export function buildApiserverDeployment(options: ControlPlaneSpec, facts: ControlPlaneFacts): K8sObject {
  const { advertiseAddress } = facts;
  const image = options.images.apiserver;
  const apiserver = {
    name: APISERVER_NAME,
    image,
    imagePullPolicy: options.images.pullPolicy,
    command: [binaryForImage(image), 'federation-apiserver', ...renderArgs(apiserverDefaultArgs(options, advertiseAddress), options.apiserverArgOverrides)],
    ports: [
      { name: 'https', containerPort: APISERVER_SECURE_PORT },
      { name: 'local', containerPort: APISERVER_LOCAL_PORT },
    ],
    volumeMounts: [readOnlyMount(APISERVER_CREDENTIALS_SECRET, APISERVER_CREDENTIALS_DIR)],
  };
  const containers: Record<string, unknown>[] = [apiserver];
  const volumes = [secretVolume(APISERVER_CREDENTIALS_SECRET, APISERVER_CREDENTIALS_SECRET)];
  if (options.etcd.servers === undefined) {
    const etcd: Record<string, unknown> = {
      name: 'etcd',
      image: options.images.etcd,
      command: ['/usr/local/bin/etcd', '--data-dir', ETCD_DATA_DIR],
    };
    if (usesEtcdClaim(options)) {
      etcd.volumeMounts = [{ name: ETCD_VOLUME, mountPath: ETCD_VOLUME_MOUNT }];
      volumes.push({ name: ETCD_VOLUME, persistentVolumeClaim: { claimName: ETCD_CLAIM_NAME } });
    }
    containers.push(etcd);
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(options, APISERVER_NAME, { labels: true }),
    spec: deploymentSpec(options, APISERVER_NAME, APISERVER_POD_LABELS, { containers, volumes }),
  };
}
