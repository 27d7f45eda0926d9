/**
 * The health of any Kubernetes object, computed from the object alone with the rules of
 * kstatus (sigs.k8s.io/cli-utils): the vocabulary Flux uses to decide whether what it applied is
 * ready. Pure: the caller brings the object (from a watch event or a get).
 */

/** kstatus's statuses. */
export const Status = {
  InProgress: 'InProgress',
  Failed: 'Failed',
  Current: 'Current',
  Terminating: 'Terminating',
  NotFound: 'NotFound',
  Unknown: 'Unknown',
} as const;
export type Status = (typeof Status)[keyof typeof Status];

/** The computed status of one object with a message saying why. */
export interface StatusResult {
  status: Status;
  message: string;
}

/** The minimal shape of an object kstatus reads. */
export interface ObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; generation?: number; deletionTimestamp?: string };
  spec?: Record<string, any>;
  status?: Record<string, any>;
}

interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const conditions = (o: ObjectLike): Cond[] =>
  Array.isArray(o.status?.conditions) ? o.status.conditions : [];
const cond = (o: ObjectLike, type: string) => conditions(o).find((c) => c.type === type);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' ? v : fallback);
const inProgress = (message: string): StatusResult => ({ status: Status.InProgress, message });
const current = (message: string): StatusResult => ({ status: Status.Current, message });
const failed = (message: string): StatusResult => ({ status: Status.Failed, message });

/** Rules every object goes through first: deletion, observed generation, Reconciling/Stalled. */
function generic(o: ObjectLike): StatusResult | undefined {
  if (o.metadata?.deletionTimestamp)
    return { status: Status.Terminating, message: 'Resource scheduled for deletion' };
  const observed = o.status?.observedGeneration;
  const generation = o.metadata?.generation;
  if (typeof observed === 'number' && typeof generation === 'number' && observed !== generation) {
    return inProgress(`${o.kind} generation is ${generation}, but latest observed generation is ${observed}`);
  }
  const reconciling = cond(o, 'Reconciling');
  if (reconciling?.status === 'True')
    return inProgress(reconciling.message || 'Resource is being reconciled');
  const stalled = cond(o, 'Stalled');
  if (stalled?.status === 'True') return failed(stalled.message || 'Resource is stalled');
  return undefined;
}

function deployment(o: ObjectLike): StatusResult {
  const spec = num(o.spec?.replicas, 1);
  const s = o.status ?? {};
  // without a progress deadline the controller never sets Progressing, so it cannot be required
  const deadline = o.spec?.progressDeadlineSeconds;
  let progressing = deadline === undefined || deadline === 2147483647;
  let available = false;
  for (const c of conditions(o)) {
    if (c.type === 'Progressing') {
      if (c.reason === 'ProgressDeadlineExceeded') return failed('Progress deadline exceeded');
      if (c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    }
    if (c.type === 'Available' && c.status === 'True') available = true;
  }
  const replicas = num(s.replicas);
  const updated = num(s.updatedReplicas);
  if (spec > replicas) return inProgress(`replicas: ${replicas}/${spec}`);
  if (spec > updated) return inProgress(`Updated: ${updated}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  if (updated > num(s.availableReplicas))
    return inProgress(`Available: ${num(s.availableReplicas)}/${updated}`);
  if (spec > num(s.readyReplicas)) return inProgress(`Ready: ${num(s.readyReplicas)}/${spec}`);
  if (!progressing) return inProgress('ReplicaSet not Available');
  if (!available) return inProgress('Deployment not Available');
  return current(`Deployment is available. Replicas: ${replicas}`);
}

function statefulSet(o: ObjectLike): StatusResult {
  const spec = num(o.spec?.replicas, 1);
  const s = o.status ?? {};
  const strategy = o.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate') return current(`StatefulSet is using the ${strategy} update strategy`);
  if (spec > num(s.replicas)) return inProgress(`Replicas: ${num(s.replicas)}/${spec}`);
  if (spec > num(s.readyReplicas)) return inProgress(`Ready: ${num(s.readyReplicas)}/${spec}`);
  if (spec > num(s.currentReplicas)) return inProgress(`Current: ${num(s.currentReplicas)}/${spec}`);
  const partition = num(o.spec?.updateStrategy?.rollingUpdate?.partition, -1);
  if (partition >= 0) {
    const wanted = spec - partition;
    if (num(s.updatedReplicas) < wanted) return inProgress(`updated: ${num(s.updatedReplicas)}/${wanted}`);
    return current(`Partitioned roll out complete. updated: ${num(s.updatedReplicas)}/${wanted}`);
  }
  if (s.updateRevision && s.currentRevision !== s.updateRevision)
    return inProgress(`Waiting for updated revision ${s.updateRevision}`);
  return current(`All replicas scheduled as expected. Replicas: ${num(s.replicas)}`);
}

function daemonSet(o: ObjectLike): StatusResult {
  const s = o.status ?? {};
  const desired = num(s.desiredNumberScheduled);
  if (s.desiredNumberScheduled === undefined) return inProgress('Missing .status.desiredNumberScheduled');
  if (desired > num(s.currentNumberScheduled))
    return inProgress(`Current: ${num(s.currentNumberScheduled)}/${desired}`);
  if (desired > num(s.updatedNumberScheduled))
    return inProgress(`Updated: ${num(s.updatedNumberScheduled)}/${desired}`);
  if (desired > num(s.numberAvailable)) return inProgress(`Available: ${num(s.numberAvailable)}/${desired}`);
  if (desired > num(s.numberReady)) return inProgress(`Ready: ${num(s.numberReady)}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function replicaSet(o: ObjectLike): StatusResult {
  const spec = num(o.spec?.replicas, 1);
  const s = o.status ?? {};
  const failure = cond(o, 'ReplicaFailure');
  if (failure?.status === 'True') return inProgress('Replica Failure condition. Check Pods');
  if (spec > num(s.fullyLabeledReplicas))
    return inProgress(`Labelled: ${num(s.fullyLabeledReplicas)}/${spec}`);
  if (spec > num(s.availableReplicas)) return inProgress(`Available: ${num(s.availableReplicas)}/${spec}`);
  if (spec > num(s.readyReplicas)) return inProgress(`Ready: ${num(s.readyReplicas)}/${spec}`);
  if (num(s.replicas) > spec) return inProgress(`Pending termination: ${num(s.replicas) - spec}`);
  return current(`ReplicaSet is available. Replicas: ${num(s.replicas)}`);
}

function pod(o: ObjectLike): StatusResult {
  const phase = o.status?.phase;
  if (phase === 'Succeeded') return current('Pod has completed successfully');
  if (phase === 'Failed') return failed('Pod has completed, but not successfully');
  if (cond(o, 'Ready')?.status === 'True') return current('Pod is Ready');
  for (const cs of (o.status?.containerStatuses ?? []) as { state?: { waiting?: { reason?: string } } }[]) {
    if (cs.state?.waiting?.reason === 'CrashLoopBackOff') return failed('Pod is in CrashLoopBackOff');
    if (cs.state?.waiting?.reason === 'ImagePullBackOff' || cs.state?.waiting?.reason === 'ErrImagePull') {
      return inProgress(`Pod is waiting: ${cs.state.waiting.reason}`);
    }
  }
  const scheduled = cond(o, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable')
    return inProgress('Pod could not be scheduled');
  return inProgress(phase === 'Running' ? 'Pod is running but not ready' : 'Pod is not Ready');
}

function job(o: ObjectLike): StatusResult {
  const s = o.status ?? {};
  for (const c of conditions(o)) {
    if (c.type === 'Complete' && c.status === 'True')
      return current(`Job Completed. succeeded: ${num(s.succeeded)}/${num(o.spec?.completions, 1)}`);
    if (c.type === 'Failed' && c.status === 'True')
      return failed(`Job Failed. failed: ${num(s.failed)}/${num(o.spec?.backoffLimit, 6)}`);
  }
  if (!s.startTime) return inProgress('Job not started');
  return inProgress(
    `Job in progress. success:${num(s.succeeded)}, active: ${num(s.active)}, failed: ${num(s.failed)}`,
  );
}

function pvc(o: ObjectLike): StatusResult {
  const phase = o.status?.phase;
  return phase === 'Bound' ? current('PVC is Bound') : inProgress(`PVC is not Bound. phase: ${phase ?? ''}`);
}

function service(o: ObjectLike): StatusResult {
  if (o.spec?.type === 'LoadBalancer' && !(o.status?.loadBalancer?.ingress?.length > 0))
    return inProgress('Pending external IP');
  return current('Service is ready');
}

function crd(o: ObjectLike): StatusResult {
  for (const c of conditions(o)) {
    if (c.type === 'NamesAccepted' && c.status === 'False')
      return failed(`CRD is not accepted: ${c.message ?? ''}`.trim());
    if (c.type === 'Established') {
      if (c.status === 'True') return current('CRD is established');
      return inProgress('CRD is not established');
    }
  }
  return inProgress('Install in progress');
}

function pdb(o: ObjectLike): StatusResult {
  const s = o.status ?? {};
  if (num(s.currentHealthy) < num(s.desiredHealthy))
    return inProgress(`Budget not met. healthy replicas: ${num(s.currentHealthy)}/${num(s.desiredHealthy)}`);
  return current(`AllowedDisruptions: ${num(s.disruptionsAllowed)}`);
}

/**
 * Objects reporting a Ready condition (every Flux kind and most controllers' kinds): current when
 * Ready is True for the latest generation, in progress otherwise.
 */
function readyCondition(o: ObjectLike): StatusResult | undefined {
  const ready = cond(o, 'Ready') as (Cond & { observedGeneration?: number }) | undefined;
  if (!ready) return undefined;
  if (
    ready.observedGeneration !== undefined &&
    o.metadata?.generation !== undefined &&
    ready.observedGeneration !== o.metadata.generation
  ) {
    return inProgress('Ready condition is for an older generation');
  }
  if (ready.status === 'True') return current(ready.message || 'Resource is Ready');
  return inProgress(ready.message || `Ready condition is ${ready.status}`);
}

const byKind: Record<string, (o: ObjectLike) => StatusResult> = {
  'apps/Deployment': deployment,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'apps/ReplicaSet': replicaSet,
  '/Pod': pod,
  'batch/Job': job,
  '/PersistentVolumeClaim': pvc,
  '/Service': service,
  'apiextensions.k8s.io/CustomResourceDefinition': crd,
  'policy/PodDisruptionBudget': pdb,
};

/**
 * Computes the kstatus status of an object: generic rules first (deletion, observed generation,
 * Reconciling and Stalled conditions), then the rules of its kind, then a Ready condition if it has
 * one; any other object that exists is Current.
 */
export function computeStatus(o: ObjectLike | undefined): StatusResult {
  if (!o) return { status: Status.NotFound, message: 'Resource not found' };
  const g = generic(o);
  if (g) return g;
  const group = (o.apiVersion ?? '').includes('/') ? (o.apiVersion ?? '').split('/')[0] : '';
  const rule = byKind[`${group}/${o.kind}`];
  if (rule) return rule(o);
  return readyCondition(o) ?? current('Resource is current');
}
