/**
 * Removes secrets from text before it reaches a log line, an event or a condition message:
 * credentials in URLs (`https://user:pass@host`), bearer and basic authorization values, PEM
 * private keys, `password=`/`token=`-style pairs, and any value registered with {@link addSecret}
 * (e.g. the data of Secrets a controller read).
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a literal that must never appear; values shorter than 4 characters are ignored (too common). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  /** The text with every secret replaced by `***`. */
  redact(text: string): string {
    let out = text
      .replace(
        /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----/g,
        '***',
      )
      .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, '$1***:***@')
      .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 ***')
      .replace(
        // a key of its own, not the end of a name (`app-secret': failed` is a message, not a pair)
        /(?<![\w./-])(password|passwd|token|secret|apikey|api_key|access_key|secret_key)(["']?\s*[=:]\s*["']?)[^\s"',&}]+/gi,
        '$1$2***',
      );
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }
}

/** The process-wide redactor every logger, event recorder and condition writer should share. */
export const redactor = new Redactor();
