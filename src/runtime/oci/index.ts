export {
  type ArtifactMetadata,
  type LayerSelector,
  type PulledArtifact,
  pullArtifact,
  pushArtifact,
} from './artifact.ts';
export { parseChallenge, RegistryClient, type RegistryClientOptions, RegistryError } from './client.ts';
export { credentialsFromDockerConfig, type RegistryCredentials } from './credentials.ts';
export {
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  MediaType,
  OciAnnotation,
} from './media-types.ts';
export { type ProxyConfig, plainTunnelAgent, proxyAuthorization, tunnelingAgent } from './proxy.ts';
export {
  isLocalRegistryHost,
  type OciReference,
  parseOciReference,
} from './reference.ts';
