/**
 * Makes a closed stdout or stderr end the process quietly: `tsflux install --export | head` closes
 * the pipe after a few lines, and a write after that fails with EPIPE, which node would otherwise
 * report as an unhandled error with a stack. The reader wanted no more output, so this is success.
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}
