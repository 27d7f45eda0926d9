/**
 * Wires the ArtifactGenerator controller (Flux's source-watcher) into the source controller's
 * process: one controller loop on the generators' informer, re-queued when a referenced source
 * gets a new artifact revision, with events under the component name `source-watcher`.
 */
import { ArtifactGeneratorSourceKinds } from '../../../api/source-extensions/v1beta1/index.ts';
import type { Informer } from '../../../runtime/cache/index.ts';
import {
  Controller,
  type ControllerOptions,
  fluxPrimary,
  type Predicate,
} from '../../../runtime/controller/index.ts';
import { EventPoster, EventRecorder, KubeEventRecorder } from '../../../runtime/events/index.ts';
import type { KubeObject } from '../../../runtime/kube/index.ts';
import type { SourceEnv } from '../common/source-env.ts';
import { reconcileGenerator } from './reconcile.ts';

type Generator = KubeObject & {
  spec?: { sources?: { kind: string; name: string; namespace?: string }[] };
};
type WithArtifact = KubeObject & { status?: { artifact?: { revision?: string } } };

const sourceIndex = 'artifactgenerator.sourceRef';

/** `Kind/namespace/name` of every source a generator references. */
function sourceKeys(gen: Generator): string[] {
  const ns = gen.metadata?.namespace ?? '';
  return (gen.spec?.sources ?? []).map((s) => `${s.kind}/${s.namespace || ns}/${s.name}`);
}

/** Passes source updates that bring a first or a different artifact revision. */
const newArtifactRevision: Predicate = {
  update: (old, obj) => {
    const next = (obj as WithArtifact).status?.artifact;
    if (!next) return false;
    return (old as WithArtifact).status?.artifact?.revision !== next.revision;
  },
};

/** Options of the generator controller besides the shared source environment. */
export type GeneratorControllerOptions = Pick<
  ControllerOptions,
  'concurrency' | 'logger' | 'queueMetrics' | 'observer'
>;

/** The generator controller and a flush of its event recorder (call it when stopping). */
export interface SourceWatcher {
  controller: Controller;
  flush(): Promise<void>;
}

/**
 * Builds the generator controller on the source controller's environment (same storage, client,
 * informers and retention) with its own event recorder named `source-watcher`.
 */
export function newSourceWatcher(
  env: SourceEnv,
  options: GeneratorControllerOptions & { eventsAddr?: string },
): SourceWatcher {
  const recorder = new EventRecorder({
    controller: 'source-watcher',
    kube: new KubeEventRecorder(env.kube, 'source-watcher', { ownBudget: true }),
    poster: options.eventsAddr ? new EventPoster(options.eventsAddr) : undefined,
  });
  const { eventsAddr: _, ...rest } = options;
  const controller = newArtifactGeneratorController({ ...env, recorder }, rest);
  return { controller, flush: () => recorder.close() };
}

/**
 * Builds the generator controller; `env.recorder` should record as `source-watcher`. The caller
 * starts and stops it with the other controllers.
 */
export function newArtifactGeneratorController(
  env: SourceEnv,
  options: GeneratorControllerOptions,
): Controller {
  const informer = env.informerOf<Generator>('ArtifactGenerator');
  const controller = new Controller({
    ...options,
    name: 'artifactgenerator',
    group: 'source.extensions.fluxcd.io',
    kind: 'ArtifactGenerator',
    informer,
    predicate: fluxPrimary,
    // the exit records gotk_reconcile_duration_seconds, as for every Flux kind
    reconciler: { reconcile: (req, ctx) => reconcileGenerator(env, req, ctx) },
  });
  informer.store.addIndex(sourceIndex, sourceKeys);
  for (const kind of ArtifactGeneratorSourceKinds) {
    let sources: Informer<WithArtifact>;
    try {
      sources = env.informerOf<WithArtifact>(kind);
    } catch {
      continue; // a process without that kind's informer cannot be watched for it
    }
    controller.watch(
      sources,
      (src) => {
        if (!(src as WithArtifact).status?.artifact) return [];
        const key = `${kind}/${src.metadata?.namespace ?? ''}/${src.metadata?.name ?? ''}`;
        return informer.store
          .byIndex(sourceIndex, key)
          .map((g) => `${g.metadata?.namespace}/${g.metadata?.name}`);
      },
      newArtifactRevision,
    );
  }
  return controller;
}
