import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type ConversionReview, convert, generateAllCRDs } from '../api/index.ts';
import { createCertificateAuthority, issueCertificate, type KeyPair } from '../engines/x509/index.ts';
import type { KubeClient, KubeObject } from '../runtime/kube/index.ts';
import { applyManifests } from './apply-manifests.ts';
import { crdLabelOptions } from './version.ts';

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
 * Applies every Flux CRD with its older versions served and converted through the webhook
 * (strategy Webhook, the webhook's CA bundle). Without a webhook the generated CRDs serve only the
 * storage version, so this is what turns the older versions on. The CRDs keep Flux's labels for
 * `namespace`: this apply shares `tsflux install`'s field manager, so a label left out here would
 * be removed from the cluster. Returns the CRDs applied.
 */
export async function applyCrdsWithConversion(
  kube: KubeClient,
  target: WebhookTarget,
  options: { caBundle: string; namespace: string },
): Promise<string[]> {
  const { caBundle } = options;
  const conversion =
    'url' in target
      ? { url: `${target.url.replace(/\/$/, '')}/convert`, caBundle }
      : { service: { ...target.service, path: '/convert', port: target.service.port ?? 443 }, caBundle };
  const crds = generateAllCRDs({
    conversion,
    fluxLabels: crdLabelOptions(options.namespace),
  }) as unknown as KubeObject[];
  await applyManifests(kube, crds, { fieldManager: 'tsflux' });
  return crds.map((c) => String(c.metadata?.name));
}
