import type { FluxEvent } from '../../../runtime/events/index.ts';
import type { ForgeCall } from './git-forge.ts';
import { ChangeRequestKey, markdownPost } from './markdown-post.ts';
import type { Notifier, ProviderConfig } from './notifier.ts';

/** One comment as a forge lists it: who wrote it and what it says. */
export interface ForgeComment {
  id: number | string;
  author: string;
  body: string;
}

/** What differs between the forges' comment APIs; the find-then-update-or-create flow is shared. */
export interface CommentForge {
  client(signal: AbortSignal): ForgeCall;
  /** The login the Provider's credentials act as: only its own comments are updated. */
  currentUser(call: ForgeCall, signal: AbortSignal): Promise<string>;
  /** The first page (100, oldest first) of the change request's comments. */
  list(call: ForgeCall, number: number): Promise<ForgeComment[]>;
  update(call: ForgeCall, number: number, id: number | string, body: string): Promise<void>;
  create(call: ForgeCall, number: number, body: string): Promise<void>;
}

/**
 * The hidden marker that identifies the comment of one Provider about one object, so the next
 * event about that object updates it instead of adding another: `<!-- <prefix>:<provider
 * uid>/<kind>/<namespace>/<name> -->`.
 */
export function commentMarker(prefix: string, providerUid: string, event: FluxEvent): string {
  const o = event.involvedObject;
  return `<!-- ${prefix}:${providerUid}/${o.kind ?? ''}/${o.namespace ?? ''}/${o.name ?? ''} -->`;
}

/** The change request number of the event (`event.toolkit.fluxcd.io/changeRequest`). */
export function changeRequestNumber(event: FluxEvent): number {
  const value = event.metadata?.[ChangeRequestKey];
  if (value === undefined) throw new Error(`missing "${ChangeRequestKey}" metadata key`);
  if (!/^[+-]?\d+$/.test(value)) throw new Error(`invalid "${ChangeRequestKey}" metadata value "${value}"`);
  return Number(value);
}

/**
 * The comment flow of the pull/merge-request comment providers, as Flux runs it: the Markdown
 * post under the marker, written over this user's earlier comment with the same marker (among
 * the first 100), or as a new comment.
 */
export function changeRequestCommentNotifier(
  config: ProviderConfig,
  prefix: string,
  forge: CommentForge,
): Notifier {
  if (!config.providerUid) throw new Error('provider UID cannot be empty');
  const uid = config.providerUid;
  return {
    post: async (event, signal) => {
      const marker = commentMarker(prefix, uid, event);
      const body = `${marker}\n\n${markdownPost(event)}`;
      const number = changeRequestNumber(event);
      const call = forge.client(signal);
      const user = await forge.currentUser(call, signal);
      const mine = (await forge.list(call, number)).find((c) => c.author === user && c.body.includes(marker));
      if (mine) await forge.update(call, number, mine.id, body);
      else await forge.create(call, number, body);
    },
  };
}
