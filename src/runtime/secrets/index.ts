export { readSecret, type SecretData } from './read-secret.ts';
export { proxySettingsOf, type TlsMaterial, tlsMaterialOf } from './transport.ts';
