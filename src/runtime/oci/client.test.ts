import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { RegistryClient } from './client.ts';

// The test registry's token server speaks the password grant only; this stand-in is the smallest
// server showing the refresh-token exchange Docker's token spec defines for identity tokens.
async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

test('identity tokens are exchanged with the refresh_token grant for a bearer token', async (t) => {
  const forms: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const port = (server.address() as AddressInfo).port;
      if (req.url === '/token' && req.method === 'POST') {
        const form = await body(req);
        forms.push(Object.fromEntries(form));
        const ok = form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'id-token-123';
        res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(ok ? { access_token: 'granted' } : {}));
        return;
      }
      if (req.headers.authorization !== 'Bearer granted') {
        res.writeHead(401, {
          'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="reg"`,
        });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ name: 'app', tags: ['v1'] }));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new RegistryClient(host, { insecure: true, credentials: { identityToken: 'id-token-123' } });
  t.after(() => client.close());
  assert.deepEqual(await client.listTags('app'), ['v1']);
  assert.deepEqual(forms, [
    {
      grant_type: 'refresh_token',
      refresh_token: 'id-token-123',
      service: 'reg',
      scope: 'repository:app:pull',
      client_id: 'tsflux',
    },
  ]);
  const wrong = new RegistryClient(host, { insecure: true, credentials: { identityToken: 'stale' } });
  t.after(() => wrong.close());
  await assert.rejects(wrong.listTags('app'), /status 401/);
});
