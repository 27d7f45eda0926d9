import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Runs one CGI request: the request body goes to the program's stdin, its output is parsed as CGI
 * (headers, an optional `Status:` line, a blank line, then the body) and streamed to the response.
 */
export function runCgi(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const child = spawn(program, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {}); // the program may exit before reading everything (e.g. 403)
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const text = head.toString('latin1');
    const crlf = text.indexOf('\r\n\r\n');
    const lf = text.indexOf('\n\n');
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
    if (end < 0) return;
    let status = 200;
    for (const line of text.slice(0, end).split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.statusCode = status;
    headersSent = true;
    res.write(head.subarray(end));
  });
  child.on('error', (e) => {
    if (!res.headersSent) res.writeHead(500).end(`cgi ${program}: ${e.message}\n`);
  });
  child.on('close', (code) => {
    if (!headersSent) {
      if (!res.headersSent) res.writeHead(500);
      res.end(`cgi ${program} exited with ${code}: ${stderr}\n`);
      return;
    }
    res.end();
  });
}
