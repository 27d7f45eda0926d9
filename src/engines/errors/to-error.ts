/**
 * The one way to turn anything caught into an Error: `catch (e: unknown)` goes through here, and
 * `toError(e).message` is the message of whatever was thrown (an Error's own message, a thrown
 * string as is, anything else as JSON). It lives in the engines, the lowest layer every other
 * layer may import, so engines, the runtime, controllers and the CLI share it.
 */
export function toError(e: unknown): Error {
  if (e instanceof Error) return e;
  if (typeof e === 'string') return new Error(e);
  try {
    return new Error(JSON.stringify(e) ?? String(e));
  } catch {
    return new Error(String(e));
  }
}
