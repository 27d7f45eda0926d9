import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { isConflict, isNotFound, type KubeClient, type ResourceRef, resourcePath } from '../kube/index.ts';
import { type Lease, leases, microTime } from './lease.ts';
import { LeaderElectionDefaults } from './options.ts';

/** How a {@link LeaderElector} competes for its Lease. */
export interface LeaderElectorOptions {
  namespace: string;
  /** The Lease name, e.g. `leaseName('source-controller')`. */
  name: string;
  /** Unique per process; default `<hostname>_<uuid>` as controller-runtime. */
  identity?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Give the Lease up on stop so a successor need not wait for it to expire (Flux does). */
  releaseOnCancel?: boolean;
  onNewLeader?(identity: string): void;
}

/**
 * Leader election over a coordination.k8s.io/v1 Lease, as client-go does it: a candidate takes the
 * Lease when it is free or its holder has not renewed for a lease duration (measured on this
 * process's clock from when it last saw the record change, so clock skew does not matter); the
 * leader renews every retry period and gives up when it could not renew within the renew deadline.
 * Writes carry the resourceVersion, so two candidates never both win.
 */
export class LeaderElector {
  readonly identity: string;
  private readonly kube: KubeClient;
  private readonly o: Required<Omit<LeaderElectorOptions, 'onNewLeader'>> &
    Pick<LeaderElectorOptions, 'onNewLeader'>;
  private observed?: string;
  private observedAt = 0;
  private leader = false;
  private lastHolder?: string;

  constructor(kube: KubeClient, options: LeaderElectorOptions) {
    this.kube = kube;
    this.identity = options.identity ?? `${hostname()}_${randomUUID()}`;
    this.o = {
      leaseDurationMs: LeaderElectionDefaults.leaseDurationMs,
      renewDeadlineMs: LeaderElectionDefaults.renewDeadlineMs,
      retryPeriodMs: LeaderElectionDefaults.retryPeriodMs,
      releaseOnCancel: true,
      identity: this.identity,
      ...options,
    };
    if (this.o.leaseDurationMs <= this.o.renewDeadlineMs)
      throw new Error('leaseDuration must be greater than renewDeadline');
  }

  /** True while this process holds the Lease. */
  isLeader(): boolean {
    return this.leader;
  }

  /**
   * Waits to become leader, runs `lead` with a signal that aborts when leadership is lost, and
   * resolves when leadership ends (lost, or `signal` aborted). Resolves `false` if it never led.
   */
  async run(signal: AbortSignal, lead: (leading: AbortSignal) => void | Promise<void>): Promise<boolean> {
    if (!(await this.acquire(signal))) return false;
    const leading = new AbortController();
    const work = Promise.resolve().then(() => lead(leading.signal));
    try {
      await this.renewLoop(signal);
    } finally {
      this.leader = false;
      leading.abort();
      await work.catch(() => {});
      if (signal.aborted && this.o.releaseOnCancel) await this.release().catch(() => {});
    }
    return true;
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew().catch(() => false)) {
        this.leader = true;
        return true;
      }
      try {
        // client-go jitters the retry by up to 20 %
        await sleep(this.o.retryPeriodMs * (1 + Math.random() * 0.2), undefined, { signal });
      } catch {
        return false;
      }
    }
    return false;
  }

  private async renewLoop(signal: AbortSignal): Promise<void> {
    let renewedAt = Date.now();
    while (!signal.aborted) {
      try {
        await sleep(this.o.retryPeriodMs, undefined, { signal });
      } catch {
        return;
      }
      const ok = await this.tryAcquireOrRenew().catch(() => false);
      if (ok) renewedAt = Date.now();
      else if (Date.now() - renewedAt > this.o.renewDeadlineMs || this.lastHolder !== this.identity) return;
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const ref = leases(this.o.namespace, this.o.name);
    const mine = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.o.leaseDurationMs / 1000),
      renewTime: microTime(now),
    };
    let current: Lease;
    try {
      current = await this.call<Lease>('GET', ref);
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
      await this.call('POST', leases(this.o.namespace), {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.o.name, namespace: this.o.namespace },
        spec: { ...mine, acquireTime: microTime(now), leaseTransitions: 0 },
      });
      this.see(this.identity, JSON.stringify(mine));
      return true;
    }
    const spec = current.spec ?? {};
    const record = JSON.stringify(spec);
    if (record !== this.observed) {
      this.observed = record;
      this.observedAt = Date.now();
    }
    const holder = spec.holderIdentity ?? '';
    this.see(holder);
    const held = holder !== '' && holder !== this.identity;
    const expiresAt = this.observedAt + (spec.leaseDurationSeconds ?? 0) * 1000;
    if (held && expiresAt > Date.now()) return false;
    const taking = holder !== this.identity;
    const next = {
      ...mine,
      acquireTime: taking ? microTime(now) : spec.acquireTime,
      leaseTransitions: (spec.leaseTransitions ?? 0) + (taking && holder !== '' ? 1 : 0),
    };
    try {
      const updated = await this.call<Lease>('PUT', ref, { ...current, spec: next });
      this.observed = JSON.stringify(updated.spec ?? {});
      this.observedAt = Date.now();
      this.see(this.identity);
      return true;
    } catch (e: unknown) {
      if (isConflict(e)) return false;
      throw e;
    }
  }

  // every call is bounded by the renew deadline, so a hung connection cannot keep a stale leader
  private call<T = unknown>(method: 'GET' | 'POST' | 'PUT', ref: ResourceRef, body?: unknown): Promise<T> {
    return this.kube.request<T>({ method, path: resourcePath(ref), body, timeoutMs: this.o.renewDeadlineMs });
  }

  private see(holder: string, record?: string): void {
    if (record !== undefined) {
      this.observed = record;
      this.observedAt = Date.now();
    }
    if (holder && holder !== this.lastHolder) this.o.onNewLeader?.(holder);
    this.lastHolder = holder;
  }

  /** Empties the Lease (holder '' and a 1 s duration) so the next candidate takes it at once. */
  private async release(): Promise<void> {
    const ref = leases(this.o.namespace, this.o.name);
    const current = await this.call<Lease>('GET', ref);
    if (current.spec?.holderIdentity !== this.identity) return;
    await this.call('PUT', ref, {
      ...current,
      spec: {
        ...current.spec,
        holderIdentity: '',
        leaseDurationSeconds: 1,
        renewTime: microTime(new Date()),
      },
    });
  }
}
