/**
 * Cases that do not yet render byte-identical to `helm template`, with the reason. The suite runs
 * them and reports their state but does not fail on them, so CI stays green while the list
 * shrinks; a listed case that starts passing is reported so it can be removed from here.
 */
export const KNOWN_FAILING: Record<string, string> = {
  'alertmanager (default values)': 'sprig has no sha256sum yet (src/engines/sprig in progress)',
  'alertmanager -f ci/05-ingress-and-gateway-routes-values.yaml':
    'sprig has no sha256sum yet (src/engines/sprig in progress)',
  'alertmanager -f ci/config-reload-values.yaml':
    'sprig has no sha256sum yet (src/engines/sprig in progress)',
  'alertmanager -f ci/httproute-values.yaml': 'sprig has no sha256sum yet (src/engines/sprig in progress)',
  'alertmanager -f ci/ingress-labels-values.yaml':
    'sprig has no sha256sum yet (src/engines/sprig in progress)',
  'alertmanager -f ci/servicemonitor-values.yaml':
    'sprig has no sha256sum yet (src/engines/sprig in progress)',
  'kube-state-metrics (default values)': 'gotemplate does not parse `else if` yet',
  'kube-state-metrics -f ci/01-default-values.yaml': 'gotemplate does not parse `else if` yet',
  'kube-state-metrics -f ci/02-custom-resource-state-only-values.yaml':
    'gotemplate does not parse `else if` yet',
  'kube-state-metrics -f ci/03-servicemonitor-values.yaml': 'gotemplate does not parse `else if` yet',
  'kube-state-metrics -f ci/04-self-monitor-values.yaml': 'gotemplate does not parse `else if` yet',
  'podinfo (default values)': 'sprig has no sha256sum yet (src/engines/sprig in progress)',
  'prometheus-node-exporter (default values)': 'gotemplate does not parse `else if` yet',
  'prometheus-node-exporter -f ci/common-labels-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-node-exporter -f ci/default-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-node-exporter -f ci/distroless-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-node-exporter -f ci/kube-rbac-proxy-tlssecret-values.yaml':
    'gotemplate does not parse `else if` yet',
  'prometheus-node-exporter -f ci/networkpolicy-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-node-exporter -f ci/pod-labels-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-node-exporter -f ci/port-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-node-exporter -f ci/service-labels-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-node-exporter -f ci/serviceport-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway (default values)': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/automount-sa-token-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/basic-auth-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/default-sts-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/default-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/extraargs-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/extramanifests-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/extravars-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/httproute-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/lifecycle-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/persistence-sts-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/persistence-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/podlabels-sts-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/podlabels-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/resources-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/securitycontext-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/servicelabels-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/servicemonitor-basicauth-secret-values.yaml':
    'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/servicemonitor-basicauth-values.yaml':
    'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/servicemonitor-values.yaml': 'gotemplate does not parse `else if` yet',
  'prometheus-pushgateway -f ci/web-config-existing-secret-values.yaml':
    'gotemplate does not parse `else if` yet',
  'podinfo -f values-prod.yaml --set': 'sprig has no sha256sum yet (src/engines/sprig in progress)',
};
