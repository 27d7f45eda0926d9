import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type ConversionReview, convert, kinds } from '../api/index.ts';
import { createCertificateAuthority, issueCertificate, type KeyPair } from '../engines/x509/index.ts';
import type { KubeClient } from '../runtime/kube/index.ts';

/** Requests larger than this are refused: a ConversionReview of a full list stays far below. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A running conversion webhook and the CA that API servers must trust to call it. */
export interface ConversionWebhook {
  /** PEM bundle to put in each CRD's `spec.conversion.webhook.clientConfig.caBundle`. */
  caBundle: string;
  port: number;
  close(): Promise<void>;
}

/** Where API servers reach the webhook: a URL (local runs) or an in-cluster Service. */
export type WebhookTarget = { url: string } | { service: { name: string; namespace: string; port?: number } };

/**
 * Serves the CRD conversion webhook over HTTPS on `host:port` (`/convert`), with a CA and a
 * serving certificate generated at start-up for the given DNS names and IPs. Older API versions
 * (kustomize v1beta2, helm v2beta1/v2beta2, source v1beta2, ...) convert through it to and from the
 * storage version.
 */
export async function startConversionWebhook(options: {
  host?: string;
  port?: number;
  dnsNames?: string[];
  ipAddresses?: string[];
}): Promise<ConversionWebhook> {
  const ca = createCertificateAuthority('tsflux-webhook-ca');
  const serving: KeyPair = issueCertificate(ca, {
    commonName: 'tsflux-webhook',
    usage: 'server',
    dnsNames: ['localhost', ...(options.dnsNames ?? [])],
    ipAddresses: ['127.0.0.1', ...(options.ipAddresses ?? [])],
  });
  const server: Server = createServer({ cert: serving.cert, key: serving.key }, (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/healthz') return reply(200, { status: 'ok' });
    if (req.method !== 'POST' || !req.url?.startsWith('/convert'))
      return reply(404, { message: 'not found' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reply(413, { message: 'conversion review too large' });
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      let review: ConversionReview;
      try {
        review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConversionReview;
      } catch {
        return reply(400, { message: 'request body is not a JSON ConversionReview' });
      }
      reply(200, convert(review));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9443, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    caBundle: ca.cert,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Points every multi-version Flux CRD at the webhook (strategy Webhook, its CA bundle), so the
 * API server converts older versions through it. CRDs that are not installed are skipped.
 */
export async function patchCrdConversion(
  kube: KubeClient,
  target: WebhookTarget,
  caBundle: string,
): Promise<string[]> {
  const patched: string[] = [];
  const clientConfig =
    'url' in target
      ? { url: `${target.url.replace(/\/$/, '')}/convert`, service: null }
      : { service: { ...target.service, path: '/convert', port: target.service.port ?? 443 }, url: null };
  for (const k of kinds) {
    if (k.servedVersions.length < 2) continue;
    const name = `${k.plural}.${k.group}`;
    try {
      await kube.mergePatch(
        { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', name },
        {
          spec: {
            conversion: {
              strategy: 'Webhook',
              webhook: {
                conversionReviewVersions: ['v1'],
                clientConfig: { ...clientConfig, caBundle: Buffer.from(caBundle).toString('base64') },
              },
            },
          },
        },
      );
      patched.push(name);
    } catch (e: unknown) {
      if ((e as { status?: number }).status !== 404) throw e;
    }
  }
  return patched;
}
