import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { availableControllers } from '../manager/manager.ts';
import { unhandledReason } from './controller-status.ts';

test('a kind whose controller is not running is reported as unhandled, saying so', () => {
  const live = new Map([
    ['source', {}],
    ['kustomize', {}],
  ]);
  assert.ok(availableControllers.includes('image'));
  assert.equal(
    unhandledReason('ImagePolicy', 'image.toolkit.fluxcd.io', live),
    "no controller handles ImagePolicy: the image controller is not running (tsflux runs kustomize, source; see 'tsflux check')",
  );
  assert.equal(unhandledReason('GitRepository', 'source.toolkit.fluxcd.io', live), undefined);
  assert.equal(unhandledReason('ArtifactGenerator', 'source.extensions.fluxcd.io', live), undefined);
});

test('a controller left out by --controllers, or tsflux not running, is said plainly', () => {
  assert.equal(
    unhandledReason('Kustomization', 'kustomize.toolkit.fluxcd.io', new Map([['source', {}]])),
    "no controller handles Kustomization: the kustomize controller is not running (tsflux runs source; see 'tsflux check')",
  );
  assert.equal(
    unhandledReason('Kustomization', 'kustomize.toolkit.fluxcd.io', new Map()),
    "no controller handles Kustomization: tsflux is not running (start it with 'tsflux up')",
  );
});

test('--help names only the controllers tsflux has as running', () => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const help = spawnSync(process.execPath, [main, '--help'], { encoding: 'utf8' }).stdout;
  assert.match(
    help,
    /tsflux runs Flux's source, kustomize, helm, notification and image controllers in one process/,
  );
  assert.doesNotMatch(help, /helm, image/);
  const controller = spawnSync(process.execPath, [main, 'controller', '--help'], { encoding: 'utf8' }).stdout;
  assert.match(controller, /--controllers=source,kustomize,helm,notification,image\]/);
});
