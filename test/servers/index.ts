// Real servers for integration tests, started on loopback by the project's own code: git over
// smart HTTP and SSH, an OCI registry (with its token server), S3 (MinIO) and a Helm repository.
// Each `start...` resolves to a handle with the address and a `stop()` that frees everything.

export { MINIO_VERSION, minioBinary, REGISTRY_VERSION, registryBinary } from './binaries.ts';
export {
  type GitHttpServer,
  type GitHttpServerOptions,
  repositoryPath,
  startGitHttpServer,
} from './git-http-server.ts';
export {
  type CommitOptions,
  createBareRepository,
  createBranch,
  createTag,
  type FileTree,
  git,
  isolatedGitEnv,
  type NewRepositoryOptions,
  pushCommit,
  type TagOptions,
  TEST_GIT_IDENTITY,
} from './git-repositories.ts';
export { createGpgSigner, createSshSigner, type GitSigner } from './git-signing.ts';
export {
  type GitSshServer,
  type GitSshServerOptions,
  haveSshd,
  type SshIdentity,
  startGitSshServer,
} from './git-ssh-server.ts';
export {
  type HelmChartSource,
  type HelmRepository,
  type HelmRepositoryOptions,
  startHelmRepository,
} from './helm-repository.ts';
export type { HttpAuth, HttpTlsOptions, RecordedRequest, RunningHttpServer } from './http-server.ts';
export { startHttpServer } from './http-server.ts';
export {
  FLUX_ARTIFACT_MEDIA_TYPES,
  getManifest,
  type OciArtifact,
  type OciBlob,
  type OciClientOptions,
  pushArtifact,
  rawRequest,
  registryRequest,
} from './oci-client.ts';
export {
  type OciRegistry,
  type OciRegistryOptions,
  REGISTRY_TOKEN_SERVICE,
  startOciRegistry,
} from './oci-registry.ts';
export { type OciTokenServer, type OciTokenServerOptions, startOciTokenServer } from './oci-token-server.ts';
export { type OidcIssuer, startOidcIssuer } from './oidc-issuer.ts';
export { freePort, LOOPBACK, makeTempDir, removeTempDir } from './process.ts';
export {
  type RecordingService,
  type ServiceAnswer,
  type ServiceRequest,
  startRecordingService,
} from './recording-service.ts';
export {
  createBucket,
  deleteObject,
  getObject,
  listObjects,
  putObject,
  type S3Call,
  type S3Credentials,
  s3Request,
} from './s3-client.ts';
export { type S3Server, type S3ServerOptions, startS3Server } from './s3-server.ts';
export { type ReceivedMail, startSmtpServer, type TestSmtpServer } from './smtp-server.ts';
export { createTestTls, type TestTls } from './tls.ts';
