import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { LOOPBACK } from './process.ts';
import { createTestTls, type TestTls } from './tls.ts';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message (headers unfolded, quoted-printable decoded), as {@link readable} makes it. */
  raw: string;
  /** Whether the session was encrypted (STARTTLS or implicit TLS) when the message came. */
  secure: boolean;
  /** The login the client authenticated with. */
  user?: string;
}

/** A running SMTP server: its port, the CA its certificate chains to, and the mail it took. */
export interface TestSmtpServer {
  port: number;
  tls: TestTls;
  mails: ReceivedMail[];
  stop(): Promise<void>;
}

/**
 * The message made readable: folded header lines joined (RFC 5322 unfolding), and the body's
 * quoted-printable soft breaks and `=XX` escapes decoded loosely, enough for a test to read it.
 */
function readable(raw: string): string {
  const end = raw.indexOf('\r\n\r\n');
  const headers = (end < 0 ? raw : raw.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
  const body = (end < 0 ? '' : raw.slice(end))
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return headers + body;
}

/**
 * Starts a real SMTP server (the `smtp-server` package) on loopback with a certificate of its own
 * CA: STARTTLS on a plain port, or implicit TLS with `implicitTls`; AUTH PLAIN/LOGIN required
 * (and only over TLS) for `user`/`password`. Every accepted message is kept in `mails`.
 */
export async function startSmtpServer(options: {
  user: string;
  password: string;
  implicitTls?: boolean;
}): Promise<TestSmtpServer> {
  const tls = createTestTls('smtp');
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: options.implicitTls ?? false,
    key: tls.server.key,
    cert: tls.server.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password)
        return callback(null, { user: auth.username });
      callback(new Error('invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: readable(Buffer.concat(chunks).toString('utf8')),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, tls, mails, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
