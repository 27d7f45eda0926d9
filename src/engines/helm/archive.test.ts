import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readChartArchive } from './archive.ts';
import { loadChartArchive } from './loader.ts';

/** One tar header block for `name` (ustar), as a hostile archive would carry it. */
function header(name: string, size: number, type = '0', linkName = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(linkName, 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function tarGz(entries: { name: string; data?: string; type?: string; link?: string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    parts.push(header(e.name, data.length, e.type, e.link));
    parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

const chartYaml = 'apiVersion: v2\nname: demo\nversion: 0.1.0\n';

test('a chart archive made by tar loads with its top directory dropped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-archive-'));
  try {
    mkdirSync(join(dir, 'demo', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'demo', 'Chart.yaml'), chartYaml);
    writeFileSync(join(dir, 'demo', 'values.yaml'), 'a: 1\n');
    writeFileSync(join(dir, 'demo', 'templates', 'x.yaml'), 'kind: X\n');
    execFileSync('tar', ['-czf', join(dir, 'demo.tgz'), '-C', dir, 'demo']);
    const chart = await loadChartArchive(readFileSync(join(dir, 'demo.tgz')));
    assert.equal(chart.metadata.name, 'demo');
    assert.deepEqual(chart.values, { a: 1 });
    assert.deepEqual(
      chart.templates.map((t) => t.name),
      ['templates/x.yaml'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hostile archives are refused', async () => {
  await assert.rejects(
    () =>
      readChartArchive(
        tarGz([
          { name: 'demo/Chart.yaml', data: chartYaml },
          { name: '/etc/passwd', data: 'x' },
        ]),
      ),
    /absolute paths/,
  );
  await assert.rejects(
    () => readChartArchive(tarGz([{ name: 'demo/../../evil', data: 'x' }])),
    /parent directory/,
  );
  await assert.rejects(
    () => readChartArchive(tarGz([{ name: 'demo/link', type: '2', link: '/etc/passwd' }])),
    /link/,
  );
  await assert.rejects(
    () => readChartArchive(tarGz([{ name: 'demo/hard', type: '1', link: 'demo/Chart.yaml' }])),
    /link/,
  );
  await assert.rejects(
    () => readChartArchive(tarGz([{ name: 'demo/big', data: 'x'.repeat(2000) }]), { maxFileBytes: 1000 }),
    /larger than the maximum file size/,
  );
  await assert.rejects(
    () =>
      readChartArchive(
        tarGz([
          { name: 'demo/a', data: 'x'.repeat(800) },
          { name: 'demo/b', data: 'x'.repeat(800) },
        ]),
        { maxTotalBytes: 1000 },
      ),
    /larger than the maximum size/,
  );
  await assert.rejects(
    () => readChartArchive(gzipSync(Buffer.from('not a tar'))),
    /no files in chart archive/,
  );
  await assert.rejects(() => readChartArchive(Buffer.from('not gzip')), /decompress/);
});

test('a symlinked file in a chart directory is not a concern of the archive reader', async () => {
  // directories are read by the CLI's loader, which follows links as Helm does; archives never do
  const dir = mkdtempSync(join(tmpdir(), 'tsflux-archive-'));
  try {
    mkdirSync(join(dir, 'demo'));
    writeFileSync(join(dir, 'demo', 'Chart.yaml'), chartYaml);
    symlinkSync(join(dir, 'demo', 'Chart.yaml'), join(dir, 'demo', 'copy.yaml'));
    execFileSync('tar', ['-czf', join(dir, 'demo.tgz'), '-C', dir, 'demo']);
    await assert.rejects(() => readChartArchive(readFileSync(join(dir, 'demo.tgz'))), /link/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
