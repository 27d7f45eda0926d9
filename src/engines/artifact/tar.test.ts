import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toError } from '../errors/index.ts';
import { createTarGz, readTarGz, sha256Digest, UnsafeArchiveError } from './index.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'artifact-test-'));
const longName = `${'deep/'.repeat(25)}file.yaml`;

// hostile archives are crafted with Python's tarfile, which writes whatever it is told
function pyTar(script: string): Buffer {
  const out = join(tmp(), 'a.tgz');
  execFileSync('python3', [
    '-c',
    `import tarfile, io\nt = tarfile.open(${JSON.stringify(out)}, 'w:gz')\n${script}\nt.close()`,
  ]);
  return readFileSync(out);
}
const pyFile = (name: string, content = 'x') =>
  `i = tarfile.TarInfo(${JSON.stringify(name)}); d = ${JSON.stringify(content)}.encode(); i.size = len(d); t.addfile(i, io.BytesIO(d))`;
const pyLink = (name: string, target: string, type = 'SYMTYPE') =>
  `i = tarfile.TarInfo(${JSON.stringify(name)}); i.type = tarfile.${type}; i.linkname = ${JSON.stringify(target)}; t.addfile(i)`;

test('createTarGz is deterministic and GNU tar reads it with zeroed owners and times', async () => {
  const files = [
    { path: 'b.yaml', data: Buffer.from('b: 2\n') },
    { path: 'a/run.sh', data: Buffer.from('#!/bin/sh\n'), executable: true },
    { path: longName, data: Buffer.from('long: true\n') },
  ];
  const one = await createTarGz(files);
  const two = await createTarGz([...files].reverse());
  assert.deepEqual(one, two, 'input order does not change the bytes');
  assert.equal(sha256Digest(one), sha256Digest(two));
  assert.match(sha256Digest(one), /^sha256:[0-9a-f]{64}$/);

  const dir = tmp();
  writeFileSync(join(dir, 'a.tgz'), one);
  const listing = execFileSync('tar', ['--numeric-owner', '-tvzf', join(dir, 'a.tgz')], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
  });
  const lines = listing.trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => l.split(/\s+/).at(-1)),
    ['a/run.sh', 'b.yaml', longName],
  );
  for (const l of lines) assert.match(l, /^-rw[-x]r-[-x]r-[-x] 0\/0 +\d+ 1970-01-01 00:00 /);
  assert.match(lines[0], /^-rwxr-xr-x/);
  const out = join(dir, 'x');
  mkdirSync(out);
  execFileSync('tar', ['-xzf', join(dir, 'a.tgz'), '-C', out]);
  assert.equal(readFileSync(join(out, longName), 'utf8'), 'long: true\n');
});

test('createTarGz keeps the exact bytes of earlier releases, so unchanged sources keep their digests', async () => {
  // the digest was computed by the synchronous implementation this one replaced
  const files = [
    { path: 'b/exec.sh', data: Buffer.from('#!/bin/sh\necho hi\n'), executable: true },
    { path: 'a.yaml', data: Buffer.from('kind: ConfigMap\n') },
    { path: `${'long/'.repeat(30)}file.txt`, data: Buffer.alloc(3000, 7) },
  ];
  assert.equal(
    sha256Digest(await createTarGz(files)),
    'sha256:2b88eb17eeedb8ab7eb5864c0c313e7bb3c25107586ca13db868bcae33956979',
  );
});

test('readTarGz reads what GNU tar writes: dirs, files, long names, symlinks inside the root', async () => {
  const src = tmp();
  mkdirSync(join(src, 'root/sub'), { recursive: true });
  writeFileSync(join(src, 'root/sub/x.txt'), 'hello');
  mkdirSync(join(src, 'root', ...longName.split('/').slice(0, -1)), { recursive: true });
  writeFileSync(join(src, 'root', longName), 'deep');
  symlinkSync('sub/x.txt', join(src, 'root/link'));
  const tgz = execFileSync('tar', ['-czf', '-', '-C', join(src, 'root'), '.']);
  const entries = await readTarGz(tgz);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const x = byPath.get('sub/x.txt');
  assert.equal(x?.type, 'file');
  assert.equal(x?.type === 'file' && Buffer.from(x.data).toString(), 'hello');
  assert.equal(byPath.get(longName)?.type, 'file');
  assert.deepEqual(byPath.get('link'), { type: 'symlink', path: 'link', target: 'sub/x.txt' });
  assert.equal(byPath.get('sub')?.type, 'dir');
});

test('hostile archives are refused with a message naming the entry', async () => {
  const cases: [string, Buffer, RegExp][] = [
    ['absolute path', pyTar(pyFile('/etc/evil')), /archive entry '\/etc\/evil' has an absolute path/],
    [
      'parent traversal',
      pyTar(pyFile('a/../../evil')),
      /archive entry 'a\/..\/..\/evil' points outside the root/,
    ],
    [
      'symlink out of root',
      pyTar(pyLink('link', '../../etc/passwd')),
      /symlink to '..\/..\/etc\/passwd', outside the root/,
    ],
    [
      'absolute symlink',
      pyTar(pyLink('link', '/etc/passwd')),
      /symlink to '\/etc\/passwd', outside the root/,
    ],
    ['hard link', pyTar(pyLink('hard', 'other', 'LNKTYPE')), /has unsupported type '1'/],
    [
      'device',
      pyTar(`i = tarfile.TarInfo('dev'); i.type = tarfile.CHRTYPE; t.addfile(i)`),
      /has unsupported type '3'/,
    ],
  ];
  for (const [what, tgz, message] of cases) {
    await assert.rejects(
      () => readTarGz(tgz),
      (e: unknown) => e instanceof UnsafeArchiveError && message.test(toError(e).message),
      what,
    );
  }
});

test('a gzip bomb and too many entries are stopped by the limits', async () => {
  const bomb = pyTar(
    `i = tarfile.TarInfo('zeros'); i.size = 64 * 1024 * 1024; t.addfile(i, io.BytesIO(bytes(i.size)))`,
  );
  assert.ok(bomb.length < 1024 * 1024, 'the bomb is small compressed');
  await assert.rejects(
    () => readTarGz(bomb, { maxBytes: 8 * 1024 * 1024 }),
    /beyond the size limit of 8388608 bytes/,
  );
  await assert.rejects(
    () => readTarGz(bomb, { maxBytes: 128 * 1024 * 1024, maxFileBytes: 1024 }),
    /'zeros' is 67108864 bytes, over the limit of 1024/,
  );
  const many = pyTar(
    `for n in range(50):\n  i = tarfile.TarInfo('f' + str(n)); i.size = 1; t.addfile(i, io.BytesIO(b'x'))`,
  );
  await assert.rejects(() => readTarGz(many, { maxEntries: 10 }), /more than 10 entries/);
  assert.equal((await readTarGz(many)).length, 50);
});

test('a corrupt or non-gzip archive is a clear error', async () => {
  await assert.rejects(() => readTarGz(Buffer.from('not gzip')), /archive is not valid gzip/);
  const good = await createTarGz([{ path: 'a', data: Buffer.from('abc') }]);
  const tar = execFileSync('gzip', ['-dc'], { input: good });
  tar[0] ^= 0xff;
  await assert.rejects(() => readTarGz(execFileSync('gzip', ['-c'], { input: tar })), /corrupt tar header/);
});
