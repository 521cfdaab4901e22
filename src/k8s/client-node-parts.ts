/**
 * The parts of @kubernetes/client-node the client uses, imported by name so that the bundle
 * carries only them (scripts/build.mjs marks client-node free of side effects). The bundle also
 * leaves out client-node's typed models: the client sends its own JSON and returns the server's
 * answer as written (client.ts), so the serializer passes every type through as is.
 */
export { KubeConfig, KubernetesObjectApi, ResponseContext, ServerConfiguration, createConfiguration, wrapHttpLibrary } from '@kubernetes/client-node';
