/**
 * The certificates and keys of one real cluster, made with the emulator's certificate helpers
 * (independent of kubefed's own certificate code): a CA of its own, the API server's serving
 * certificate, the admin (system:masters) and controller-manager client certificates, and the
 * service-account signing key pair.
 */
import { generateKeyPair as generateKeyPairCb } from 'node:crypto';
import { promisify } from 'node:util';
import { createEmulatorCa, issueClientCert, issueServerCert, type CertPair } from '../emulator/pki.js';

const generateKeyPair = promisify(generateKeyPairCb);

export interface ClusterPki {
  ca: CertPair;
  serving: CertPair;
  admin: CertPair;
  controllerManager: CertPair;
  serviceAccount: { publicKeyPem: string; privateKeyPem: string };
}

export async function createClusterPki(name: string): Promise<ClusterPki> {
  const ca = await createEmulatorCa(name);
  const [serving, admin, controllerManager, serviceAccount] = await Promise.all([
    // The names in-cluster clients use too, so a pod's view of the API server would verify.
    issueServerCert(ca, { ips: ['127.0.0.1'], dns: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'] }),
    issueClientCert(ca, 'kubernetes-admin', ['system:masters']),
    // The bootstrap RBAC policy binds this user name to the controller manager's ClusterRole.
    issueClientCert(ca, 'system:kube-controller-manager'),
    generateKeyPair('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    }).then(({ publicKey, privateKey }) => ({ publicKeyPem: publicKey, privateKeyPem: privateKey })),
  ]);
  return { ca, serving, admin, controllerManager, serviceAccount };
}
