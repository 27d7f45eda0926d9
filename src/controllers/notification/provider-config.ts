import { parse as parseYaml } from 'yaml';
import { compileValue } from '../../engines/cel/index.ts';
import type { FluxEvent } from '../../runtime/events/index.ts';
import { redactor } from '../../runtime/logging/index.ts';
import type { ProxyConfig } from '../../runtime/oci/index.ts';
import { toError } from '../../runtime/reconcile/index.ts';
import { proxySettingsOf, readSecret, tlsMaterialOf } from '../../runtime/secrets/index.ts';
import type { AlertObject, ProviderObject } from './dispatch.ts';
import type { NotificationEnv } from './env.ts';
import {
  CommitStatusTypes,
  gitHubAppOf,
  needsAddress,
  type ProviderConfig,
  type Transport,
} from './providers/index.ts';

/**
 * Flux's default commit-status key: `<kind>/<name>/<first group of the Provider's UID>`, lower
 * case, so two clusters (two Providers) reporting on one commit keep separate statuses.
 */
export function defaultCommitStatus(providerUid: string, event: FluxEvent): string {
  const o = event.involvedObject;
  return `${o.kind ?? ''}/${o.name ?? ''}/${providerUid.split('-')[0]}`.toLowerCase();
}

/**
 * The commit-status key of a delivery: the Provider's `commitStatusExpr` (CEL over `event`,
 * `alert` and `provider`, which must give a string), or Flux's default key.
 */
export function commitStatusOf(provider: ProviderObject, alert: AlertObject, event: FluxEvent): string {
  const expr = provider.spec.commitStatusExpr;
  if (!expr) return defaultCommitStatus(provider.metadata?.uid ?? '', event);
  let value: unknown;
  try {
    value = compileValue(expr)({ event, alert, provider });
  } catch (e: unknown) {
    throw new Error(`failed to evaluate commitStatusExpr: ${toError(e).message}`);
  }
  if (typeof value !== 'string')
    throw new Error(`commitStatusExpr did not evaluate to a string, got ${typeof value}`);
  return value;
}

/**
 * The Provider's transport: `certSecretRef` (`ca.crt`, `tls.crt`/`tls.key`), and the proxy of
 * `proxySecretRef` (`address`, `username`, `password`), else the deprecated `spec.proxy`, else the
 * Secret's deprecated `proxy` key.
 */
async function transportOf(
  env: NotificationEnv,
  provider: ProviderObject,
  secretProxy: string | undefined,
): Promise<Transport | undefined> {
  const namespace = provider.metadata?.namespace ?? '';
  const transport: Transport = {};
  if (provider.spec.certSecretRef) {
    const name = provider.spec.certSecretRef.name;
    transport.tls = tlsMaterialOf(await readSecret(env.kube, namespace, name), `${namespace}/${name}`);
  }
  let proxy: ProxyConfig | undefined;
  if (provider.spec.proxySecretRef) {
    const name = provider.spec.proxySecretRef.name;
    proxy = proxySettingsOf(await readSecret(env.kube, namespace, name), `${namespace}/${name}`);
  } else if (provider.spec.proxy || secretProxy) {
    const url = new URL((provider.spec.proxy || secretProxy) ?? '');
    // credentials in a proxy URL travel as Proxy-Authorization, never in a request line
    proxy = {
      url: `${url.protocol}//${url.host}`,
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
    };
    if (proxy.password) redactor.addSecret(proxy.password);
  }
  if (proxy) transport.proxy = proxy;
  return transport.tls || transport.proxy ? transport : undefined;
}

/**
 * Resolves a Provider's delivery settings for one Alert's event: the spec, overridden by its
 * Secret's `address`, `token`, `username`, `password` and `headers` (a YAML map); its TLS and
 * proxy; the commit-status key for the commit-status types; and who is delivering (the Provider's
 * UID, the Alert). Every Secret value is registered with the redactor as it is read.
 */
export async function providerConfig(
  env: NotificationEnv,
  provider: ProviderObject,
  delivery?: { alert: AlertObject; event: FluxEvent },
): Promise<ProviderConfig> {
  const namespace = provider.metadata?.namespace ?? '';
  const config: ProviderConfig = {
    address: provider.spec.address ?? '',
    username: provider.spec.username,
    channel: provider.spec.channel,
    headers: {},
    providerUid: provider.metadata?.uid,
  };
  let secretProxy: string | undefined;
  if (provider.spec.secretRef) {
    const data = (await readSecret(env.kube, namespace, provider.spec.secretRef.name)).texts();
    if (data.address) config.address = data.address.trim();
    if (data.token) config.token = data.token.trim();
    if (data.username) config.username = data.username;
    if (data.password) config.password = data.password;
    if (data.proxy) secretProxy = data.proxy.trim();
    config.githubApp = gitHubAppOf(data);
    if (data.headers) {
      const parsed: unknown = parseYaml(data.headers);
      if (parsed && typeof parsed === 'object')
        for (const [k, v] of Object.entries(parsed)) {
          config.headers[k] = String(v);
          // header values are credentials more often than not (API keys)
          redactor.addSecret(config.headers[k]);
        }
      else throw new Error("failed to read headers from secret: 'headers' is not a map");
    }
  }
  if (!config.address && needsAddress(provider.spec.type)) throw new Error('provider has no address');
  config.transport = await transportOf(env, provider, secretProxy);
  if (delivery) {
    const { alert, event } = delivery;
    config.alert = {
      name: alert.metadata?.name ?? '',
      namespace: alert.metadata?.namespace ?? '',
      uid: alert.metadata?.uid ?? '',
    };
    if (CommitStatusTypes.has(provider.spec.type))
      config.commitStatus = commitStatusOf(provider, alert, event);
  }
  return config;
}
