/** A CDEvents `context.type`: `dev.cdevents.<subject>.<predicate>.<version>`. */
const cdeventType = /^dev\.cdevents\.[a-z]+\.[a-z]+\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks that a body is a CDEvent (spec v0.4): a `context` with `specversion`, `id`, `source`, a
 * `dev.cdevents.*` `type` and an RFC 3339 `timestamp`, and a `subject` with an `id` and a
 * `content` object. Flux validates against each event type's full JSON schema through the
 * CDEvents SDK; this checks the envelope every type shares, not each type's own content fields.
 */
export function validateCdevent(body: Buffer): void {
  let event: unknown;
  try {
    event = JSON.parse(body.toString('utf8'));
  } catch (e: unknown) {
    throw new Error('unable to validate CDEvent event: body is not JSON', { cause: e });
  }
  const fail = (why: string) => new Error(`unable to validate CDEvent event: ${why}`);
  if (!isObject(event) || !isObject(event.context)) throw fail("missing 'context'");
  const c = event.context;
  for (const k of ['specversion', 'id', 'source', 'type', 'timestamp'])
    if (typeof c[k] !== 'string' || !c[k]) throw fail(`missing 'context.${k}'`);
  if (!cdeventType.test(c.type as string)) throw fail(`unknown event type '${c.type}'`);
  if (Number.isNaN(Date.parse(c.timestamp as string))) throw fail(`invalid 'context.timestamp'`);
  if (!isObject(event.subject) || typeof event.subject.id !== 'string' || !isObject(event.subject.content))
    throw fail("'subject' needs an 'id' and a 'content' object");
}
