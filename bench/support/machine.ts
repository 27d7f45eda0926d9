import { cpus, totalmem } from 'node:os';

/** One line naming the machine a benchmark ran on, printed with every result. */
export function machineLine(): string {
  const c = cpus();
  return `machine: ${c[0]?.model ?? 'unknown cpu'} x${c.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export async function rssMiB(pid: number): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}
