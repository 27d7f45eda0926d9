import assert from 'node:assert/strict';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { bodyReadError } from './index.ts';

test('a body cut short before its Content-Length reads as unexpected EOF; other errors keep their message', async (t) => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('half', () => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const failure = await new Promise<unknown>((resolve) => {
    get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, (res) => {
      res.resume();
      res.on('error', resolve);
      res.on('end', () => resolve(undefined));
    });
  });
  assert.equal(bodyReadError(failure), 'unexpected EOF');
  assert.equal(bodyReadError(new Error('socket hang up')), 'socket hang up');
});
