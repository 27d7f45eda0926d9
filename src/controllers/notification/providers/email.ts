import { createTransport } from 'nodemailer';
import type { FluxEvent } from '../../../runtime/events/index.ts';
import { toError } from '../../../runtime/reconcile/index.ts';
import { type Notifier, objectTitle, type ProviderConfig, sortedMetadata } from './notifier.ts';
import { hostOf } from './post.ts';

/** The SMTP port of each scheme when the address names none (submission, and SMTPS). */
const defaultPorts: Record<string, number> = { 'smtp:': 587, 'smtps:': 465 };

/** Where and how to reach the SMTP server, read from the Provider's `address`. */
function smtpServer(address: string) {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error('invalid SMTP address: want smtp://host[:port] or smtps://host[:port]');
  }
  const port = defaultPorts[url.protocol];
  if (port === undefined)
    throw new Error(`invalid SMTP address scheme '${url.protocol}': want smtp: or smtps:`);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port) || port,
    implicitTls: url.protocol === 'smtps:',
  };
}

/** The recipients in `channel`: addresses separated by commas (or semicolons). */
export function recipientsOf(channel: string | undefined): string[] {
  return (channel ?? '')
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The message of one event: the subject names the severity and the object (and the Alert's
 * summary, when it has one); the text and HTML bodies carry the message and the metadata.
 */
export function emailMessage(event: FluxEvent) {
  const title = objectTitle(event);
  const summary = event.metadata?.summary;
  const subject = `[${event.severity}] ${title}${summary ? `: ${summary}` : ''}`;
  const metadata = sortedMetadata(event).filter(([k]) => k !== 'summary');
  const text = [
    `${title} (${event.reason})`,
    '',
    event.message,
    ...(metadata.length ? ['', ...metadata.map(([k, v]) => `${k}: ${v}`)] : []),
    '',
    `reported by ${event.reportingController} at ${event.timestamp}`,
  ].join('\n');
  const rows = metadata
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
  const colour = event.severity === 'error' ? '#d1242f' : '#1a7f37';
  const html = [
    `<h3 style="color:${colour}">${escapeHtml(title)} <small>(${escapeHtml(event.reason)})</small></h3>`,
    `<p style="white-space:pre-wrap">${escapeHtml(event.message)}</p>`,
    rows ? `<table>${rows}</table>` : '',
    `<p><small>reported by ${escapeHtml(event.reportingController)} at ${escapeHtml(event.timestamp)}</small></p>`,
  ].join('\n');
  return { subject, text, html };
}

/**
 * `email` (beyond Flux): one message per event over SMTP. `address` is `smtp://host[:port]`
 * (STARTTLS, required: the connection is refused if the server does not offer it) or
 * `smtps://host[:port]` (implicit TLS); `channel` the recipients, comma-separated; `username` the
 * sender. The Secret's `username` and `password` log in (the Secret's `username` then also
 * replaces the sender, as it replaces `username` for every Provider type); `certSecretRef` gives
 * a private CA or a client certificate. Errors name the server's host only.
 */
export function emailNotifier(config: ProviderConfig): Notifier {
  const server = smtpServer(config.address);
  const to = recipientsOf(config.channel);
  if (!to.length) throw new Error("email requires the recipients in 'channel'");
  if (!config.username) throw new Error("email requires the sender address in 'username'");
  const tls = config.transport?.tls;
  return {
    async post(event, signal) {
      const transport = createTransport({
        host: server.host,
        port: server.port,
        secure: server.implicitTls,
        requireTLS: !server.implicitTls,
        auth:
          config.password !== undefined ? { user: config.username ?? '', pass: config.password } : undefined,
        tls: { ca: tls?.ca, cert: tls?.cert, key: tls?.key, minVersion: 'TLSv1.2' },
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
      // nodemailer takes no AbortSignal: the Provider's timeout races the send and closes it
      let stop = () => {};
      const aborted = new Promise<never>((_, reject) => {
        stop = () => reject(new Error('timed out'));
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop, { once: true });
      });
      try {
        await Promise.race([
          transport.sendMail({ from: config.username, to, ...emailMessage(event) }),
          aborted,
        ]);
      } catch (e: unknown) {
        throw new Error(`failed to send mail through ${hostOf(config.address)}: ${toError(e).message}`);
      } finally {
        signal.removeEventListener('abort', stop);
        transport.close();
      }
    },
  };
}
