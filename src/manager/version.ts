import { readFileSync } from 'node:fs';

/** tsflux's version, from its package.json (the `app.kubernetes.io/version` label of what it installs). */
export const TSFLUX_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
