/**
 * What the consumers of source artifacts share: the download of an artifact from its advertised
 * URL with its digest checked.
 */
export { type ArtifactLocation, downloadArtifact } from './download.ts';
