// ARCHITECTURE.md: `runtime` imports only `api`, `engines/kstatus`, itself, npm libraries and node
// built-ins; never controllers, manager, cli or web. This keeps it so.
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const src = join(import.meta.dirname, '..');
const runtimeDir = join(src, 'runtime');
const allowedProjectDirs = ['runtime', 'api', 'engines/kstatus'];

function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)) found.push(m[1]);
  for (const m of source.matchAll(/import\(\s*'([^']+)'\s*\)/g)) found.push(m[1]);
  return found;
}

test('src/runtime imports only runtime, api and engines/kstatus of the project', () => {
  const files = globSync('**/*.ts', { cwd: runtimeDir });
  assert.ok(files.length > 30, `found only ${files.length} files`);
  const problems: string[] = [];
  for (const file of files) {
    for (const specifier of importsOf(readFileSync(join(runtimeDir, file), 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = relative(src, resolve(dirname(join(runtimeDir, file)), specifier));
      if (!allowedProjectDirs.some((d) => target === d || target.startsWith(`${d}/`)))
        problems.push(`runtime/${file}: imports ${target}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the layering check sees a forbidden import', () => {
  const target = relative(src, resolve(runtimeDir, 'controller', '../../controllers/x.ts'));
  assert.equal(target, 'controllers/x.ts');
  assert.equal(
    allowedProjectDirs.some((d) => target.startsWith(`${d}/`)),
    false,
  );
});
