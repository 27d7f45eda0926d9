#!/usr/bin/env node
// Runs the compiled CLI when the package was built (`npm run build`), else the TypeScript sources
// directly (Node >= 22.18 strips types natively).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
await import(existsSync(compiled) ? compiled.href : new URL('../src/cli/main.ts', import.meta.url).href);
