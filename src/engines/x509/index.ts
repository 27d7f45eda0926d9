export { createCertificateAuthority, issueCertificate, type KeyPair, type LeafSpec } from './certificates.ts';
