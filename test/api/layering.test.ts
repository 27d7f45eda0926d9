// ARCHITECTURE.md: `api` imports nothing of the project and does no I/O. This keeps it so.
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const apiDir = join(import.meta.dirname, '../../src/api');
const allowedPackages = new Set(['typebox', 'typebox/value', 'yaml', 'node:util']);
const testOnlyPackages = new Set(['node:test', 'node:assert/strict']);

function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g))
    found.push(match[1]);
  for (const match of source.matchAll(/import\(\s*'([^']+)'\s*\)/g)) found.push(match[1]);
  return found;
}

test('src/api imports only itself, typebox, yaml and pure node built-ins', () => {
  const files = globSync('**/*.ts', { cwd: apiDir });
  assert.ok(files.length > 40, `found only ${files.length} files`);
  const problems: string[] = [];
  for (const file of files) {
    const isTest = file.endsWith('.test.ts');
    for (const specifier of importsOf(readFileSync(join(apiDir, file), 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(join(apiDir, file)), specifier);
        if (relative(apiDir, target).startsWith('..'))
          problems.push(`${file}: imports ${specifier} outside src/api`);
      } else if (!allowedPackages.has(specifier) && !(isTest && testOnlyPackages.has(specifier))) {
        problems.push(`${file}: imports ${specifier}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the import scanner sees what it must reject', () => {
  assert.deepEqual(importsOf("import { x } from '../runtime/kube/index.ts';\nimport fs from 'node:fs';"), [
    '../runtime/kube/index.ts',
    'node:fs',
  ]);
});
