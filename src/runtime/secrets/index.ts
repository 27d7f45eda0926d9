export { readSecret, type SecretData } from './read-secret.ts';
