/**
 * The parts of @kubernetes/client-node the client uses, imported by name so that the bundle
 * carries only them (scripts/build.mjs marks client-node free of side effects).
 */
export { KubeConfig, KubernetesObjectApi, ResponseContext, ServerConfiguration, createConfiguration, wrapHttpLibrary } from '@kubernetes/client-node';
