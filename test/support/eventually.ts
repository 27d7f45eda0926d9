import { setTimeout as sleep } from 'node:timers/promises';
import { toError } from '../../src/engines/errors/index.ts';

/**
 * Polls `probe` until it returns without throwing (its value is returned), or fails with the last
 * error after `timeoutMs`. Tests wait with this, never with fixed sleeps.
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      return await probe();
    } catch (e: unknown) {
      last = e;
    }
    if (Date.now() > deadline) {
      const why = toError(last).message;
      throw new Error(
        `${options.what ?? 'condition'} not met after ${options.timeoutMs ?? 30_000} ms: ${why}`,
      );
    }
    await sleep(options.intervalMs ?? 200);
  }
}
