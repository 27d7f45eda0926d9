import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { toError } from '../../../runtime/reconcile/index.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { hostOf } from './post.ts';

/** What the client needs of one NATS server URL. */
interface NatsServer {
  host: string;
  port: number;
  tls: boolean;
  user?: string;
  pass?: string;
}

/** The servers of a NATS address (`nats://host:4222`, a comma-separated list, `tls://` for TLS). */
export function natsServers(address: string): NatsServer[] {
  return address
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const url = new URL(s.includes('://') ? s : `nats://${s}`);
      return {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: Number(url.port || 4222),
        tls: url.protocol === 'tls:',
        user: url.username ? decodeURIComponent(url.username) : undefined,
        pass: url.password ? decodeURIComponent(url.password) : undefined,
      };
    });
}

/** Reads protocol lines off a socket as they arrive. */
function lineReader(socket: Socket) {
  let buffered = '';
  const waiting: ((line: string) => void)[] = [];
  const lines: string[] = [];
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let at = buffered.indexOf('\r\n'); at >= 0; at = buffered.indexOf('\r\n')) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 2);
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    }
  };
  socket.on('data', onData);
  return {
    next: () =>
      new Promise<string>((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) return resolve(line);
        waiting.push(resolve);
        socket.once('close', () => reject(new Error('connection closed')));
      }),
    detach: () => socket.off('data', onData),
  };
}

function opened(socket: Socket, event: 'connect' | 'secureConnect'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once(event, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Publishes one message as a NATS client does, speaking the protocol directly (one short
 * connection per delivery, as Flux's notifier connects per event): read the server's `INFO`,
 * upgrade to TLS when the server or a `tls://` address asks for it (the Provider's CA and client
 * certificate), `CONNECT` with the credentials, `PUB`, then `PING` and wait for the `PONG` that
 * proves the server took the message (or its `-ERR`).
 */
export async function natsPublish(
  server: NatsServer,
  subject: string,
  payload: Buffer,
  options: {
    signal: AbortSignal;
    user?: string;
    pass?: string;
    tls?: { ca?: string; cert?: string; key?: string };
  },
): Promise<void> {
  let socket = netConnect({ host: server.host, port: server.port });
  const abort = () => socket.destroy(new Error('timed out'));
  options.signal.addEventListener('abort', abort, { once: true });
  try {
    if (options.signal.aborted) abort();
    await opened(socket, 'connect');
    let reader = lineReader(socket);
    const info = await reader.next();
    if (!info.startsWith('INFO '))
      throw new Error(`unexpected greeting from the server: ${info.slice(0, 40)}`);
    const details = JSON.parse(info.slice(5)) as { tls_required?: boolean };
    const useTls = server.tls || details.tls_required === true;
    if (useTls) {
      reader.detach();
      socket = await opened(tlsConnect({ socket, servername: server.host, ...options.tls }), 'secureConnect');
      reader = lineReader(socket);
    }
    const user = options.user ?? server.user;
    const pass = options.pass ?? server.pass;
    const connect = {
      verbose: false,
      pedantic: false,
      tls_required: useTls,
      name: 'NATS Provider Publisher',
      lang: 'tsflux',
      version: '1',
      protocol: 1,
      ...(user && pass ? { user, pass } : {}),
    };
    socket.write(`CONNECT ${JSON.stringify(connect)}\r\n`);
    socket.write(
      Buffer.concat([
        Buffer.from(`PUB ${subject} ${payload.length}\r\n`),
        payload,
        Buffer.from('\r\nPING\r\n'),
      ]),
    );
    for (;;) {
      const line = await reader.next();
      if (line === 'PONG') return;
      if (line.startsWith('-ERR')) throw new Error(`server answered ${line.slice(5).trim()}`);
      if (line === 'PING') socket.write('PONG\r\n');
    }
  } finally {
    options.signal.removeEventListener('abort', abort);
    socket.destroy();
  }
}

/**
 * `nats`: the event (Flux's JSON) published on the subject `channel` of the server at `address`,
 * with the Secret's `username` and `password`. Commit-status-only events are not sent.
 */
export function natsNotifier(config: ProviderConfig): Notifier {
  if (!config.address) throw new Error('NATS server (address) cannot be empty');
  if (!config.channel) throw new Error('NATS subject (channel) cannot be empty');
  const subject = config.channel;
  const servers = natsServers(config.address);
  return {
    post: async (event, signal) => {
      if (event.metadata?.commit_status === 'update') return;
      const payload = Buffer.from(JSON.stringify(event));
      const failures: string[] = [];
      for (const server of servers) {
        try {
          return await natsPublish(server, subject, payload, {
            signal,
            user: config.username,
            pass: config.password,
            tls: config.transport?.tls,
          });
        } catch (e: unknown) {
          failures.push(`${hostOf(`nats://${server.host}:${server.port}`)}: ${toError(e).message}`);
          if (signal.aborted) break;
        }
      }
      throw new Error(`error publishing event to subject ${subject}: ${failures.join('; ')}`);
    },
  };
}
