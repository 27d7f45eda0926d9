/** `1m05s`, `42s`: an elapsed time as a person reads it. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Wraps a progress log so that a long step (a line starting with "building" or "waiting for",
 * as the control-plane build and its lock print them) is repeated with its elapsed time every
 * `intervalMs` until the next line arrives: minutes of silence look like a hang. `stop` ends it.
 */
export function tickingLog(
  log: (line: string) => void,
  intervalMs = 30_000,
): { log: (line: string) => void; stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  return {
    log(line) {
      stop();
      log(line);
      if (!/^(building|waiting for)\b/.test(line)) return;
      const started = Date.now();
      const step = line.split(/[;(]/)[0].trim();
      timer = setInterval(
        () => log(`still ${step} (${formatElapsed(Date.now() - started)} elapsed)`),
        intervalMs,
      );
      timer.unref();
    },
    stop,
  };
}
