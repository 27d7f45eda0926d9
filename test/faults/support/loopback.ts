// Test servers of the fault cases listen on a free loopback port and close, open connections
// included (hanging requests, watches), when the test ends.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';

/** Listens on a free loopback port, closed when the test ends; returns the port. */
export async function listenLoopback(t: TestContext, server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return (server.address() as AddressInfo).port;
}
