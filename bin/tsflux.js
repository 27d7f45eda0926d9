#!/usr/bin/env node
// Runs the compiled CLI when the package was built (`npm run build`), else the TypeScript sources
// directly, which needs Node >= 22.18 (type stripping). On an older Node (a machine's system
// Node 20, found first on PATH), it runs itself again with the Node 24 that `npm ci` installed
// beside the sources (the `node` package), so `npx tsflux` works in any shell. This file itself
// must stay plain JavaScript that old Nodes can run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const sources = new URL('../src/cli/main.ts', import.meta.url);
const [major, minor] = process.versions.node.split('.').map(Number);
const stripsTypes = major > 22 || (major === 22 && minor >= 18);

if (existsSync(compiled) || stripsTypes) {
  await import(existsSync(compiled) ? compiled.href : sources.href);
} else {
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(bundled)) {
    process.stderr.write(
      `error: tsflux runs on Node >= 22.18 and this is Node ${process.versions.node}; ` +
        "run 'npm ci' in the tsflux checkout (it installs Node 24 beside it) or use a newer Node\n",
    );
    process.exit(1);
  }
  const child = spawn(bundled, [fileURLToPath(sources), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches both processes from the terminal: this one only waits for the child to finish
  process.on('SIGINT', () => {});
  for (const sig of ['SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}
