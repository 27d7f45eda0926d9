/** Output buffer that tracks the column the way libyaml does (one per character). */
export class Writer {
  out = '';
  column = 0;
  /** Set right after a line break inside a scalar: the next line needs only its indent. */
  private afterBreak = false;

  /** Writes ASCII text (indicators, escapes, indentation): one column per UTF-16 unit. */
  put(text: string): void {
    this.out += text;
    this.column += text.length;
    this.afterBreak = false;
  }

  /** Writes one character of a scalar, whatever its UTF-16 length: one column. */
  putChar(c: string): void {
    this.out += c;
    this.column += 1;
    this.afterBreak = false;
  }

  /** Writes a line break character of a scalar (a newline or a Unicode separator) as it is. */
  lineBreak(c: string): void {
    this.out += c;
    this.column = 0;
    this.afterBreak = true;
  }

  /** Starts a line at `indent`; after a scalar's own line break libyaml only indents. */
  newline(indent: number): void {
    if (!(this.afterBreak && this.column <= indent)) {
      this.out += '\n';
      this.column = 0;
    }
    this.out += ' '.repeat(indent - this.column);
    this.column = indent;
    this.afterBreak = false;
  }

  /** Ends the document: libyaml breaks the line unless a block scalar's own break just ended it. */
  endDocument(): string {
    if (!(this.afterBreak && this.column === 0)) this.out += '\n';
    // V8 keeps a string built one character at a time as a tree of pieces; reading a character
    // flattens it once here, so joining thousands of documents later stays cheap (and collectable)
    this.out.endsWith('\n');
    return this.out;
  }
}
