import type { FederationPki } from '../../certs/types.js';
import { APISERVER_NAME, CONTROLLER_MANAGER_USER } from '../../constants.js';
import type { KubeconfigDoc } from '../../kubeconfig/model.js';
import { base64 } from './meta.js';

/**
 * The kubeconfig the controller manager reads from its Secret: cluster `<fed>` at
 * https://apiserver, user `federation-controller-manager`, context
 * `federation-controller-manager@<fed>` (README, kubefed init).
 */
export function buildControllerManagerKubeconfig(federationName: string, pki: FederationPki): KubeconfigDoc {
  const contextName = `${CONTROLLER_MANAGER_USER}@${federationName}`;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: federationName,
        cluster: { server: `https://${APISERVER_NAME}`, 'certificate-authority-data': base64(pki.ca.certPem) },
      },
    ],
    users: [
      {
        name: CONTROLLER_MANAGER_USER,
        user: {
          'client-certificate-data': base64(pki.controllerManager.certPem),
          'client-key-data': base64(pki.controllerManager.keyPem),
        },
      },
    ],
    contexts: [{ name: contextName, context: { cluster: federationName, user: CONTROLLER_MANAGER_USER } }],
    'current-context': contextName,
  };
}
