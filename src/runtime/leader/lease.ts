/** The fields of a coordination.k8s.io/v1 Lease that leader election reads and writes. */
export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** metav1.MicroTime as the API server serializes it: RFC 3339 with microseconds. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** The API path pieces of Leases. */
export const leases = (namespace: string, name?: string) => ({
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  namespace,
  name,
});
