import type { FluxEvent } from '../../../runtime/events/index.ts';
import {
  type CommitStatus,
  commitHash,
  commitStatusKey,
  eventRevision,
  type ForgeCall,
} from './git-forge.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';
import { nameAndDescription } from './reason-words.ts';

/** What differs between the forges' commit-status APIs; the flow around them is shared. */
export interface CommitStatusForge {
  /** The forge's word for the event's outcome; throws for a severity it has none for. */
  state(event: FluxEvent): string;
  /** Whether the status is already set as it would be (then nothing is written). */
  isSet(call: ForgeCall, sha: string, status: CommitStatus): Promise<boolean>;
  create(call: ForgeCall, sha: string, status: CommitStatus): Promise<void>;
  /** The API client of one delivery. */
  client(signal: AbortSignal): ForgeCall;
  /** Gitea shows a progressing reconciliation as `pending`; the others skip it. */
  reportsProgressing?: boolean;
}

/** `info` and `error` in a forge's words; any other severity has none. */
export function severityState(forge: string, words: { info: string; error: string }) {
  return (event: FluxEvent): string => {
    if (event.severity === 'info') return words.info;
    if (event.severity === 'error') return words.error;
    throw new Error(`can't convert to ${forge} state`);
  };
}

/**
 * The commit-status flow every forge shares, as Flux runs it: skip a progressing event (but
 * where the forge shows it), read the commit from the event's `revision`, key the status with
 * the dispatcher's key, describe it by the reason, and write it only when the forge does not
 * already show the same state and description under that key.
 */
export function commitStatusNotifier(config: ProviderConfig, forge: CommitStatusForge): Notifier {
  const key = commitStatusKey(config);
  return {
    post: async (event, signal) => {
      if (event.reason === 'Progressing' && !forge.reportsProgressing) return;
      const sha = commitHash(eventRevision(event));
      const state = forge.state(event);
      const { name, description } = nameAndDescription(event);
      const status: CommitStatus = { key, state, name, description };
      const call = forge.client(signal);
      if (await forge.isSet(call, sha, status)) return;
      await forge.create(call, sha, status);
    },
  };
}
